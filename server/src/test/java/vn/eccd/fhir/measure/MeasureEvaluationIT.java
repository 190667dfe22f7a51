package vn.eccd.fhir.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.eccd.fhir.measure.indicator.Indicator;
import vn.eccd.fhir.measure.indicator.IndicatorCatalog;
import vn.eccd.fhir.support.AbstractFhirServerIT;
import vn.eccd.fhir.support.TestData;

/**
 * Indicators over HTTP: the SQL evaluator's counts (overall, per stratum, per commune health station) equal those
 * of HAPI's clinical-reasoning engine running each Measure's own CQL Library on the same data; writes move the
 * counts; the flattened tables rebuild to identical rows; bad requests get 400.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeasureEvaluationIT extends AbstractFhirServerIT {

	static final String PERIOD = "periodStart=2025-01-01&periodEnd=2025-12-31";

	@Autowired
	JdbcTemplate jdbc;

	Bundle loaded;

	@BeforeAll
	void loadMeasuresAndPopulation() throws Exception {
		client = FHIR.newRestfulGenericClient(fhirBase());
		try (InputStream tgz = getClass().getClassLoader().getResourceAsStream("vn/eccd/ig/package.tgz")) {
			NpmPackage npm = NpmPackage.fromPackage(tgz);
			for (String type : List.of("Library", "Measure")) {
				for (String file : npm.listResources(type)) {
					try (InputStream in = npm.loadResource(file)) {
						Resource resource = (Resource) FHIR.newJsonParser().parseResource(in);
						client.update().resource(resource).execute();
					}
				}
			}
		}
		// the populations' transactions take minutes on a loaded machine (each growth visit is derived in the write,
		// each dose's validity computed); a client created after raising the socket timeout uses it
		int timeout = FHIR.getRestfulClientFactory().getSocketTimeout();
		FHIR.getRestfulClientFactory().setSocketTimeout(600_000);
		long start = System.currentTimeMillis();
		try {
			var patientClient = FHIR.newRestfulGenericClient(fhirBase());
			loaded = patientClient.transaction().withBundle(MeasureTestPopulation.build(150, 20251126L)).execute();
			assertThat(loaded.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
			List<String> stations = List.of(organizationId(0), organizationId(1), organizationId(2));
			for (Bundle children : NutritionTestPopulation.build(40, 20251127L, stations, 10)) {
				Bundle growth = patientClient.transaction().withBundle(children).execute();
				assertThat(growth.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
			}
		} finally {
			FHIR.getRestfulClientFactory().setSocketTimeout(timeout);
		}
		System.out.printf("MeasureEvaluationIT: populations loaded in %d ms%n", System.currentTimeMillis() - start);
	}

	@Test
	@Order(1)
	void cqlMeasureOfAnotherPublisherIsEvaluatedByTheClinicalReasoningEngine() {
		String cql = """
				library GirlsCount version '1.0.0'
				using FHIR version '4.0.1'
				include FHIRHelpers version '4.0.1' called FHIRHelpers
				parameter "Measurement Period" Interval<DateTime>
				context Patient
				define "Initial Population": Patient.gender.value = 'female' and Patient.birthDate.value in day of "Measurement Period"
				""";
		Library library = new Library();
		library.setId("girls-count");
		library.setUrl("http://example.org/who-like/Library/GirlsCount").setVersion("1.0.0").setName("GirlsCount");
		library.setStatus(Enumerations.PublicationStatus.ACTIVE);
		library.getType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/library-type").setCode("logic-library");
		library.addContent().setContentType("text/cql").setData(cql.getBytes(StandardCharsets.UTF_8));
		client.update().resource(library).execute();
		Measure measure = new Measure();
		measure.setId("girls-born");
		measure.setUrl("http://example.org/who-like/Measure/girls-born").setVersion("1.0.0").setName("GirlsBorn");
		measure.setStatus(Enumerations.PublicationStatus.ACTIVE);
		measure.addLibrary("http://example.org/who-like/Library/GirlsCount|1.0.0");
		measure.getScoring().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/measure-scoring").setCode("cohort");
		Measure.MeasureGroupPopulationComponent population = measure.addGroup().addPopulation();
		population.setId("initial-population");
		population.setCode(new org.hl7.fhir.r4.model.CodeableConcept().addCoding(
						new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/measure-population", "initial-population", null)))
				.getCriteria().setLanguage("text/cql-identifier").setExpression("Initial Population");
		client.update().resource(measure).execute();

		MeasureReport report = evaluate("/fhir/Measure/girls-born/$evaluate-measure?periodStart=2024-01-01&periodEnd=2024-12-31");

		// the engine sees every Patient on the server (other test classes share the database), so count them all
		int expected = jdbc.queryForObject("select count(*) from eccd_flat_patient where sex = 'female' "
				+ "and birth_date between date '2024-01-01' and date '2024-12-31'", Integer.class);
		assertThat(expected).isPositive();
		assertThat(report.getExtensionByUrl(MeasureReportBuilder.EXT_EVALUATOR).getValue().primitiveValue()).isEqualTo("cql");
		assertThat(report.getGroupFirstRep().getPopulationFirstRep().getCount()).isEqualTo(expected);
	}

	@Test
	@Order(2)
	void everyIndicatorGivesTheSameCountsInSqlAsItsCqlLibrary() {
		String group = createGroupOfStation(0);
		// this population is children and their doses: the nutrition indicators are cross-checked on the whole
		// population below, the other families on their own populations (e.g. MaternalNewbornMeasureIT)
		for (Indicator indicator : IndicatorCatalog.all().stream().filter(i -> i.id().startsWith("imm-")).toList()) {
			String base = "/fhir/Measure/" + indicator.id() + "/$evaluate-measure?" + PERIOD + "&subject=" + group;
			MeasureReport sql = evaluate(base + "&engine=sql");
			MeasureReport cql = evaluate(base + "&engine=cql");
			assertThat(sql.getExtensionByUrl(MeasureReportBuilder.EXT_EVALUATOR).getValue().primitiveValue()).isEqualTo("sql");
			assertThat(summary(sql)).as(indicator.id()).isEqualTo(summary(cql));
			assertThat(sql.getGroupFirstRep().getPopulation().get(0).getCount()).as(indicator.id() + " cohort").isPositive();
		}
	}

	@Test
	@Order(2)
	void everyNutritionIndicatorGivesTheSameCountsInSqlAsItsCqlLibraryForEveryoneAndForOneCommune() {
		String location = createCommuneLocation(TestData.COMMUNE_HAM_RONG, "Phường Hàm Rồng");
		Map<String, Integer> numerators = new TreeMap<>();
		Map<String, Map<String, String>> alone = new TreeMap<>();
		for (Indicator indicator : IndicatorCatalog.all().stream().filter(i -> i.id().startsWith("nut-")).toList()) {
			String base = "/fhir/Measure/" + indicator.id() + "/$evaluate-measure?" + PERIOD;
			MeasureReport sql = evaluate(base + "&engine=sql");
			alone.put(indicator.url(), summary(sql));
			MeasureReport cql = evaluate(base + "&engine=cql");
			assertThat(summary(sql)).as(indicator.id()).isEqualTo(summary(cql));
			assertThat(summary(sql).keySet()).as(indicator.id()).anyMatch(k -> k.startsWith("age-group:"));
			assertThat(count(sql, null, "denominator")).as(indicator.id() + " denominator").isPositive();
			// one commune (a Location): the SQL run restricted to it = the CQL engine's stratum of that commune
			MeasureReport commune = evaluate(base + "&subject=" + location);
			assertThat(populationLine(commune)).as(indicator.id() + " in Hàm Rồng")
					.isEqualTo(summary(cql).getOrDefault("commune:" + TestData.COMMUNE_HAM_RONG,
							"denominator=0 initial-population=0 numerator=0"));
			numerators.put(indicator.id(), count(sql, null, "numerator"));
		}
		// evaluated together (Measure/$evaluate shares the children and visits it reads): the same reports
		HttpResponse<String> together = get("/fhir/Measure/$evaluate?" + PERIOD);
		assertThat(together.statusCode()).as(together.body()).isEqualTo(200);
		Map<String, Map<String, String>> inBundle = new TreeMap<>();
		FHIR.newJsonParser().parseResource(Bundle.class, together.body()).getEntry().stream()
				.map(e -> (MeasureReport) e.getResource())
				.filter(r -> alone.containsKey(r.getMeasure().replaceAll("\\|.*$", "")))
				.forEach(r -> inBundle.put(r.getMeasure().replaceAll("\\|.*$", ""), summary(r)));
		assertThat(inBundle).isEqualTo(alone);
		// the population has cases of every common form, so the comparisons above are not all zeros
		assertThat(numerators).allSatisfy((id, n) -> {
			if (List.of("nut-underweight", "nut-stunting", "nut-wasting", "nut-sam", "nut-malnourished-any",
					"nut-stunting-5-8y", "nut-gm-under2-quarter", "nut-gm-under5-twice").contains(id)) {
				assertThat(n).as(id + " numerator").isPositive();
			}
		});
	}

	@Test
	@Order(2)
		void fullyImmunizedAndDropoutMatchTheirCqlForEveryoneAndForOneCommune() {
		String location = createCommuneLocation(TestData.COMMUNE_HAM_RONG, "Phường Hàm Rồng");
		// everyone living in Hàm Rồng, also the children other test classes created there; a member who does not live
		// there would show up in the CQL report's commune stratum
		Group residents = new Group();
		residents.setType(Group.GroupType.PERSON).setActual(true).setName("Trẻ em cư trú tại Phường Hàm Rồng");
		jdbc.queryForList("select patient_id from eccd_flat_patient where commune_code = ?", String.class, TestData.COMMUNE_HAM_RONG)
				.forEach(patient -> residents.addMember().setEntity(new Reference("Patient/" + patient)));
		String group = "Group/" + client.create().resource(residents).execute().getId().getIdPart();
		for (String id : List.of("imm-fully-immunized", "imm-dropout-dtp1-dtp3")) {
			String base = "/fhir/Measure/" + id + "/$evaluate-measure?" + PERIOD;
			// everyone on the server: both engines see the same Patients (other test classes share the database)
			MeasureReport sqlAll = evaluate(base + "&engine=sql");
			assertThat(summary(sqlAll)).as(id + " everyone").isEqualTo(summary(evaluate(base + "&engine=cql")));
			// one commune: the SQL evaluator by administrative area = the CQL engine on a Group of the commune's children
			MeasureReport sqlCommune = evaluate(base + "&subject=" + location);
			assertThat(summary(sqlCommune)).as(id + " Hàm Rồng").isEqualTo(summary(evaluate(base + "&engine=cql&subject=" + group)));
			assertThat(count(sqlAll, null, "numerator")).as(id + " numerator").isPositive();
			assertThat(count(sqlAll, null, "denominator-exclusion")).as(id + " children who died before age 1").isPositive();
		}
		// the definition version counted is recorded in the report, whichever engine produced it
		MeasureReport fic = evaluate("/fhir/Measure/imm-fully-immunized/$evaluate-measure?" + PERIOD + "&subject=" + location);
		assertThat(fic.getExtensionByUrl(MeasureReportBuilder.EXT_FULL_IMMUNIZATION_DEFINITION).getValue().primitiveValue())
				.isEqualTo(IndicatorCatalog.FULL_IMMUNIZATION_DEFINITION + "|2018");
		// some recorded doses were judged invalid (too young / too soon) and are in the flattened table as such
		assertThat(jdbc.queryForObject("select count(*) from eccd_flat_immunization where dose_valid = false", Integer.class)).isPositive();
		assertThat(jdbc.queryForObject("select count(*) from eccd_flat_immunization i join eccd_flat_patient p "
				+ "on p.patient_id = i.patient_id where i.status = 'completed' and i.dose_valid is null and p.birth_date is not null "
				+ "and i.vaccine_code <> 'tt'", Integer.class)).isZero();
	}

	@Test
	@Order(3)
	void sqlStrataForTheWholePopulationAddUpAndMatchSubjectsOfOneCommuneAndOneStation() {
		MeasureReport all = evaluate("/fhir/Measure/imm-dtp3/$evaluate-measure?" + PERIOD);
		Map<String, String> whole = summary(all);
		// the commune stratum of the whole run = the run restricted to that commune's Location
		String location = createCommuneLocation(TestData.COMMUNE_HAM_RONG, "Phường Hàm Rồng");
		MeasureReport commune = evaluate("/fhir/Measure/imm-dtp3/$evaluate-measure?" + PERIOD + "&subject=" + location);
		assertThat(whole.get("commune:" + TestData.COMMUNE_HAM_RONG))
				.isEqualTo(populationLine(commune));
		// Thanh Hóa (38) = Hàm Rồng + Mường Lát; Hà Nội (01) = Ba Đình
		assertThat(whole.get("province:38")).isNotNull();
		int thanhHoa = count(all, "province", "38");
		assertThat(thanhHoa).isEqualTo(count(all, "commune", TestData.COMMUNE_HAM_RONG) + count(all, "commune", TestData.COMMUNE_MUONG_LAT));
		// by commune health station (Organization): equals the CQL engine on a Group of that station's children
		MeasureReport station = evaluate("/fhir/Measure/imm-dtp3/$evaluate-measure?" + PERIOD + "&subject=Organization/" + organizationId(0));
		MeasureReport cql = evaluate("/fhir/Measure/imm-dtp3/$evaluate-measure?" + PERIOD + "&engine=cql&subject=" + createGroupOfStation(0));
		assertThat(summary(station)).isEqualTo(summary(cql));
		// by canonical URL with version: the same report, and the version evaluated is recorded
		MeasureReport byUrl = evaluate("/fhir/Measure/$evaluate-measure?" + PERIOD + "&measure="
				+ encode("https://fhir.eccd.vn/Measure/imm-dtp3|0.1.0"));
		assertThat(summary(byUrl)).isEqualTo(whole);
		assertThat(byUrl.getMeasure()).isEqualTo("https://fhir.eccd.vn/Measure/imm-dtp3|0.1.0");
		// all indicators at once for one area: one Bundle of MeasureReports, the same numbers
		HttpResponse<String> allAtOnce = get("/fhir/Measure/$evaluate?" + PERIOD + "&subject=" + location);
		assertThat(allAtOnce.statusCode()).as(allAtOnce.body()).isEqualTo(200);
		Bundle reports = FHIR.newJsonParser().parseResource(Bundle.class, allAtOnce.body());
		assertThat(reports.getEntry()).hasSize(IndicatorCatalog.all().size());
		MeasureReport dtp3InBundle = reports.getEntry().stream().map(e -> (MeasureReport) e.getResource())
				.filter(r -> r.getMeasure().startsWith("https://fhir.eccd.vn/Measure/imm-dtp3|")).findFirst().orElseThrow();
		assertThat(summary(dtp3InBundle)).isEqualTo(summary(commune));
		assertThat(all.getGroupFirstRep().getMeasureScore().getValue().doubleValue())
				.isEqualTo((double) count(all, null, "numerator")
						/ (count(all, null, "denominator") - count(all, null, "denominator-exclusion")));
	}

	@Test
	@Order(4)
	void addingCorrectingAndDeletingADoseMovesTheCounts() {
		// Hoàng Văn Minh, born 2024-04-10 in Hàm Rồng: in the 2025 first-birthday cohort, no BCG yet
		Patient minh = TestData.child("Hoàng", "Văn Minh", Enumerations.AdministrativeGender.MALE, "2024-04-10",
				TestData.COMMUNE_HAM_RONG, "Phường Hàm Rồng");
		minh.setManagingOrganization(new Reference("Organization/" + organizationId(0)));
		String minhId = client.create().resource(minh).execute().getId().getIdPart();
		String bcg = "/fhir/Measure/imm-bcg/$evaluate-measure?" + PERIOD;
		MeasureReport before = evaluate(bcg);

		Immunization dose = MeasureTestPopulation.immunization("bcg", java.time.LocalDate.of(2024, 4, 12),
				"Patient/" + minhId, "Organization/" + organizationId(0));
		IdType doseId = (IdType) client.create().resource(dose).execute().getId();
		MeasureReport added = evaluate(bcg);
		assertThat(count(added, null, "numerator")).isEqualTo(count(before, null, "numerator") + 1);
		assertThat(count(added, null, "denominator")).isEqualTo(count(before, null, "denominator"));

		dose.setId(doseId.toUnqualifiedVersionless());
		dose.setStatus(Immunization.ImmunizationStatus.ENTEREDINERROR);
		client.update().resource(dose).execute();
		assertThat(count(evaluate(bcg), null, "numerator")).isEqualTo(count(before, null, "numerator"));

		dose.setStatus(Immunization.ImmunizationStatus.COMPLETED);
		client.update().resource(dose).execute();
		assertThat(count(evaluate(bcg), null, "numerator")).isEqualTo(count(before, null, "numerator") + 1);

		client.delete().resourceById(doseId.toUnqualifiedVersionless()).execute();
		assertThat(count(evaluate(bcg), null, "numerator")).isEqualTo(count(before, null, "numerator"));

		// correcting the birth date moves Minh out of the cohort
		minh.setId("Patient/" + minhId);
		minh.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("2023-04-10"));
		client.update().resource(minh).execute();
		assertThat(count(evaluate(bcg), null, "denominator")).isEqualTo(count(before, null, "denominator") - 1);
		client.delete().resourceById("Patient", minhId).execute();
		assertThat(count(evaluate(bcg), null, "denominator")).isEqualTo(count(before, null, "denominator") - 1);
		assertThat(jdbc.queryForObject("select count(*) from eccd_flat_patient where patient_id = ?", Integer.class, minhId)).isZero();
	}

	@Test
	@Order(4)
	void addingCorrectingAndDeletingAMeasurementMovesTheNutritionCounts() {
		// Hoàng Văn Nam, born 2023-05-10 in Hàm Rồng, not measured yet
		Patient nam = TestData.child("Hoàng", "Văn Nam", Enumerations.AdministrativeGender.MALE, "2023-05-10",
				TestData.COMMUNE_HAM_RONG, "Phường Hàm Rồng");
		nam.setManagingOrganization(new Reference("Organization/" + organizationId(0)));
		String namId = client.create().resource(nam).execute().getId().getIdPart();
		String underweight = "/fhir/Measure/nut-underweight/$evaluate-measure?" + PERIOD;
		String stunting = "/fhir/Measure/nut-stunting/$evaluate-measure?" + PERIOD;
		MeasureReport uBefore = evaluate(underweight);
		MeasureReport sBefore = evaluate(stunting);

		// a visit at 26 months: 9.0 kg (WAZ about -3), 88 cm standing (HAZ about -0.3)
		Observation weight = NutritionTestPopulation.measurement("Patient/" + namId, organizationId(0),
				NutritionTestPopulation.WEIGHT, "2025-07-21T08:30:00+07:00", 9.0, "kg");
		IdType weightId = (IdType) client.create().resource(weight).execute().getId();
		IdType heightId = (IdType) client.create().resource(NutritionTestPopulation.measurement("Patient/" + namId,
				organizationId(0), NutritionTestPopulation.HEIGHT_STANDING, "2025-07-21T08:32:00+07:00", 88.0, "cm")).execute().getId();
		MeasureReport added = evaluate(underweight);
		assertThat(count(added, null, "denominator")).isEqualTo(count(uBefore, null, "denominator") + 1);
		assertThat(count(added, null, "numerator")).isEqualTo(count(uBefore, null, "numerator") + 1);
		assertThat(count(evaluate(stunting), null, "denominator")).isEqualTo(count(sBefore, null, "denominator") + 1);
		assertThat(count(evaluate(stunting), null, "numerator")).isEqualTo(count(sBefore, null, "numerator"));

		// corrected to 12.4 kg: still measured, no longer underweight
		weight.setId(weightId.toUnqualifiedVersionless());
		weight.getValueQuantity().setValue(new java.math.BigDecimal("12.4"));
		client.update().resource(weight).execute();
		MeasureReport corrected = evaluate(underweight);
		assertThat(count(corrected, null, "denominator")).isEqualTo(count(uBefore, null, "denominator") + 1);
		assertThat(count(corrected, null, "numerator")).isEqualTo(count(uBefore, null, "numerator"));

		// mistyped as 124 kg: WHO flags the z-score, so the child has no valid weight-for-age and leaves the denominator
		weight.getValueQuantity().setValue(new java.math.BigDecimal("124"));
		client.update().resource(weight).execute();
		assertThat(count(evaluate(underweight), null, "denominator")).isEqualTo(count(uBefore, null, "denominator"));
		assertThat(jdbc.queryForObject("select waz_flagged from eccd_flat_growth_visit where patient_id = ?", Boolean.class, namId)).isTrue();

		// deleting the measurements removes the visit
		client.delete().resourceById(weightId.toUnqualifiedVersionless()).execute();
		client.delete().resourceById(heightId.toUnqualifiedVersionless()).execute();
		assertThat(count(evaluate(stunting), null, "denominator")).isEqualTo(count(sBefore, null, "denominator"));
		assertThat(jdbc.queryForObject("select count(*) from eccd_flat_growth where patient_id = ?", Integer.class, namId)).isZero();
	}

	@Test
	@Order(4)
		void correctingADoseDateOrRecordingADeathMovesFullImmunizationDropoutAndDtp3() {
		// Đinh Thị Hoa, born 2024-06-15 in Hàm Rồng, vaccinated on time: first birthday 2025-06-15
		Patient hoa = TestData.child("Đinh", "Thị Hoa", Enumerations.AdministrativeGender.FEMALE, "2024-06-15",
				TestData.COMMUNE_HAM_RONG, "Phường Hàm Rồng");
		hoa.setManagingOrganization(new Reference("Organization/" + organizationId(0)));
		String hoaId = client.create().resource(hoa).execute().getId().getIdPart();
		String fic = "/fhir/Measure/imm-fully-immunized/$evaluate-measure?" + PERIOD;
		String dropout = "/fhir/Measure/imm-dropout-dtp1-dtp3/$evaluate-measure?" + PERIOD;
		String dtp3 = "/fhir/Measure/imm-dtp3/$evaluate-measure?" + PERIOD;
		MeasureReport ficBefore = evaluate(fic + "&reportType=subject-list");
		MeasureReport dropoutBefore = evaluate(dropout);
		MeasureReport dtp3Before = evaluate(dtp3);

		String station = "Organization/" + organizationId(0);
		List<IdType> fiveInOne = new java.util.ArrayList<>();
		for (String[] d : new String[][] {{"bcg", "2024-06-16"}, {"dtp-hepb-hib", "2024-08-15"}, {"dtp-hepb-hib", "2024-09-16"},
				{"dtp-hepb-hib", "2024-10-17"}, {"bopv", "2024-08-15"}, {"bopv", "2024-09-16"}, {"bopv", "2024-10-17"},
				{"measles", "2025-03-16"}}) {
			IdType id = (IdType) client.create().resource(MeasureTestPopulation.immunization(d[0], java.time.LocalDate.parse(d[1]),
					"Patient/" + hoaId, station)).execute().getId();
			if (d[0].equals("dtp-hepb-hib")) {
				fiveInOne.add(id.toUnqualifiedVersionless());
			}
		}
		assertThat(count(evaluate(fic), null, "numerator")).isEqualTo(count(ficBefore, null, "numerator") + 1);
		assertThat(count(evaluate(dropout), null, "denominator")).isEqualTo(count(dropoutBefore, null, "denominator") + 1);
		assertThat(count(evaluate(dropout), null, "numerator")).isEqualTo(count(dropoutBefore, null, "numerator"));

		// dose 2 corrected to 2024-08-25, ten days after dose 1: too soon, so it is invalid and the third 5-in-1
		// becomes dose 2 — Hoa has two valid doses: no longer DTP3 nor fully immunized, and a dropout
		Immunization second = client.read().resource(Immunization.class).withId(fiveInOne.get(1)).execute();
		second.setOccurrence(new org.hl7.fhir.r4.model.DateTimeType("2024-08-25"));
		client.update().resource(second).execute();
		assertThat(jdbc.queryForObject("select dose_valid from eccd_flat_immunization where immunization_id = ?", Boolean.class,
				fiveInOne.get(1).getIdPart())).isFalse();
		assertThat(count(evaluate(fic), null, "numerator")).isEqualTo(count(ficBefore, null, "numerator"));
		assertThat(count(evaluate(dtp3), null, "numerator")).isEqualTo(count(dtp3Before, null, "numerator"));
		assertThat(count(evaluate(dropout), null, "numerator")).isEqualTo(count(dropoutBefore, null, "numerator") + 1);

		// the wrong record is deleted and the real dose 2 recorded: fully immunized again
		client.delete().resourceById(fiveInOne.get(1)).execute();
		client.create().resource(MeasureTestPopulation.immunization("dtp-hepb-hib", java.time.LocalDate.parse("2024-09-16"),
				"Patient/" + hoaId, station)).execute();
		assertThat(count(evaluate(fic), null, "numerator")).isEqualTo(count(ficBefore, null, "numerator") + 1);
		assertThat(count(evaluate(dropout), null, "numerator")).isEqualTo(count(dropoutBefore, null, "numerator"));

		// Hoa died on 2025-01-20, before her first birthday: excluded from the denominators, out of the numerator
		hoa = client.read().resource(Patient.class).withId(hoaId).execute();
		hoa.setDeceased(new org.hl7.fhir.r4.model.DateTimeType("2025-01-20"));
		client.update().resource(hoa).execute();
		MeasureReport ficAfter = evaluate(fic + "&reportType=subject-list");
		// Hoa was in the denominator (without doses) before; she stays in it, now also counted as excluded, and the
		// numerator is again exactly the children it had before Hoa's doses were recorded
		assertThat(numeratorSubjects(ficAfter)).isEqualTo(numeratorSubjects(ficBefore));
		assertThat(count(ficAfter, null, "denominator-exclusion")).isEqualTo(count(ficBefore, null, "denominator-exclusion") + 1);
		assertThat(count(ficAfter, null, "denominator")).isEqualTo(count(ficBefore, null, "denominator"));
		assertThat(ficAfter.getGroupFirstRep().getMeasureScore().getValue().doubleValue()).isEqualTo(
				(double) count(ficAfter, null, "numerator") / (count(ficAfter, null, "denominator") - count(ficAfter, null, "denominator-exclusion")));
		assertThat(summary(evaluate(fic + "&subject=Patient/" + hoaId))).isEqualTo(summary(evaluate(fic + "&engine=cql&subject=Patient/" + hoaId)));
	}

	@Test
	@Order(5)
	void aFailedTransactionLeavesNoFlattenedRow() {
		Patient lan = TestData.child("Nguyễn", "Thị Lan", Enumerations.AdministrativeGender.FEMALE, "2024-06-01",
				TestData.COMMUNE_HAM_RONG, "Phường Hàm Rồng");
		lan.setManagingOrganization(new Reference("Organization/" + organizationId(0)));
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		bundle.addEntry().setFullUrl("urn:uuid:7d3c1f0e-1b2a-4c55-9a51-0c1d2e3f4a5b").setResource(lan).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		Immunization dangling = MeasureTestPopulation.immunization("bcg", java.time.LocalDate.of(2024, 6, 2),
				"Patient/does-not-exist", "Organization/" + organizationId(0));
		bundle.addEntry().setResource(dangling).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Immunization");
		int before = jdbc.queryForObject("select count(*) from eccd_flat_patient", Integer.class);

		HttpResponse<String> response = http("POST", "/fhir", "application/fhir+json", FHIR.newJsonParser().encodeResourceToString(bundle));

		assertThat(response.statusCode()).isBetween(400, 499);
		assertThat(jdbc.queryForObject("select count(*) from eccd_flat_patient", Integer.class)).isEqualTo(before);
	}

	@Test
	@Order(6)
	void rebuildRecreatesIdenticalRows() {
		List<Map<String, Object>> patients = jdbc.queryForList("select * from eccd_flat_patient order by patient_id");
		List<Map<String, Object>> doses = jdbc.queryForList("select * from eccd_flat_immunization order by immunization_id");
		List<Map<String, Object>> growth = jdbc.queryForList("select * from eccd_flat_growth order by observation_id");
		jdbc.update("delete from eccd_flat_immunization");
		jdbc.update("delete from eccd_flat_growth");
		jdbc.update("update eccd_flat_patient set commune_code = 'x'");

		HttpResponse<String> response = http("POST", "/fhir/$rebuild-flat-tables", null, null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(jdbc.queryForList("select * from eccd_flat_patient order by patient_id")).isEqualTo(patients);
		assertThat(jdbc.queryForList("select * from eccd_flat_immunization order by immunization_id")).isEqualTo(doses);
		assertThat(doses.size()).isGreaterThan(300);
		assertThat(jdbc.queryForList("select * from eccd_flat_growth order by observation_id")).isEqualTo(growth);
		assertThat(growth.size()).isGreaterThan(300);
		assertThat(doses).anyMatch(row -> Boolean.FALSE.equals(row.get("dose_valid")));
	}

	@Test
	@Order(7)
	void badRequestsGetAnOperationOutcomeWith400() {
		for (String bad : List.of(
				"/fhir/Measure/no-such-measure/$evaluate-measure?" + PERIOD,
				"/fhir/Measure/$evaluate-measure?" + PERIOD + "&measure=" + encode("https://fhir.eccd.vn/Measure/unknown"),
				"/fhir/Measure/imm-bcg/$evaluate-measure?periodStart=2025-12-31&periodEnd=2025-01-01",
				"/fhir/Measure/imm-bcg/$evaluate-measure?periodStart=2025-01-01",
				"/fhir/Measure/imm-bcg/$evaluate-measure?periodStart=banana&periodEnd=2025-12-31",
				"/fhir/Measure/imm-bcg/$evaluate-measure?" + PERIOD + "&subject=Patient/nobody",
				"/fhir/Measure/imm-bcg/$evaluate-measure?" + PERIOD + "&subject=Encounter/1",
				"/fhir/Measure/imm-bcg/$evaluate-measure?" + PERIOD + "&reportType=everything")) {
			HttpResponse<String> response = get(bad);
			assertThat(response.statusCode()).as(bad + " -> " + response.body()).isEqualTo(400);
			assertThat(response.body()).as(bad).contains("OperationOutcome");
		}
	}

	@Test
	@Order(8)
	void respondAsyncAcceptsWith202AndTheStatusEndpointReturnsTheSavedReport() throws Exception {
		String dtp3 = "/fhir/Measure/imm-dtp3/$evaluate-measure?" + PERIOD;
		HttpResponse<String> accepted = getAsync(dtp3);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		String status = accepted.headers().firstValue("Content-Location").orElseThrow();
		assertThat(status).startsWith(fhirBase() + "/$evaluate-measure-status?job=");

		HttpResponse<String> done = poll(status);
		MeasureReport report = FHIR.newJsonParser().parseResource(MeasureReport.class, done.body());
		assertThat(summary(report)).isEqualTo(summary(evaluate(dtp3)));
		// saved as a resource of its own
		assertThat(get("/fhir/MeasureReport/" + report.getIdElement().getIdPart()).statusCode()).isEqualTo(200);

		// all indicators at once: a saved Bundle of MeasureReports
		HttpResponse<String> all = poll(getAsync("/fhir/Measure/$evaluate?" + PERIOD).headers().firstValue("Content-Location").orElseThrow());
		Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, all.body());
		assertThat(bundle.getEntry()).hasSize(IndicatorCatalog.all().size());

		// a malformed request is refused at once; an error found while running is the status endpoint's answer
		assertThat(getAsync("/fhir/Measure/imm-dtp3/$evaluate-measure?periodStart=2025-12-31&periodEnd=2025-01-01").statusCode()).isEqualTo(400);
		HttpResponse<String> failed = poll(getAsync("/fhir/Measure/girls-born/$evaluate-measure?" + PERIOD + "&engine=sql")
				.headers().firstValue("Content-Location").orElseThrow());
		assertThat(failed.statusCode()).isEqualTo(400);
		assertThat(failed.body()).contains("OperationOutcome").contains("no SQL implementation");
		assertThat(get("/fhir/$evaluate-measure-status?job=999999").statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> getAsync(String pathAndQuery) throws Exception {
		java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(serverBase() + pathAndQuery))
				.header("Accept", "application/fhir+json").header("Prefer", "respond-async").GET().build();
		return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	/** Polls a status URL until it is no longer 202 (at most 3 minutes on a loaded machine). */
	private HttpResponse<String> poll(String statusUrl) throws Exception {
		String path = statusUrl.substring(serverBase().length());
		long deadline = System.currentTimeMillis() + 180_000;
		while (true) {
			HttpResponse<String> response = get(path);
			if (response.statusCode() != 202 || System.currentTimeMillis() > deadline) {
				return response;
			}
			assertThat(response.headers().firstValue("X-Progress")).isPresent();
			Thread.sleep(250);
		}
	}

	static java.util.Set<String> numeratorSubjects(MeasureReport report) {
		String list = report.getGroupFirstRep().getPopulation().stream()
				.filter(p -> p.getCode().getCodingFirstRep().getCode().equals("numerator")).findFirst().orElseThrow()
				.getSubjectResults().getReference().substring(1);
		return report.getContained().stream().filter(r -> r.getIdElement().getValue().replace("#", "").equals(list)).findFirst()
				.map(r -> ((org.hl7.fhir.r4.model.ListResource) r).getEntry().stream().map(e -> e.getItem().getReference())
						.collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)))
				.orElseThrow();
	}

	private String createCommuneLocation(String code, String name) {
		org.hl7.fhir.r4.model.Location location = new org.hl7.fhir.r4.model.Location();
		location.addIdentifier().setSystem(TestData.CS_ADMIN_UNIT_2025).setValue(code);
		location.setName(name).setMode(org.hl7.fhir.r4.model.Location.LocationMode.INSTANCE);
		location.getPhysicalType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/location-physical-type").setCode("jdn");
		location.setAddress(TestData.commune(code, name));
		return "Location/" + client.create().resource(location).execute().getId().getIdPart();
	}

	/** Count of a population overall (stratifier null) or in one stratum (stratum value, population = numerator...). */
	static int count(MeasureReport report, String stratifier, String valueOrPopulation) {
		MeasureReport.MeasureReportGroupComponent group = report.getGroupFirstRep();
		if (stratifier == null) {
			return group.getPopulation().stream().filter(p -> p.getCode().getCodingFirstRep().getCode().equals(valueOrPopulation))
					.findFirst().orElseThrow().getCount();
		}
		return group.getStratifier().stream().filter(s -> s.getCodeFirstRep().getCodingFirstRep().getCode().equals(stratifier))
				.flatMap(s -> s.getStratum().stream()).filter(st -> valueOrPopulation.equals(st.getValue().getText()))
				.flatMap(st -> st.getPopulation().stream()).filter(p -> p.getCode().getCodingFirstRep().getCode().equals("denominator"))
				.findFirst().map(MeasureReport.StratifierGroupPopulationComponent::getCount).orElse(0);
	}

	static String populationLine(MeasureReport report) {
		StringBuilder line = new StringBuilder();
		report.getGroupFirstRep().getPopulation().stream()
				.sorted(java.util.Comparator.comparing(p -> p.getCode().getCodingFirstRep().getCode()))
				.forEach(p -> line.append(p.getCode().getCodingFirstRep().getCode()).append('=').append(p.getCount()).append(' '));
		return line.toString().trim();
	}

	/** A Group of every child the station manages (Patient.managingOrganization), for the CQL engine. */
	private String createGroupOfStation(int station) {
		String organization = organizationId(station);
		Group group = new Group();
		group.setType(Group.GroupType.PERSON).setActual(true).setName("Trẻ em quản lý tại trạm " + station);
		Bundle page = client.search().forResource(Patient.class)
				.where(Patient.ORGANIZATION.hasId("Organization/" + organization)).count(500)
				.returnBundle(Bundle.class).execute();
		while (true) {
			page.getEntry().forEach(e -> group.addMember().setEntity(
					new Reference("Patient/" + e.getResource().getIdElement().getIdPart())));
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				break;
			}
			page = client.loadPage().next(page).execute();
		}
		return "Group/" + client.create().resource(group).execute().getId().getIdPart();
	}

	private String organizationId(int station) {
		return new IdType(loaded.getEntry().get(station).getResponse().getLocation()).getIdPart();
	}

	/** Population counts and every stratum's counts, as comparable text. */
	static Map<String, String> summary(MeasureReport report) {
		Map<String, String> out = new TreeMap<>();
		MeasureReport.MeasureReportGroupComponent group = report.getGroupFirstRep();
		group.getPopulation().forEach(p -> out.put(p.getCode().getCodingFirstRep().getCode(), Integer.toString(p.getCount())));
		for (MeasureReport.MeasureReportGroupStratifierComponent stratifier : group.getStratifier()) {
			String code = stratifier.getCodeFirstRep().hasCoding() ? stratifier.getCodeFirstRep().getCodingFirstRep().getCode()
					: stratifier.getCodeFirstRep().getText();
			for (MeasureReport.StratifierGroupComponent stratum : stratifier.getStratum()) {
				StringBuilder counts = new StringBuilder();
				stratum.getPopulation().stream()
						.sorted(java.util.Comparator.comparing(p -> p.getCode().getCodingFirstRep().getCode()))
						.forEach(p -> counts.append(p.getCode().getCodingFirstRep().getCode()).append('=').append(p.getCount()).append(' '));
				// a stratum with no one in it carries no count: the CQL engine lists every value seen among the
				// subjects evaluated, the SQL evaluator only values of the initial population
				if (stratum.getPopulation().stream().anyMatch(p -> p.getCount() > 0)) {
					out.put(code + ":" + stratum.getValue().getText(), counts.toString().trim());
				}
			}
		}
		return out;
	}

	MeasureReport evaluate(String pathAndQuery) {
		HttpResponse<String> response = get(pathAndQuery);
		assertThat(response.statusCode()).as(pathAndQuery + " -> " + response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(MeasureReport.class, response.body());
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

}
