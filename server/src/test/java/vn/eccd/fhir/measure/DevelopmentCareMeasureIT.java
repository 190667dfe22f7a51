package vn.eccd.fhir.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.eccd.fhir.measure.MeasureEvaluationIT.count;
import static vn.eccd.fhir.measure.MeasureEvaluationIT.summary;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.eccd.fhir.measure.indicator.DevelopmentCareRule;
import vn.eccd.fhir.measure.indicator.Indicator;
import vn.eccd.fhir.measure.indicator.IndicatorCatalog;
import vn.eccd.fhir.support.AbstractFhirServerIT;
import vn.eccd.fhir.support.TestData;

/**
 * The development and care indicators over HTTP on children 0-9 years with screenings, care plans and referrals
 * ({@link DevelopmentTestPopulation}): SQL counts (with the age-group stratifier) equal the CQL Libraries' through
 * HAPI's clinical-reasoning engine, for everyone loaded and for everyone of one commune; writes move the counts;
 * the tables rebuild identically.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevelopmentCareMeasureIT extends AbstractFhirServerIT {

	static final String PERIOD = "periodStart=2025-01-01&periodEnd=2025-12-31";
	static final List<String> TABLES = List.of("eccd_flat_development_result order by observation_id",
			"eccd_flat_care_plan order by care_plan_id", "eccd_flat_referral order by service_request_id",
			"eccd_flat_referral_task order by task_id");

	@Autowired
	JdbcTemplate jdbc;

	final List<String> stations = new ArrayList<>();
	final List<String> everyone = new ArrayList<>();

	@BeforeAll
	void loadMeasuresAndPopulation() throws Exception {
		client = FHIR.newRestfulGenericClient(fhirBase());
		List<String> ours = indicators().stream().map(Indicator::id).toList();
		try (InputStream tgz = getClass().getClassLoader().getResourceAsStream("vn/eccd/ig/package.tgz")) {
			NpmPackage npm = NpmPackage.fromPackage(tgz);
			for (String type : List.of("Library", "Measure")) {
				for (String file : npm.listResources(type)) {
					if (file.startsWith("Library-EccdDev") || ours.stream().anyMatch(id -> file.equals("Measure-" + id + ".json"))) {
						try (InputStream in = npm.loadResource(file)) {
							client.update().resource((Resource) FHIR.newJsonParser().parseResource(in)).execute();
						}
					}
				}
			}
		}
		for (MeasureTestPopulation.Station station : MeasureTestPopulation.STATIONS) {
			stations.add("Organization/" + client.create().resource(TestData.communeHealthStation(station.communeCode(),
					station.communeName(), station.facilityCode())).execute().getId().getIdPart());
		}
		for (Bundle request : DevelopmentTestPopulation.build(90, 15, 20251127L, stations)) {
			Bundle response = client.transaction().withBundle(request).execute();
			for (int i = 0; i < request.getEntry().size(); i++) {
				assertThat(response.getEntry().get(i).getResponse().getStatus()).startsWith("201");
				if (request.getEntry().get(i).getResource() instanceof Patient) {
					everyone.add("Patient/" + new IdType(response.getEntry().get(i).getResponse().getLocation()).getIdPart());
				}
			}
		}
	}

	static List<Indicator> indicators() {
		return IndicatorCatalog.all().stream().filter(i -> i.rule() instanceof DevelopmentCareRule).toList();
	}

	@Test
	@Order(1)
	void everyIndicatorGivesTheSameCountsInSqlAsItsCqlLibraryForEveryoneAndForOneCommune() {
		assertThat(indicators()).hasSize(3);
		String all = group(everyone, "Trẻ 0-8 tuổi (kiểm thử phát triển)");
		String commune = group(jdbc.queryForList("select 'Patient/' || patient_id from eccd_flat_patient where commune_code = ?",
				String.class, TestData.COMMUNE_MUONG_LAT), "Xã Mường Lát");
		String location = communeLocation();
		for (Indicator indicator : indicators()) {
			String base = "/fhir/Measure/" + indicator.id() + "/$evaluate-measure?" + PERIOD;
			MeasureReport sql = evaluate(base + "&engine=sql&subject=" + all);
			MeasureReport cql = evaluate(base + "&engine=cql&subject=" + all);
			Map<String, String> counts = summary(sql);
			assertThat(counts).as(indicator.id()).isEqualTo(summary(cql));
			assertThat(counts.keySet()).as(indicator.id()).anyMatch(k -> k.startsWith("age-group:"));
			int denominator = count(sql, null, "denominator");
			int numerator = count(sql, null, "numerator");
			assertThat(denominator).as(indicator.id() + " denominator").isGreaterThan(5);
			assertThat(numerator).as(indicator.id() + " numerator").isPositive().isLessThan(denominator);

			MeasureReport sqlCommune = evaluate(base + "&subject=" + location);
			MeasureReport cqlCommune = evaluate(base + "&engine=cql&subject=" + commune);
			assertThat(summary(sqlCommune)).as(indicator.id() + " Mường Lát").isEqualTo(summary(cqlCommune));
			assertThat(count(sqlCommune, null, "denominator")).as(indicator.id() + " Mường Lát").isPositive();
		}
	}

	@Test
	@Order(2)
	void addingCorrectingAndDeletingRecordsMovesTheCounts() {
		String org = stations.get(1);
		MeasureTestPopulation.Station station = MeasureTestPopulation.STATIONS.get(1);
		String screening = "/fhir/Measure/dev-screening-done/$evaluate-measure?" + PERIOD;
		String carePlan = "/fhir/Measure/dev-at-risk-care-plan/$evaluate-measure?" + PERIOD;
		String referral = "/fhir/Measure/dev-referral-completed-30d/$evaluate-measure?" + PERIOD;
		MeasureReport screeningBefore = evaluate(screening);
		MeasureReport planBefore = evaluate(carePlan);
		MeasureReport referralBefore = evaluate(referral);
		// Lò Bảo An, 3 years old at the end of 2025, Mường Lát: in the screening denominator, not yet screened
		Patient an = TestData.child("Lò", "Bảo An", AdministrativeGender.FEMALE, "2022-05-20", station.communeCode(), station.communeName());
		an.setManagingOrganization(new Reference(org));
		String child = "Patient/" + client.create().resource(an).execute().getId().getIdPart();
		MeasureReport added = evaluate(screening);
		assertThat(count(added, null, "denominator")).isEqualTo(count(screeningBefore, null, "denominator") + 1);
		assertThat(count(added, null, "numerator")).isEqualTo(count(screeningBefore, null, "numerator"));
		assertThat(count(added, "age-group", "3-5")).isEqualTo(count(screeningBefore, "age-group", "3-5") + 1);

		// screened on 2025-06-10, learning not on track
		QuestionnaireResponse qr = new QuestionnaireResponse();
		qr.setQuestionnaire("https://fhir.eccd.vn/Questionnaire/eccd-ecd-milestones")
				.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
				.setSubject(new Reference(child));
		String response = "QuestionnaireResponse/" + client.create().resource(qr).execute().getId().getIdPart();
		LocalDate day = LocalDate.of(2025, 6, 10);
		IdType learning = (IdType) client.create().resource(DevelopmentTestPopulation.domainResult(child, org, response,
				"learning", day, true)).execute().getId();
		assertThat(count(evaluate(screening), null, "numerator")).isEqualTo(count(screeningBefore, null, "numerator") + 1);
		assertThat(count(evaluate(carePlan), null, "denominator")).isEqualTo(count(planBefore, null, "denominator") + 1);

		IdType plan = (IdType) client.create().resource(DevelopmentTestPopulation.carePlan(child, org, "development", day))
				.execute().getId();
		assertThat(count(evaluate(carePlan), null, "numerator")).isEqualTo(count(planBefore, null, "numerator") + 1);

		// referred; completed on day 31 does not count, corrected to day 30 it does
		String sr = "ServiceRequest/" + client.create().resource(DevelopmentTestPopulation.referral(child, org, stations.get(0), day))
				.execute().getId().getIdPart();
		Task task = DevelopmentTestPopulation.task(sr, child, stations.get(0), day, Task.TaskStatus.COMPLETED, day.plusDays(31));
		IdType taskId = (IdType) client.create().resource(task).execute().getId();
		MeasureReport late = evaluate(referral);
		assertThat(count(late, null, "denominator")).isEqualTo(count(referralBefore, null, "denominator") + 1);
		assertThat(count(late, null, "numerator")).isEqualTo(count(referralBefore, null, "numerator"));
		task = DevelopmentTestPopulation.task(sr, child, stations.get(0), day, Task.TaskStatus.COMPLETED, day.plusDays(30));
		task.setId(taskId.toUnqualifiedVersionless());
		client.update().resource(task).execute();
		assertThat(count(evaluate(referral), null, "numerator")).isEqualTo(count(referralBefore, null, "numerator") + 1);

		// the result corrected to "on track": she is no longer at risk; the plan deleted
		client.update().resource(DevelopmentTestPopulation.domainResult(child, org, response, "learning", day, false)
				.setId(learning.toUnqualifiedVersionless())).execute();
		assertThat(count(evaluate(carePlan), null, "denominator")).isEqualTo(count(planBefore, null, "denominator"));
		client.delete().resourceById(plan.toUnqualifiedVersionless()).execute();
		assertThat(jdbc.queryForObject("select count(*) from eccd_flat_care_plan where care_plan_id = ?", Integer.class,
				plan.getIdPart())).isZero();
	}

	@Test
	@Order(3)
	void rebuildRecreatesIdenticalRows() {
		List<List<Map<String, Object>>> rows = TABLES.stream().map(t -> jdbc.queryForList("select * from " + t)).toList();
		jdbc.update("delete from eccd_flat_referral_task");
		jdbc.update("update eccd_flat_development_result set interpretation_code = null");

		HttpResponse<String> response = http("POST", "/fhir/$rebuild-flat-tables", null, null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("development");
		for (int i = 0; i < TABLES.size(); i++) {
			assertThat(jdbc.queryForList("select * from " + TABLES.get(i))).as(TABLES.get(i)).isEqualTo(rows.get(i));
		}
		assertThat(rows.get(0).size()).isGreaterThan(100);
	}

	private String group(List<String> members, String name) {
		Group group = new Group();
		group.setType(Group.GroupType.PERSON).setActual(true).setName(name);
		members.forEach(m -> group.addMember().setEntity(new Reference(m)));
		return "Group/" + client.create().resource(group).execute().getId().getIdPart();
	}

	private String communeLocation() {
		org.hl7.fhir.r4.model.Location location = new org.hl7.fhir.r4.model.Location();
		location.addIdentifier().setSystem(TestData.CS_ADMIN_UNIT_2025).setValue(TestData.COMMUNE_MUONG_LAT);
		location.setName("Xã Mường Lát").setMode(org.hl7.fhir.r4.model.Location.LocationMode.INSTANCE);
		location.getPhysicalType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/location-physical-type").setCode("jdn");
		location.setAddress(TestData.commune(TestData.COMMUNE_MUONG_LAT, "Xã Mường Lát"));
		return "Location/" + client.create().resource(location).execute().getId().getIdPart();
	}

	MeasureReport evaluate(String pathAndQuery) {
		HttpResponse<String> response = get(pathAndQuery);
		assertThat(response.statusCode()).as(pathAndQuery + " -> " + response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(MeasureReport.class, response.body());
	}
}
