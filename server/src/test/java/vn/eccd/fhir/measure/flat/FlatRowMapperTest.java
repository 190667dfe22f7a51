package vn.eccd.fhir.measure.flat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.support.TestData;

class FlatRowMapperTest {

	@Test
	void childRowTakesTheHomeCommuneOfThe2025ListAndTheEthnicity() {
		Patient child = TestData.child("Lò", "Thị Hoa", AdministrativeGender.FEMALE, "2024-03-01", TestData.COMMUNE_MUONG_LAT, "Xã Mường Lát");
		child.setId("Patient/42/_history/3");
		child.getExtensionByUrl(TestData.EXT_ETHNICITY).setValue(new Coding(TestData.CS_ETHNICITY, "03", "Thái"));
		// a temporary address and a pre-2025 code come first and must be skipped
		Address temp = TestData.commune(TestData.COMMUNE_HAM_RONG, "Phường Hàm Rồng").setUse(Address.AddressUse.TEMP);
		child.getAddress().add(0, temp);
		child.setManagingOrganization(new Reference("Organization/7"));
		child.setDeceased(new BooleanType(false));

		FlatRows.PatientRow row = FlatRowMapper.patient(child);

		assertThat(row).isEqualTo(new FlatRows.PatientRow("42", LocalDate.of(2024, 3, 1), "female", "03",
				TestData.COMMUNE_MUONG_LAT, "7", false, null));
	}

	@Test
	void aDateOfDeathIsKeptAsTheCalendarDateAsWritten() {
		Patient child = TestData.child("Cầm", "Văn Hùng", AdministrativeGender.MALE, "2024-05-20", TestData.COMMUNE_MUONG_LAT, "Xã Mường Lát");
		child.setId("Patient/43");
		child.setDeceased(new DateTimeType("2024-11-03T23:40:00+07:00"));

		FlatRows.PatientRow row = FlatRowMapper.patient(child);

		assertThat(row.deceased()).isTrue();
		assertThat(row.deceasedDate()).isEqualTo(LocalDate.of(2024, 11, 3));
		child.setDeceased(new BooleanType(true));
		assertThat(FlatRowMapper.patient(child).deceasedDate()).isNull();
		assertThat(FlatRowMapper.patient(child).deceased()).isTrue();
	}

	@Test
	void childWithoutCommuneOrEthnicityStillGetsARow() {
		Patient child = new Patient();
		child.setId("9");
		child.setGender(AdministrativeGender.MALE);
		FlatRows.PatientRow row = FlatRowMapper.patient(child);
		assertThat(row).isEqualTo(new FlatRows.PatientRow("9", null, "male", null, null, null, null, null));
	}

	@Test
	void immunizationRowKeepsTheLocalDateAndIgnoresOtherCodeSystems() {
		Immunization dose = new Immunization();
		dose.setId("100");
		dose.setStatus(Immunization.ImmunizationStatus.COMPLETED);
		dose.getVaccineCode().addCoding().setSystem("http://hl7.org/fhir/sid/cvx").setCode("19");
		dose.getVaccineCode().addCoding().setSystem(FhirRepresentation.CS_EPI_VACCINE).setCode("bcg");
		dose.setPatient(new Reference("Patient/42"));
		dose.setOccurrence(new DateTimeType("2024-03-02T23:30:00+07:00"));
		dose.addPerformer().setActor(new Reference("Organization/7"));

		assertThat(FlatRowMapper.immunization(dose)).isEqualTo(new FlatRows.ImmunizationRow("100", "42", "bcg",
				LocalDate.of(2024, 3, 2), "completed", null, "7"));

		dose.getVaccineCode().getCoding().remove(1);
		assertThat(FlatRowMapper.immunization(dose)).isNull();
	}
}
