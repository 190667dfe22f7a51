package vn.eccd.fhir.measure.flat;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the interceptor of the {@link FlatTableSet} beans on HAPI's storage interceptor service. */
@Configuration(proxyBeanMethods = false)
public class FlatTableSetConfig {

	@Bean
	public FlatTableSetInterceptor flatTableSetInterceptor(List<FlatTableSet> sets, FlatRowsAtCommit atCommit,
			IInterceptorService interceptorService) {
		FlatTableSetInterceptor interceptor = new FlatTableSetInterceptor(sets, atCommit);
		interceptorService.registerInterceptor(interceptor);
		return interceptor;
	}
}
