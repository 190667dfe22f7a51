package ca.uhn.fhir.jpa.dao;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.model.entity.ResourceEncodingEnum;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.support.LibraryVersion;

/**
 * The faster calculator must give exactly HAPI's result (text, encoding and SHA-256): stored hashes decide whether
 * an update is a new version, and databases hold hashes HAPI's own class computed.
 */
class BulkHashingResourceHistoryCalculatorTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private final ResourceHistoryCalculator hapi = new ResourceHistoryCalculator(FHIR, false);
	private final ResourceHistoryCalculator ours = new BulkHashingResourceHistoryCalculator(FHIR, false);

	@Test
	void givesHapisTextEncodingAndHashForVietnameseRecords() {
		Patient child = new Patient();
		child.setId("Patient/child-1");
		child.addName().setFamily("Nguyễn").addGiven("Thị Ánh Tuyết");
		child.addName().setFamily("Lò").addGiven("Văn Pả"); // Thái name
		child.addName().setText("𡨸喃 (chữ Nôm, outside the Basic Multilingual Plane)");
		child.setGender(AdministrativeGender.FEMALE);
		child.getBirthDateElement().setValueAsString("2023-03-14");
		Observation weight = new Observation();
		weight.setId("Observation/w-1");
		weight.setStatus(Observation.ObservationStatus.FINAL);
		weight.getCode().addCoding().setSystem("http://loinc.org").setCode("29463-7").setDisplay("Cân nặng");
		weight.setSubject(new Reference("Patient/child-1"));
		weight.setValue(new Quantity().setValue(6.4).setUnit("kg").setSystem("http://unitsofmeasure.org").setCode("kg"));
		Patient empty = new Patient();

		for (IBaseResource resource : List.of(child, weight, empty)) {
			ResourceHistoryState expected = hapi.calculateResourceHistoryState(resource, ResourceEncodingEnum.JSON, List.of());
			ResourceHistoryState actual = ours.calculateResourceHistoryState(resource, ResourceEncodingEnum.JSON, List.of());
			assertThat(actual.getHashCode()).isEqualTo(expected.getHashCode());
			assertThat(actual.getResourceText()).isEqualTo(expected.getResourceText());
			assertThat(actual.getResourceBinary()).isEqualTo(expected.getResourceBinary());
			assertThat(actual.getEncoding()).isEqualTo(expected.getEncoding());
		}
	}

	@Test
	void differentContentGivesADifferentHash() {
		Patient a = new Patient();
		a.addName().setFamily("Trần");
		Patient b = new Patient();
		b.addName().setFamily("Tran");
		assertThat(ours.calculateResourceHistoryState(a, ResourceEncodingEnum.JSON, List.of()).getHashCode())
				.isNotEqualTo(ours.calculateResourceHistoryState(b, ResourceEncodingEnum.JSON, List.of()).getHashCode());
	}

	@Test
	void hapiIsTheVersionTheReplacementWasCheckedAgainst() {
		assertThat(LibraryVersion.of("ca.uhn.hapi.fhir", "hapi-fhir-jpaserver-base"))
				.as("HAPI FHIR was upgraded: compare BulkHashingResourceHistoryCalculator with the new "
						+ "ResourceHistoryCalculator (keep it in step, or delete it if upstream now hashes the bytes at once)")
				.isEqualTo(BulkHashingResourceHistoryCalculator.REPLACES_HAPI_VERSION);
	}
}
