package vn.eccd.fhir.growth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.support.AbstractFhirServerIT;
import vn.eccd.fhir.support.TestData;

/**
 * A child's series of growth measurements through the REST API: derived z-scores appear in the same
 * transaction, follow a correction and a deletion, and cannot be written by clients. The measurement values and
 * expected z-scores are cases of WHO's igrowup example survey (src/test/resources/vn/eccd/fhir/growth/
 * who-igrowup-survey_z_st.csv, ids 86, 60 and 7, all boys), placed at the same ages in one child's record.
 */
class GrowthDerivationIT extends AbstractFhirServerIT {

	private static final String GI = GrowthIndicator.SYSTEM;

	@Test
	void derivesZScoresAndNutritionStatusAndFollowsCorrectionsAndDeletes() {
		Reference stationRef = station();
		// born 2022-01-01: 64 days on 2022-03-06, 269 days on 2022-09-27, 868 days on 2024-05-18
		IdType patientId = child("Hoàng", "Văn Minh", AdministrativeGender.MALE, "2022-01-01", stationRef);
		Reference subject = new Reference(patientId.getValue());

		// Visit 1 (64 days) as one transaction bundle, as a commune system sends it (igrowup id 86)
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Observation o : List.of(
				measurement(subject, stationRef, "29463-7", "2022-03-06T08:30:00+07:00", "4.0999999046", "kg"),
				measurement(subject, stationRef, "8306-3", "2022-03-06T08:35:00+07:00", "56", "cm"),
				measurement(subject, stationRef, "9843-4", "2022-03-06T08:40:00+07:00", "39.599998474", "cm"),
				measurement(subject, stationRef, "56072-2", "2022-03-06T08:41:00+07:00", "10.800000191", "cm"))) {
			tx.addEntry().setResource(o).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		}
		client.transaction().withBundle(tx).execute();
		Map<String, Observation> visit1 = derived(patientId, "2022-03-06");
		assertZ(visit1, "weight-for-age", "-2.54");
		assertZ(visit1, "length-height-for-age", "-1.38");
		assertZ(visit1, "weight-for-length-height", "-1.99");
		assertZ(visit1, "bmi-for-age", "-2.59");
		assertZ(visit1, "head-circumference-for-age", "0.27");
		// MUAC-for-age starts at 91 days: no z-score, as in WHO's output
		assertThat(visit1).doesNotContainKey("muac-for-age");
		Observation status1 = visit1.get("nutrition-status");
		assertThat(component(status1, "underweight")).isEqualTo("underweight-moderate");
		assertThat(component(status1, "wasting")).isEqualTo("normal");
		// WFL -1.99 is not below -2, and MUAC (10.8 cm) is not used for SAM/MAM before 6 months
		assertThat(component(status1, "acute-malnutrition")).isEqualTo("normal");

		// Visit 2 (269 days), measurements posted one by one; the weight is first mistyped (63 kg instead of 6.3)
		IdType weight2 = create(measurement(subject, stationRef, "29463-7", "2022-09-27T09:00:00+07:00", "63.000001907", "kg"));
		IdType length2 = create(measurement(subject, stationRef, "8306-3", "2022-09-27T09:02:00+07:00", "64.800003052", "cm"));
		create(measurement(subject, stationRef, "56072-2", "2022-09-27T09:04:00+07:00", "13.899999619", "cm"));
		Map<String, Observation> wrong = derived(patientId, "2022-09-27");
		assertThat(wrong.get("weight-for-age").getInterpretationFirstRep().getCodingFirstRep().getCode())
				.isEqualTo("implausible");
		assertThat(component(wrong.get("nutrition-status"), "underweight")).isEqualTo("implausible");
		assertThat(references(wrong.get("weight-for-length-height")))
				.containsExactlyInAnyOrder(weight2.getValue(), length2.getValue());

