package vn.eccd.fhir.measure.flat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** The pregnancy and newborn rows, from records shaped like the IG examples (Lò Thị Hoa, Mường Lát). */
class MaternalFlatRowMapperTest {

	static final String ET = MaternalFlatRowMapper.CS_ENCOUNTER_TYPE;

	@Test
	void pregnancyTakesLmpAndEddFromItsExtensions() {
		EpisodeOfCare episode = new EpisodeOfCare();
		episode.setId("EpisodeOfCare/pregnancy-hoa-2026/_history/2");
		episode.addType().addCoding(new Coding(ET, "pregnancy", null));
		episode.addExtension(new Extension(MaternalFlatRowMapper.EXT_LMP, new DateType("2026-01-10")));
		episode.addExtension(new Extension(MaternalFlatRowMapper.EXT_EDD, new DateType("2026-10-17")));
		episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
		episode.setPatient(new Reference("Patient/mother-lo-thi-hoa"));

		assertThat(MaternalFlatRowMapper.pregnancy(episode)).isEqualTo(new MaternalFlatRows.PregnancyRow("pregnancy-hoa-2026",
				"mother-lo-thi-hoa", LocalDate.of(2026, 1, 10), LocalDate.of(2026, 10, 17), "active"));
		// an episode of another kind is not a pregnancy
		episode.getTypeFirstRep().getCodingFirstRep().setCode("growth-monitoring");
		assertThat(MaternalFlatRowMapper.pregnancy(episode)).isNull();
	}

	@Test
	void ancContactIsDatedAsWrittenAndLinkedToItsPregnancy() {
		Encounter anc = new Encounter();
		anc.setId("anc-hoa-1");
		anc.setStatus(Encounter.EncounterStatus.FINISHED);
		anc.addType().addCoding(new Coding("http://snomed.info/sct", "424441002", "Prenatal initial visit"));
		anc.addType().addCoding(new Coding(ET, "anc-contact", null));
		anc.setSubject(new Reference("Patient/mother-lo-thi-hoa"));
		anc.addEpisodeOfCare(new Reference("EpisodeOfCare/pregnancy-hoa-2026"));
		// 23:30 in Hà Nội is already the next day in UTC: the row keeps the date as written
		anc.setPeriod(new Period().setStartElement(new DateTimeType("2026-03-02T23:30:00+07:00")));

		assertThat(MaternalFlatRowMapper.encounter(anc)).isEqualTo(new MaternalFlatRows.EncounterRow("anc-hoa-1",
				"mother-lo-thi-hoa", "anc-contact", LocalDate.of(2026, 3, 2), "finished", "pregnancy-hoa-2026", null, null));
	}

	@Test
	void deliveryRecordsWhetherASkilledAttendantWasThereAndThePlace() {
		Encounter delivery = new Encounter();
		delivery.setId("delivery-hoa-2024");
		delivery.setStatus(Encounter.EncounterStatus.FINISHED);
		delivery.addType().addCoding(new Coding(ET, "delivery", null));
		delivery.addExtension(new Extension(MaternalFlatRowMapper.EXT_PLACE_OF_DELIVERY, new CodeableConcept()
				.addCoding(new Coding(MaternalFlatRowMapper.CS_DELIVERY, "home", null))));
		delivery.setSubject(new Reference("Patient/mother-lo-thi-hoa"));
		delivery.setPeriod(new Period().setStartElement(new DateTimeType("2024-03-12T05:40:00+07:00")));
		delivery.addParticipant().addType().addCoding(new Coding(MaternalFlatRowMapper.CS_DELIVERY, "relative", null));

		assertThat(MaternalFlatRowMapper.encounter(delivery)).isEqualTo(new MaternalFlatRows.EncounterRow("delivery-hoa-2024",
				"mother-lo-thi-hoa", "delivery", LocalDate.of(2024, 3, 12), "finished", null, false, "home"));
		// a village birth attendant with a midwife: skilled
		delivery.addParticipant().addType().addCoding(new Coding(MaternalFlatRowMapper.CS_DELIVERY, "midwife", null));
		assertThat(MaternalFlatRowMapper.encounter(delivery).skilledAttendant()).isTrue();
		// an encounter of another type has no row
		delivery.getTypeFirstRep().getCodingFirstRep().setCode("growth-monitoring");
		assertThat(MaternalFlatRowMapper.encounter(delivery)).isNull();
	}

	@Test
	void supplementAndBreastfeedingRows() {
		MedicationAdministration ifa = new MedicationAdministration();
		ifa.setId("ifa-hoa-2026-03");
		ifa.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
		ifa.setMedication(new CodeableConcept().addCoding(new Coding(MaternalFlatRowMapper.CS_SUPPLEMENT, "iron-folic-acid", null)));
		ifa.setSubject(new Reference("Patient/mother-lo-thi-hoa"));
		ifa.setEffective(new Period().setStartElement(new DateTimeType("2026-03-02T09:00:00+07:00")));
		assertThat(MaternalFlatRowMapper.supplementation(ifa)).isEqualTo(new MaternalFlatRows.SupplementationRow(
				"ifa-hoa-2026-03", "mother-lo-thi-hoa", "iron-folic-acid", LocalDate.of(2026, 3, 2), "completed"));

		Observation early = new Observation();
		early.setId("early-bf-minh");
		early.setStatus(Observation.ObservationStatus.FINAL);
		early.getCode().addCoding(new Coding(MaternalFlatRowMapper.CS_OBSERVATION, "early-breastfeeding", null));
		early.setSubject(new Reference("Patient/child-lo-van-minh"));
		early.setEffective(new DateTimeType("2024-03-12"));
		early.setValue(new BooleanType(true));
		assertThat(MaternalFlatRowMapper.breastfeeding(early)).isEqualTo(new MaternalFlatRows.BreastfeedingRow("early-bf-minh",
				"child-lo-van-minh", "early-breastfeeding", LocalDate.of(2024, 3, 12), "final", "true"));

		Observation status = new Observation();
		status.setId("bf-minh-4m");
		status.setStatus(Observation.ObservationStatus.AMENDED);
		status.getCode().addCoding(new Coding(MaternalFlatRowMapper.CS_OBSERVATION, "breastfeeding-status", null));
		status.setSubject(new Reference("Patient/child-lo-van-minh"));
		status.setEffective(new DateTimeType("2024-07-15"));
		status.setValue(new CodeableConcept().addCoding(new Coding(MaternalFlatRowMapper.CS_BREASTFEEDING, "exclusive", null)));
		assertThat(MaternalFlatRowMapper.breastfeeding(status).valueCode()).isEqualTo("exclusive");
		// a weight is not a breastfeeding record
		status.getCode().getCodingFirstRep().setSystem("http://loinc.org").setCode("29463-7");
		assertThat(MaternalFlatRowMapper.breastfeeding(status)).isNull();
	}
}
