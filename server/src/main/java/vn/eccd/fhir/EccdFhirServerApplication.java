package vn.eccd.fhir;

import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The ECCD FHIR server: HAPI FHIR's JPA server (R4) inside a Spring Boot application.
 *
 * <p>HAPI's own configuration classes provide the DAOs, search, terminology and batch machinery; our
 * configuration (package {@code vn.eccd.fhir.config}) supplies storage settings, the entity manager and the
 * REST servlet, and each capability package adds its interceptors and operations.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({
	JpaR4Config.class,
	HapiJpaConfig.class,
	ThreadPoolFactoryConfig.class,
	// in-process message broker: batch jobs (bulk export, reindex) and, later, subscriptions
	SubscriptionChannelConfig.class,
	JpaBatch2Config.class,
	Batch2JobsConfig.class
})
public class EccdFhirServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(EccdFhirServerApplication.class, args);
	}
}
