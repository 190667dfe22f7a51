package vn.eccd.fhir.immunization;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.eccd.fhir.config.FhirServerCustomizer;

/**
 * Immunization capability: the schedule data (read and checked at start-up: a broken data file stops the
 * server), the engine, {@code Patient/$immds-forecast} and the vaccination card.
 */
@Configuration(proxyBeanMethods = false)
public class ImmunizationConfig {

	@Bean
	public ScheduleCatalog immunizationScheduleCatalog(ImmunizationProperties properties) {
		ScheduleCatalog catalog = ScheduleCatalog.loadFromClasspath();
		if (!catalog.fullImmunizationDefinitions().containsKey(properties.fullImmunizationDefinition())) {
			throw new IllegalStateException("eccd.immunization.full-immunization-definition="
					+ properties.fullImmunizationDefinition() + " is not one of " + catalog.fullImmunizationDefinitions().keySet());
		}
		return catalog;
	}

	@Bean
	public ImmunizationEngine immunizationEngine(ScheduleCatalog immunizationScheduleCatalog) {
		return new ImmunizationEngine(immunizationScheduleCatalog);
	}

	/** Dose validity by vaccine product, as indicators count it (the flattened table's dose_valid). */
	@Bean
	public ProductDoseRules productDoseRules(ScheduleCatalog immunizationScheduleCatalog) {
		return ProductDoseRules.from(immunizationScheduleCatalog);
	}

	@Bean
	public PatientImmunizationService patientImmunizationService(DaoRegistry daoRegistry, ImmunizationEngine engine,
			ImmunizationProperties properties) {
		return new PatientImmunizationService(daoRegistry, engine, properties);
	}

	@Bean
	public FhirServerCustomizer immunizationForecastOperation(PatientImmunizationService service) {
		return server -> server.registerProvider(new ImmunizationForecastProvider(service));
	}
}
