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
		loaded = client.transaction().withBundle(MeasureTestPopulation.build(150, 20251126L)).execute();
		assertThat(loaded.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
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
		// this population is children and their doses: the other families are cross-checked on their own populations
		// (e.g. MaternalNewbornMeasureIT)
		for (Indicator indicator : IndicatorCatalog.all().stream()
				.filter(i -> i.rule() instanceof vn.eccd.fhir.measure.indicator.ImmunizationCoverageRule).toList()) {
			String base = "/fhir/Measure/" + indicator.id() + "/$evaluate-measure?" + PERIOD + "&subject=" + group;
			MeasureReport sql = evaluate(base + "&engine=sql");
			MeasureReport cql = evaluate(base + "&engine=cql");
			assertThat(sql.getExtensionByUrl(MeasureReportBuilder.EXT_EVALUATOR).getValue().primitiveValue()).isEqualTo("sql");
			assertThat(summary(sql)).as(indicator.id()).isEqualTo(summary(cql));
			assertThat(sql.getGroupFirstRep().getPopulation().get(0).getCount()).as(indicator.id() + " cohort").isPositive();
		}
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
				.isEqualTo((double) count(all, null, "numerator") / count(all, null, "denominator"));
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
		jdbc.update("delete from eccd_flat_immunization");
		jdbc.update("update eccd_flat_patient set commune_code = 'x'");

		HttpResponse<String> response = http("POST", "/fhir/$rebuild-flat-tables", null, null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(jdbc.queryForList("select * from eccd_flat_patient order by patient_id")).isEqualTo(patients);
		assertThat(jdbc.queryForList("select * from eccd_flat_immunization order by immunization_id")).isEqualTo(doses);
		assertThat(doses.size()).isGreaterThan(300);
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

	private String createGroupOfStation(int station) {
		String organization = organizationId(station);
		Group group = new Group();
		group.setType(Group.GroupType.PERSON).setActual(true).setName("Trẻ em quản lý tại trạm " + station);
		for (Bundle.BundleEntryComponent entry : loaded.getEntry()) {
			IdType id = new IdType(entry.getResponse().getLocation());
			if ("Patient".equals(id.getResourceType())) {
				Patient patient = client.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute();
				if (patient.getManagingOrganization().getReferenceElement().getIdPart().equals(organization)) {
					group.addMember().setEntity(new Reference("Patient/" + id.getIdPart()));
				}
			}
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