		// ... and corrected (igrowup id 60): the derived Observations follow
		Observation corrected = client.read().resource(Observation.class).withId(weight2).execute();
		corrected.setStatus(Observation.ObservationStatus.CORRECTED);
		corrected.setValue(new Quantity().setValue(new BigDecimal("6.3000001907")).setUnit("kg")
				.setSystem(GrowthMeasurements.UCUM).setCode("kg"));
		client.update().resource(corrected).execute();
		Map<String, Observation> visit2 = derived(patientId, "2022-09-27");
		assertZ(visit2, "weight-for-age", "-3.08");
		assertZ(visit2, "length-height-for-age", "-3.11");
		assertZ(visit2, "weight-for-length-height", "-1.70");
		assertZ(visit2, "bmi-for-age", "-1.71");
		assertZ(visit2, "muac-for-age", "-0.56");
		assertThat(visit2.get("weight-for-age").hasInterpretation()).isFalse();
		Observation status2 = visit2.get("nutrition-status");
		assertThat(component(status2, "underweight")).isEqualTo("underweight-severe");
		assertThat(component(status2, "stunting")).isEqualTo("stunting-severe");
		assertThat(status2.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("underweight-severe");
		// the visit of 64 days is untouched
		assertZ(derived(patientId, "2022-03-06"), "weight-for-age", "-2.54");

		// Visit 3 (868 days, igrowup id 7): measured lying after 2 years -> 0.7 cm subtracted
		create(measurement(subject, stationRef, "29463-7", "2024-05-18T10:00:00+07:00", "12.899999619", "kg"));
		create(measurement(subject, stationRef, "8306-3", "2024-05-18T10:01:00+07:00", "85.900001526", "cm"));
		Map<String, Observation> visit3 = derived(patientId, "2024-05-18");
		assertZ(visit3, "weight-for-age", "-0.08");
		assertZ(visit3, "length-height-for-age", "-1.69");
		assertZ(visit3, "weight-for-length-height", "1.16");
		assertZ(visit3, "bmi-for-age", "1.43");

		// Deleting the weight of visit 2 removes what depended on it, keeps the rest
		client.delete().resourceById(weight2).execute();
		Map<String, Observation> afterDelete = derived(patientId, "2022-09-27");
		assertThat(afterDelete).containsOnlyKeys("length-height-for-age", "muac-for-age", "nutrition-status");
		assertThat(references(afterDelete.get("nutrition-status"))).doesNotContain(weight2.getValue());
		assertThat(component(afterDelete.get("nutrition-status"), "stunting")).isEqualTo("stunting-severe");
		assertThat(afterDelete.get("nutrition-status").getComponent())
				.noneMatch(c -> c.getCode().getCodingFirstRep().getCode().equals("underweight"));

		// Re-entering the weight brings back the derived records deleted with it: same ids, a new version of each
		// (they exist as deleted resources, which the derivation's id pre-resolution must see)
		IdType weight2Again = create(measurement(subject, stationRef, "29463-7", "2022-09-27T09:06:00+07:00",
				"6.3000001907", "kg"));
		Map<String, Observation> reentered = derived(patientId, "2022-09-27");
		assertZ(reentered, "weight-for-age", "-3.08");
		assertZ(reentered, "weight-for-length-height", "-1.70");
		assertThat(references(reentered.get("weight-for-age"))).containsExactly(weight2Again.getValue());
		assertThat(component(reentered.get("nutrition-status"), "underweight")).isEqualTo("underweight-severe");

		// Patient/$growth: visits oldest first, measurements with their z-scores and classification
		Parameters growth = client.operation().onInstance(patientId).named("$growth").withNoParameters(Parameters.class)
				.useHttpGet().execute();
		List<ParametersParameterComponent> visits = growth.getParameter().stream()
				.filter(p -> p.getName().equals("visit")).toList();
		assertThat(visits).extracting(v -> part(v, "date").getValue().primitiveValue())
				.containsExactly("2022-03-06", "2022-09-27", "2024-05-18");
		assertThat(visits.get(0).getPart().stream().filter(p -> p.getName().equals("measurement"))).hasSize(4);
		assertThat(visits.get(0).getPart().stream().filter(p -> p.getName().equals("zScore"))).hasSize(5);
		assertThat(part(visits.get(2), "ageInDays").getValue().primitiveValue()).isEqualTo("868");
		assertThat(part(visits.get(2), "nutritionStatus").getResource()).isInstanceOf(Observation.class);
	}

