package vn.eccd.fhir.measure.flat;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the flattened-table interceptor on HAPI's storage interceptor service. */
@Configuration(proxyBeanMethods = false)
public class FlatTableConfig {

	@Bean
	public FlatTableInterceptor flatTableInterceptor(FlatTableWriter writer, FlatRowsAtCommit atCommit,
			IInterceptorService interceptorService) {
		FlatTableInterceptor interceptor = new FlatTableInterceptor(writer, atCommit);
		interceptorService.registerInterceptor(interceptor);
		return interceptor;
	}
}
