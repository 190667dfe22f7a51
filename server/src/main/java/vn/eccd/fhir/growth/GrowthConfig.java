package vn.eccd.fhir.growth;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;
import vn.eccd.fhir.config.FhirServerCustomizer;

/**
 * Growth capability: the WHO z-score engine, the {@code $growth-zscore} and {@code Patient/$growth} operations,
 * the derivation of z-scores and nutrition status on write (storage interceptors), and the growth chart.
 */
@Configuration(proxyBeanMethods = false)
public class GrowthConfig {

	@Bean
	public WhoGrowthCalculator whoGrowthCalculator() {
		return new WhoGrowthCalculator(WhoGrowthTables.get());
	}

	/**
	 * Cut-offs of the classification: {@code eccd.growth.nutrition-status-rules} (a Spring resource location,
	 * e.g. file:/etc/eccd/nutrition-status-rules.csv); empty = the table shipped in the terminology module.
	 */
	@Bean
	public NutritionClassifier nutritionClassifier(
			@Value("${eccd.growth.nutrition-status-rules:}") String rulesLocation) throws IOException {
		if (!StringUtils.hasText(rulesLocation)) {
			return NutritionClassifier.fromClasspath();
		}
		Resource resource = new DefaultResourceLoader().getResource(rulesLocation);
		try (InputStream in = resource.getInputStream()) {
			return NutritionClassifier.parse(in, rulesLocation);
		}
	}

	@Bean
	public GrowthDerivation growthDerivation(WhoGrowthCalculator calculator, NutritionClassifier classifier) {
		return new GrowthDerivation(calculator, classifier);
	}

	@Bean
	public GrowthDerivationService growthDerivationService(DaoRegistry daoRegistry, GrowthDerivation derivation,
			IIdHelperService<JpaPid> idHelper) {
		return new GrowthDerivationService(daoRegistry, derivation, idHelper);
	}

	@Bean
	public DerivationTiming derivationTiming(io.micrometer.core.instrument.MeterRegistry meterRegistry) {
		return new DerivationTiming(meterRegistry);
	}

	@Bean
	public GrowthDerivationInterceptor growthDerivationInterceptor(GrowthDerivationService service, DerivationTiming timing) {
		return new GrowthDerivationInterceptor(service, timing);
	}

	@Bean
	public DerivedResourceGuardInterceptor derivedResourceGuardInterceptor() {
		return new DerivedResourceGuardInterceptor();
	}

	/** Storage hooks go on HAPI's interceptor service so that every write path derives (not only REST). */
	@Bean
	public InitializingBean growthStorageInterceptorRegistration(IInterceptorService interceptorService,
			GrowthDerivationInterceptor derivationInterceptor, DerivedResourceGuardInterceptor guard) {
		return () -> {
			interceptorService.registerInterceptor(guard);
			interceptorService.registerInterceptor(derivationInterceptor);
		};
	}

	@Bean
	public GrowthZScoreOperationProvider growthZScoreOperationProvider(WhoGrowthCalculator calculator) {
		return new GrowthZScoreOperationProvider(calculator);
	}

	@Bean
	public PatientGrowthOperationProvider patientGrowthOperationProvider(DaoRegistry daoRegistry,
			GrowthDerivationService service) {
		return new PatientGrowthOperationProvider(daoRegistry, service);
	}

	@Bean
	public FhirServerCustomizer growthFhirServerCustomizer(GrowthZScoreOperationProvider zScoreProvider,
			PatientGrowthOperationProvider patientGrowthProvider, DerivationTiming timing) {
		return server -> {
			server.registerInterceptor(timing);
			server.registerProvider(zScoreProvider);
			server.registerProvider(patientGrowthProvider);
		};
	}
}