	/**
	 * A length typed in metres instead of centimetres (0.75) gives a BMI-for-age z-score near +88,000 through WHO's
	 * restricted computation. The visit must still be stored, its values flagged and never counted: this visit was
	 * refused (PostgreSQL "numeric field overflow" in the flattened growth table) until its z-score column was widened.
	 */
	@Test
	void absurdValuesFromUnitMistakesAreStoredAndFlagged() {
		Reference stationRef = station();
		IdType patientId = child("Lê", "Thị Lan", AdministrativeGender.FEMALE, "2022-01-01", stationRef);
		Reference subject = new Reference(patientId.getValue());
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Observation o : List.of(
				measurement(subject, stationRef, "29463-7", "2023-01-01T08:30:00+07:00", "8.9", "kg"),
				measurement(subject, stationRef, "8306-3", "2023-01-01T08:35:00+07:00", "0.75", "cm"))) {
			tx.addEntry().setResource(o).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		}
		client.transaction().withBundle(tx).execute();
		Map<String, Observation> visit = derived(patientId, "2023-01-01");
		Observation bmi = visit.get("bmi-for-age");
		assertThat(bmi.getValueQuantity().getValue().doubleValue()).isGreaterThan(10_000);
		assertThat(bmi.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("implausible");
		assertThat(visit.get("length-height-for-age").getInterpretationFirstRep().getCodingFirstRep().getCode())
				.isEqualTo("implausible");
	}

