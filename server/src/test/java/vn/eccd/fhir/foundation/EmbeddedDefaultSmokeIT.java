package vn.eccd.fhir.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.eccd.fhir.EccdFhirServerApplication;
import vn.eccd.fhir.support.TestData;

/**
 * The newcomer's path: nothing configured but a data folder, so the embedded H2 file database is used
 * (application.yaml's default URL, pointed into target/ here so runs don't leave files in the repo).
 */
@SpringBootTest(classes = EccdFhirServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:file:./target/embedded-smoke/eccd-fhir-${random.uuid};DB_CLOSE_ON_EXIT=FALSE;MODE=LEGACY")
class EmbeddedDefaultSmokeIT {

	@LocalServerPort
	int port;

	@Test
	void theEmbeddedDefaultServesFhir() {
		FhirContext fhir = FhirContext.forR4Cached();
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		IGenericClient client = fhir.newRestfulGenericClient("http://localhost:" + port + "/fhir");

		CapabilityStatement capability = client.capabilities().ofType(CapabilityStatement.class).execute();
		IdType id = (IdType) client.create().resource(TestData.child("Ngô", "Bảo Châu", AdministrativeGender.FEMALE,
				"2023-07-07", TestData.COMMUNE_MUONG_LAT, "Xã Mường Lát")).execute().getId();
		Patient read = client.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute();

		assertThat(capability.getFhirVersion().toCode()).isEqualTo("4.0.1");
		assertThat(read.getNameFirstRep().getNameAsSingleString()).contains("Ngô");
	}
}
