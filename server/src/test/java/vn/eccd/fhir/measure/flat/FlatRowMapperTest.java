package vn.eccd.fhir.measure.flat;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
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

	@Test
	void derivedZScoreRowCarriesTheValueAndWhosFlagOnTheDateAsWritten() {
		Observation z = new Observation();
		z.setId("Observation/gz-0a1b2c-wfa/_history/2");
		z.setStatus(Observation.ObservationStatus.FINAL);
		z.getCode().addCoding().setSystem("https://fhir.eccd.vn/CodeSystem/growth-indicator").setCode("weight-for-age");
		z.setSubject(new Reference("Patient/42"));
		z.setEffective(new DateTimeType("2025-11-17T23:30:00+07:00")); // 16:30 UTC: the visit is still the 17th
		z.setValue(new Quantity().setValue(new BigDecimal("6.12")).setUnit("SD").setCode("{SD}"));
		z.addInterpretation().addCoding().setSystem("https://fhir.eccd.vn/CodeSystem/growth-indicator").setCode("implausible");

		assertThat(FlatRowMapper.growth(z)).isEqualTo(new FlatRows.GrowthRow("gz-0a1b2c-wfa", "42", LocalDate.of(2025, 11, 17),
				"weight-for-age", "final", new BigDecimal("6.12"), true, null, null, null, null, null, null));
	}

	@Test
	void muacIsConvertedToCentimetresAndOedemaKeptAsABoolean() {
		Observation muac = new Observation();
		muac.setId("m1");
		muac.setStatus(Observation.ObservationStatus.AMENDED);
		muac.getCode().addCoding().setSystem("http://loinc.org").setCode("56072-2");
		muac.setSubject(new Reference("Patient/7"));
		muac.setEffective(new DateTimeType("2025-08-01"));
		muac.setValue(new Quantity().setValue(113).setUnit("mm").setSystem("http://unitsofmeasure.org").setCode("mm"));
		assertThat(FlatRowMapper.growth(muac)).isEqualTo(new FlatRows.GrowthRow("m1", "7", LocalDate.of(2025, 8, 1),
				"muac-cm", "amended", null, null, new BigDecimal("11.30"), null, null, null, null, null));

		Observation oedema = new Observation();
		oedema.setId("o1");
		oedema.setStatus(Observation.ObservationStatus.FINAL);
		oedema.getCode().addCoding().setSystem("http://snomed.info/sct").setCode("267038008");
		oedema.setSubject(new Reference("Patient/7"));
		oedema.setEffective(new org.hl7.fhir.r4.model.Period().setStartElement(new DateTimeType("2025-08-01T09:00:00+07:00")));
		oedema.setValue(new BooleanType(true));
		assertThat(FlatRowMapper.growth(oedema).oedema()).isTrue();
		assertThat(FlatRowMapper.growth(oedema).visitDate()).isEqualTo(LocalDate.of(2025, 8, 1));
	}

	@Test
	void nutritionStatusRowTakesTheClassOfEachDimension() {
		Observation status = new Observation();
		status.setId("ns-0a1b2c");
		status.setStatus(Observation.ObservationStatus.FINAL);
		String ns = "https://fhir.eccd.vn/CodeSystem/nutrition-status";
		status.getCode().addCoding().setSystem(ns).setCode("nutrition-status");
		status.setSubject(new Reference("Patient/7"));
		status.setEffective(new DateTimeType("2025-08-01"));
		status.addComponent().setCode(new CodeableConcept(new Coding(ns, "stunting", null))).setValue(new CodeableConcept(new Coding(ns, "stunting-moderate", null)));
		status.addComponent().setCode(new CodeableConcept(new Coding(ns, "acute-malnutrition", null))).setValue(new CodeableConcept(new Coding(ns, "sam", null)));
		assertThat(FlatRowMapper.growth(status)).isEqualTo(new FlatRows.GrowthRow("ns-0a1b2c", "7", LocalDate.of(2025, 8, 1),
				"nutrition-status", "final", null, null, null, null, null, "stunting-moderate", null, "sam"));
	}

	@Test
	void otherObservationsAndThoseWithoutAPatientOrDateGetNoRow() {
		Observation weight = TestData.weight(new Reference("Patient/7"), "2025-08-01", 8.2);
		assertThat(FlatRowMapper.growth(weight)).isNull(); // read through its derived z-scores
		Observation muac = new Observation();
		muac.getCode().addCoding().setSystem("http://loinc.org").setCode("56072-2");
		muac.setSubject(new Reference("Group/3"));
		muac.setEffective(new DateTimeType("2025-08-01"));
		assertThat(FlatRowMapper.growth(muac)).isNull();
		muac.setSubject(new Reference("Patient/7"));
		muac.setEffective(null);
		assertThat(FlatRowMapper.growth(muac)).isNull();
	}
}