	/**
	 * A visit sent as a transaction for a child who already has measurements the day before: deriving loads those
	 * stored Observations in the writing transaction. This failed with HTTP 500 (HAPI-2223, "possible
	 * non-threadsafe access to the session") while tags were stored in HAPI's shared TagDefinition rows.
	 */
	@Test
	void visitTransactionNextToEarlierMeasurementsDerives() {
		Reference stationRef = station();
		IdType patientId = child("Nguyễn", "Ngọc Lan", AdministrativeGender.FEMALE, "2023-05-10", stationRef);
		Reference subject = new Reference(patientId.getValue());
		create(measurement(subject, stationRef, "29463-7", "2024-05-09T08:30:00+07:00", "8.9", "kg"));
		create(measurement(subject, stationRef, "8306-3", "2024-05-09T08:32:00+07:00", "74.0", "cm"));

		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Observation o : List.of(
				measurement(subject, stationRef, "29463-7", "2024-05-10T08:30:00+07:00", "9.0", "kg"),
				measurement(subject, stationRef, "8306-3", "2024-05-10T08:35:00+07:00", "74.2", "cm"),
				measurement(subject, stationRef, "9843-4", "2024-05-10T08:40:00+07:00", "45.0", "cm"),
				measurement(subject, stationRef, "56072-2", "2024-05-10T08:41:00+07:00", "14.5", "cm"))) {
			tx.addEntry().setResource(o).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		}
		Bundle response = client.transaction().withBundle(tx).execute();
		assertThat(response.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));

		Map<String, Observation> visit = derived(patientId, "2024-05-10");
		assertThat(visit).containsKeys("weight-for-age", "length-height-for-age", "weight-for-length-height",
				"bmi-for-age", "head-circumference-for-age", "muac-for-age", "nutrition-status");
		// the day before keeps its own derivations
		assertThat(derived(patientId, "2024-05-09")).containsKeys("weight-for-age", "length-height-for-age",
				"nutrition-status");
	}

	/**
	 * A visit is the date as recorded, in the record's own time zone: 00:15 in Hà Nội (UTC+7) is still the day before in
	 * UTC, 23:30 the same day; both belong to the visit of 2024-05-10, which the derivation finds with one exact-day
	 * search. A transaction moving a measurement to another day re-derives both days.
	 */
	@Test
	void measurementsPairByTheDateAsRecordedWhateverTheTimeZone() {
		Reference stationRef = station();
		IdType patientId = child("Phạm", "Bảo An", AdministrativeGender.MALE, "2023-05-10", stationRef);
		Reference subject = new Reference(patientId.getValue());
		IdType length = create(measurement(subject, stationRef, "8306-3", "2024-05-10T00:15:00+07:00", "74.2", "cm"));
		IdType eveningBefore = create(measurement(subject, stationRef, "29463-7", "2024-05-09T20:00:00+07:00", "8.8", "kg"));

		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		tx.addEntry().setResource(measurement(subject, stationRef, "29463-7", "2024-05-10T23:30:00+07:00", "9.0", "kg"))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		Bundle response = client.transaction().withBundle(tx).execute();
		IdType weight = new IdType(response.getEntryFirstRep().getResponse().getLocation()).toUnqualifiedVersionless();

		Map<String, Observation> visit = derived(patientId, "2024-05-10");
		assertThat(references(visit.get("weight-for-length-height")))
				.containsExactlyInAnyOrder(length.getValue(), weight.getValue());
		assertThat(references(visit.get("weight-for-age"))).containsExactly(weight.getValue());
		// the evening before is its own visit, though in UTC it is the same day as the length
		Map<String, Observation> dayBefore = derived(patientId, "2024-05-09");
		assertThat(dayBefore).containsKeys("weight-for-age", "nutrition-status").doesNotContainKey("weight-for-length-height");
		assertThat(references(dayBefore.get("weight-for-age"))).containsExactly(eveningBefore.getValue());

		// a transaction moving the weight to the next day: 2024-05-10 keeps only its length, 2024-05-11 gets the weight
		Observation moved = client.read().resource(Observation.class).withId(weight).execute();
		moved.setEffective(new DateTimeType("2024-05-11T08:00:00+07:00"));
		Bundle move = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		move.addEntry().setResource(moved).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(weight.getValue());
		client.transaction().withBundle(move).execute();
		assertThat(derived(patientId, "2024-05-10")).containsOnlyKeys("length-height-for-age", "nutrition-status");
		assertThat(references(derived(patientId, "2024-05-11").get("weight-for-age"))).containsExactly(weight.getValue());
	}

	@Test
	void clientsCannotWriteDerivedObservations() {
		Patient lan = TestData.child("Nguyễn", "Thị Lan", AdministrativeGender.FEMALE, "2023-06-15",
				TestData.COMMUNE_MUONG_LAT, "Xã Mường Lát");
		IdType patientId = (IdType) client.create().resource(lan).execute().getId().toUnqualifiedVersionless();
		Reference subject = new Reference(patientId.getValue());
		create(measurement(subject, null, "29463-7", "2024-06-15", "8.9", "kg"));
		Observation wfa = derived(patientId, "2024-06-15").get("weight-for-age");
		assertThat(wfa).isNotNull();
		assertThat(wfa.getMeta().getTag(GrowthMeasurements.RECORD_ORIGIN_SYSTEM, GrowthMeasurements.DERIVED)).isNotNull();

		BigDecimal original = wfa.getValueQuantity().getValue();
		wfa.setValue(new Quantity(3.0));
		assertThatThrownBy(() -> client.update().resource(wfa).execute()).isInstanceOf(ForbiddenOperationException.class);
		assertThatThrownBy(() -> client.delete().resourceById(wfa.getIdElement().toUnqualifiedVersionless()).execute())
				.isInstanceOf(ForbiddenOperationException.class);
		Observation forged = new Observation();
		forged.setStatus(Observation.ObservationStatus.FINAL);
		forged.setCode(new CodeableConcept(new Coding(GI, "weight-for-age", null)));
		forged.setSubject(subject);
		forged.setValue(new Quantity(-4.0));
		assertThatThrownBy(() -> client.create().resource(forged).execute()).isInstanceOf(ForbiddenOperationException.class);
		// nothing changed
		assertThat(derived(patientId, "2024-06-15").get("weight-for-age").getValueQuantity().getValue())
				.isEqualByComparingTo(original);
	}

	@Test
	void measurementInAnUnknownUnitIsRejectedAndNothingIsWritten() {
		Patient hoa = TestData.child("Lò", "Thị Hoa", AdministrativeGender.FEMALE, "2023-02-01",
				TestData.COMMUNE_MUONG_LAT, "Xã Mường Lát");
		IdType patientId = (IdType) client.create().resource(hoa).execute().getId().toUnqualifiedVersionless();
		Observation pounds = measurement(new Reference(patientId.getValue()), null, "29463-7", "2024-02-01", "20", "[lb_av]");
		assertThatThrownBy(() -> client.create().resource(pounds).execute()).isInstanceOf(UnprocessableEntityException.class);
		Bundle stored = client.search().forResource(Observation.class)
				.where(Observation.SUBJECT.hasId(patientId)).cacheControl(new CacheControlDirective().setNoCache(true))
				.returnBundle(Bundle.class).execute();
		assertThat(stored.getEntry()).isEmpty();
	}

	@Test
	void growthZScoreOperation() {
		String body = """
				{"resourceType":"Parameters","parameter":[
				 {"name":"sex","valueCode":"female"},{"name":"ageInDays","valueInteger":1522},
				 {"name":"weight","valueDecimal":17},{"name":"oedema","valueBoolean":false}]}""";
		HttpResponse<String> ok = http("POST", "/fhir/$growth-zscore", "application/fhir+json", body);
		assertThat(ok.statusCode()).isEqualTo(200);
		Parameters out = FHIR.newJsonParser().parseResource(Parameters.class, ok.body());
		// WHO anthro tests/testthat/test-zscore-weight-for-age.R: 0.24, not flagged
		assertThat(out.getParameter()).hasSize(1);
		ParametersParameterComponent wfa = out.getParameter().get(0);
		assertThat(wfa.getName()).isEqualTo("weight-for-age");
		assertThat(part(wfa, "z").getValue().primitiveValue()).isEqualTo("0.24");
		assertThat(part(wfa, "flagged").getValue().primitiveValue()).isEqualTo("false");
		assertThat(ok.body()).contains("\"valueDecimal\":0.24");

		// birthDate + date (868 days), height measured standing: igrowup id 7 was measured lying (85.9 cm -> 85.2);
		// the same child measured standing at 85.2 cm has the same LAZ -1.69; MUAC 14.5 -> -0.78 (_ZAC)
		String byDates = """
				{"resourceType":"Parameters","parameter":[
				 {"name":"sex","valueCode":"male"},{"name":"birthDate","valueDate":"2022-01-01"},
				 {"name":"date","valueDate":"2024-05-18"},{"name":"lengthHeight","valueDecimal":85.200001526},
				 {"name":"measuringPosition","valueCode":"standing"},{"name":"muac","valueDecimal":14.5},
				 {"name":"weight","valueDecimal":12.899999619},{"name":"oedema","valueBoolean":true}]}""";
		Parameters out2 = FHIR.newJsonParser().parseResource(Parameters.class,
				http("POST", "/fhir/$growth-zscore", "application/fhir+json", byDates).body());
		Map<String, String> z = out2.getParameter().stream()
				.collect(Collectors.toMap(ParametersParameterComponent::getName, p -> part(p, "z").getValue().primitiveValue()));
		// oedema: no weight-based indicator
		assertThat(z).containsOnlyKeys("length-height-for-age", "muac-for-age");
		assertThat(z).containsEntry("muac-for-age", "-0.78");
		assertThat(z).containsEntry("length-height-for-age", "-1.69");

		for (String bad : List.of(
				"{\"name\":\"sex\",\"valueCode\":\"unknown\"},{\"name\":\"ageInDays\",\"valueInteger\":10}",
				"{\"name\":\"sex\",\"valueCode\":\"male\"},{\"name\":\"ageInDays\",\"valueInteger\":-1}",
				"{\"name\":\"sex\",\"valueCode\":\"male\"},{\"name\":\"ageInDays\",\"valueInteger\":10},{\"name\":\"weight\",\"valueDecimal\":-3.2}",
				"{\"name\":\"sex\",\"valueCode\":\"male\"}",
				"{\"name\":\"sex\",\"valueCode\":\"male\"},{\"name\":\"ageInDays\",\"valueInteger\":10},{\"name\":\"measuringPosition\",\"valueCode\":\"sitting\"}")) {
			HttpResponse<String> r = http("POST", "/fhir/$growth-zscore", "application/fhir+json",
					"{\"resourceType\":\"Parameters\",\"parameter\":[" + bad + "]}");
			assertThat(r.statusCode()).as(bad).isEqualTo(400);
			assertThat(r.body()).as(bad).contains("OperationOutcome");
		}
	}

	// ------------------------------------------------------------------ helpers

	private Reference station() {
		Organization station = TestData.communeHealthStation(TestData.COMMUNE_HAM_RONG, "Phường Hàm Rồng", "38014");
		return new Reference(client.create().resource(station).execute().getId().toUnqualifiedVersionless());
	}

	/** A child of Phường Hàm Rồng managed by the station. */
	private IdType child(String family, String given, AdministrativeGender sex, String birthDate, Reference station) {
		Patient child = TestData.child(family, given, sex, birthDate, TestData.COMMUNE_HAM_RONG, "Phường Hàm Rồng");
		child.setManagingOrganization(station);
		return (IdType) client.create().resource(child).execute().getId().toUnqualifiedVersionless();
	}

	private IdType create(Observation o) {
		return (IdType) client.create().resource(o).execute().getId().toUnqualifiedVersionless();
	}

	private static Observation measurement(Reference subject, Reference performer, String loinc, String effective,
			String value, String unit) {
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category").setCode("vital-signs");
		o.getCode().addCoding().setSystem(GrowthMeasurements.LOINC).setCode(loinc);
		o.setSubject(subject);
		if (performer != null) {
			o.addPerformer(performer);
		}
		o.setEffective(new DateTimeType(effective));
		o.setValue(new Quantity().setValue(new BigDecimal(value)).setUnit(unit).setSystem(GrowthMeasurements.UCUM).setCode(unit));
		return o;
	}

	/** The derived Observations of a patient's visit, by indicator code (and "nutrition-status"). */
	private Map<String, Observation> derived(IdType patientId, String date) {
		Bundle bundle = client.search().forResource(Observation.class)
				.where(Observation.SUBJECT.hasId(patientId))
				.withTag(GrowthMeasurements.RECORD_ORIGIN_SYSTEM, GrowthMeasurements.DERIVED)
				.count(100).cacheControl(new CacheControlDirective().setNoCache(true))
				.returnBundle(Bundle.class).execute();
		Map<String, Observation> out = new HashMap<>();
		for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
			Observation o = (Observation) e.getResource();
			if (o.getEffectiveDateTimeType().getValueAsString().startsWith(date)) {
				String code = o.getCode().getCodingFirstRep().getCode();
				assertThat(out.put(code, o)).as("one %s per visit", code).isNull();
			}
		}
		return out;
	}

	private static void assertZ(Map<String, Observation> derived, String indicator, String expected) {
		Observation o = derived.get(indicator);
		assertThat(o).as(indicator).isNotNull();
		assertThat(o.getCode().getCodingFirstRep().getSystem()).isEqualTo(GI);
		assertThat(o.getValueQuantity().getValue()).as(indicator).isEqualByComparingTo(expected);
		assertThat(o.getDerivedFrom()).isNotEmpty();
	}

	private static String component(Observation status, String dimension) {
		return status.getComponent().stream()
				.filter(c -> c.getCode().getCodingFirstRep().getCode().equals(dimension))
				.map(c -> c.getValueCodeableConcept().getCodingFirstRep().getCode())
				.findFirst().orElse(null);
	}

	private static List<String> references(Observation o) {
		return o.getDerivedFrom().stream().map(Reference::getReference).toList();
	}

	private static ParametersParameterComponent part(ParametersParameterComponent p, String name) {
		return p.getPart().stream().filter(x -> x.getName().equals(name)).findFirst()
				.orElseThrow(() -> new AssertionError("no part " + name));
	}
}
