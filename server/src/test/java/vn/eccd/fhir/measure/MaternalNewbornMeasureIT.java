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
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
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
import vn.eccd.fhir.measure.indicator.InfantFeedingRule;
import vn.eccd.fhir.measure.indicator.MaternalCareRule;
import vn.eccd.fhir.support.AbstractFhirServerIT;
import vn.eccd.fhir.support.TestData;

/**
 * The pregnancy and newborn indicators over HTTP on a realistic population of women and their newborns
 * ({@link MaternalTestPopulation}): the SQL evaluator's counts equal those of each Measure's CQL Library run by
 * HAPI's clinical-reasoning engine, for the whole population and for one commune; writes move the counts; the
 * flattened tables rebuild to identical rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaternalNewbornMeasureIT extends AbstractFhirServerIT {

	static final String PERIOD = "periodStart=2025-01-01&periodEnd=2025-12-31";
	static final List<String> TABLES = List.of("eccd_flat_pregnancy order by episode_id",
			"eccd_flat_maternal_encounter order by encounter_id", "eccd_flat_supplementation order by administration_id",
			"eccd_flat_breastfeeding order by observation_id");

	@Autowired
	JdbcTemplate jdbc;

	final List<String> stations = new ArrayList<>();
	/** every Patient loaded (women and newborns) */
	final List<String> everyone = new ArrayList<>();

	@BeforeAll
	void loadMeasuresAndPopulation() throws Exception {
		client = FHIR.newRestfulGenericClient(fhirBase());
		List<String> ours = indicators().stream().map(Indicator::id).toList();
		try (InputStream tgz = getClass().getClassLoader().getResourceAsStream("vn/eccd/ig/package.tgz")) {
			NpmPackage npm = NpmPackage.fromPackage(tgz);
			for (String type : List.of("Library", "Measure")) {
				for (String file : npm.listResources(type)) {
					if (file.startsWith("Library-EccdMch") || ours.stream().anyMatch(id -> file.equals("Measure-" + id + ".json"))) {
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
		for (Bundle request : MaternalTestPopulation.build(60, 10, 20251126L, stations)) {
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
		return IndicatorCatalog.all().stream()
				.filter(i -> i.rule() instanceof MaternalCareRule || i.rule() instanceof InfantFeedingRule).toList();
	}

	@Test
	@Order(1)
	void everyIndicatorGivesTheSameCountsInSqlAsItsCqlLibraryForEveryoneAndForOneCommune() {
		assertThat(indicators()).hasSize(8);
		String all = group(everyone, "Phụ nữ sinh con và trẻ sơ sinh (kiểm thử)");
		// everyone living in Hàm Rồng, whichever test loaded them: what the SQL evaluator counts for the Location
		String commune = group(jdbc.queryForList("select 'Patient/' || patient_id from eccd_flat_patient where commune_code = ?",
				String.class, TestData.COMMUNE_HAM_RONG), "Phường Hàm Rồng");
		String location = communeLocation();
		for (Indicator indicator : indicators()) {
			String base = "/fhir/Measure/" + indicator.id() + "/$evaluate-measure?" + PERIOD;
			MeasureReport sql = evaluate(base + "&engine=sql&subject=" + all);
			MeasureReport cql = evaluate(base + "&engine=cql&subject=" + all);
			assertThat(summary(sql)).as(indicator.id()).isEqualTo(summary(cql));
			int denominator = count(sql, null, "denominator");
			int numerator = count(sql, null, "numerator");
			// the population is built so that every indicator has cases in and out of its numerator
			assertThat(denominator).as(indicator.id() + " denominator").isGreaterThan(10);
			assertThat(numerator).as(indicator.id() + " numerator").isPositive().isLessThan(denominator);

			MeasureReport sqlCommune = evaluate(base + "&subject=" + location);
			MeasureReport cqlCommune = evaluate(base + "&engine=cql&subject=" + commune);
			assertThat(summary(sqlCommune)).as(indicator.id() + " Hàm Rồng").isEqualTo(summary(cqlCommune));
			assertThat(count(sqlCommune, null, "denominator")).as(indicator.id() + " Hàm Rồng").isPositive();
			// the commune stratum of an evaluation of everything = the evaluation restricted to the commune
			assertThat(summary(evaluate(base)).get("commune:" + TestData.COMMUNE_HAM_RONG))
					.isEqualTo(MeasureEvaluationIT.populationLine(sqlCommune));
		}
	}

	@Test
	@Order(2)
	void addingCorrectingAndDeletingRecordsMovesTheCounts() {
		String org = stations.get(0);
		MeasureTestPopulation.Station station = MeasureTestPopulation.STATIONS.get(0);
		// Phạm Thị Duyên, Hàm Rồng, delivers on 2025-05-10 after an LMP on 2024-08-03; no ANC recorded yet
		String duyen = "Patient/" + client.create().resource(MaternalTestPopulation.mother("Phạm", "Thị Duyên",
				LocalDate.of(1996, 2, 14), station, org, new String[] {"01", "Kinh"})).execute().getId().getIdPart();
		LocalDate lmp = LocalDate.of(2024, 8, 3);
		LocalDate delivered = LocalDate.of(2025, 5, 10);
		String episode = "EpisodeOfCare/" + client.create().resource(MaternalTestPopulation.pregnancy(duyen, org, lmp,
				lmp.plusDays(280), delivered)).execute().getId().getIdPart();
		String anc4 = "/fhir/Measure/anc-4-contacts/$evaluate-measure?" + PERIOD;
		String firstTrimester = "/fhir/Measure/anc-first-trimester/$evaluate-measure?" + PERIOD;
		String pnc = "/fhir/Measure/pnc-7-days/$evaluate-measure?" + PERIOD;
		MeasureReport before = evaluate(anc4);
		MeasureReport trimesterBefore = evaluate(firstTrimester);
		MeasureReport pncBefore = evaluate(pnc);

		Encounter delivery = MaternalTestPopulation.delivery(duyen, episode, org, delivered, false, "midwife");
		IdType deliveryId = (IdType) client.create().resource(delivery).execute().getId();
		MeasureReport delivering = evaluate(anc4);
		assertThat(count(delivering, null, "denominator")).isEqualTo(count(before, null, "denominator") + 1);
		assertThat(count(delivering, null, "numerator")).isEqualTo(count(before, null, "numerator"));

		// four ANC contacts, the first at 14+0 weeks: 4 contacts yes, first trimester no
		List<IdType> contacts = new ArrayList<>();
		for (int week : new int[] {14, 22, 30, 36}) {
			contacts.add((IdType) client.create().resource(MaternalTestPopulation.contact("anc-contact", duyen, episode, org,
					lmp.plusWeeks(week))).execute().getId());
		}
		assertThat(count(evaluate(anc4), null, "numerator")).isEqualTo(count(before, null, "numerator") + 1);
		assertThat(count(evaluate(firstTrimester), null, "numerator")).isEqualTo(count(trimesterBefore, null, "numerator"));

		// correcting the first contact's date to 13+6 weeks moves her into the first-trimester numerator
		Encounter first = MaternalTestPopulation.contact("anc-contact", duyen, episode, org, lmp.plusDays(13 * 7 + 6));
		first.setId(contacts.get(0).toUnqualifiedVersionless());
		client.update().resource(first).execute();
		assertThat(count(evaluate(firstTrimester), null, "numerator")).isEqualTo(count(trimesterBefore, null, "numerator") + 1);

		// a contact that did not take place (cancelled) leaves 3 contacts
		Encounter cancelled = MaternalTestPopulation.contact("anc-contact", duyen, episode, org, lmp.plusWeeks(36));
		cancelled.setId(contacts.get(3).toUnqualifiedVersionless());
		cancelled.setStatus(Encounter.EncounterStatus.CANCELLED);
		client.update().resource(cancelled).execute();
		assertThat(count(evaluate(anc4), null, "numerator")).isEqualTo(count(before, null, "numerator"));

		// a postnatal visit on day 8 is too late; corrected to day 7 it counts
		Encounter visit = MaternalTestPopulation.contact("pnc-contact", duyen, episode, org, delivered.plusDays(8));
		IdType visitId = (IdType) client.create().resource(visit).execute().getId();
		assertThat(count(evaluate(pnc), null, "numerator")).isEqualTo(count(pncBefore, null, "numerator"));
		visit = MaternalTestPopulation.contact("pnc-contact", duyen, episode, org, delivered.plusDays(7));
		visit.setId(visitId.toUnqualifiedVersionless());
		client.update().resource(visit).execute();
		assertThat(count(evaluate(pnc), null, "numerator")).isEqualTo(count(pncBefore, null, "numerator") + 1);

		// the delivery deleted: she leaves every denominator, and her flattened row is gone
		client.delete().resourceById(deliveryId.toUnqualifiedVersionless()).execute();
		assertThat(count(evaluate(anc4), null, "denominator")).isEqualTo(count(before, null, "denominator"));
		assertThat(count(evaluate(pnc), null, "denominator")).isEqualTo(count(pncBefore, null, "denominator"));
		assertThat(jdbc.queryForObject("select count(*) from eccd_flat_maternal_encounter where encounter_id = ?",
				Integer.class, deliveryId.getIdPart())).isZero();
	}

	@Test
	@Order(3)
	void aFailedTransactionLeavesNoFlattenedRow() {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String mother = "urn:uuid:5b7e0c7a-3f0e-4b8e-9a0d-6f1e2d3c4b5a";
		bundle.addEntry().setFullUrl(mother).setResource(MaternalTestPopulation.mother("Lò", "Thị Xuân",
				LocalDate.of(2000, 9, 2), MeasureTestPopulation.STATIONS.get(1), stations.get(1), new String[] {"03", "Thái"}))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		bundle.addEntry().setResource(MaternalTestPopulation.delivery(mother, "EpisodeOfCare/does-not-exist", stations.get(1),
				LocalDate.of(2025, 8, 1), true, "relative")).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Encounter");
		int before = jdbc.queryForObject("select count(*) from eccd_flat_maternal_encounter", Integer.class);

		HttpResponse<String> response = http("POST", "/fhir", "application/fhir+json", FHIR.newJsonParser().encodeResourceToString(bundle));

		assertThat(response.statusCode()).isBetween(400, 499);
		assertThat(jdbc.queryForObject("select count(*) from eccd_flat_maternal_encounter", Integer.class)).isEqualTo(before);
	}

	@Test
	@Order(4)
	void rebuildRecreatesIdenticalRows() {
		List<List<Map<String, Object>>> rows = TABLES.stream().map(t -> jdbc.queryForList("select * from " + t)).toList();
		jdbc.update("delete from eccd_flat_breastfeeding");
		jdbc.update("update eccd_flat_maternal_encounter set kind = 'x', skilled_attendant = null");

		HttpResponse<String> response = http("POST", "/fhir/$rebuild-flat-tables", null, null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("maternal");
		for (int i = 0; i < TABLES.size(); i++) {
			assertThat(jdbc.queryForList("select * from " + TABLES.get(i))).as(TABLES.get(i)).isEqualTo(rows.get(i));
		}
		assertThat(rows.get(1).size()).isGreaterThan(200);
	}

	private String group(List<String> members, String name) {
		Group group = new Group();
		group.setType(Group.GroupType.PERSON).setActual(true).setName(name);
		members.forEach(m -> group.addMember().setEntity(new Reference(m)));
		return "Group/" + client.create().resource(group).execute().getId().getIdPart();
	}

	private String communeLocation() {
		org.hl7.fhir.r4.model.Location location = new org.hl7.fhir.r4.model.Location();
		location.addIdentifier().setSystem(TestData.CS_ADMIN_UNIT_2025).setValue(TestData.COMMUNE_HAM_RONG);
		location.setName("Phường Hàm Rồng").setMode(org.hl7.fhir.r4.model.Location.LocationMode.INSTANCE);
		location.getPhysicalType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/location-physical-type").setCode("jdn");
		location.setAddress(TestData.commune(TestData.COMMUNE_HAM_RONG, "Phường Hàm Rồng"));
		return "Location/" + client.create().resource(location).execute().getId().getIdPart();
	}

	MeasureReport evaluate(String pathAndQuery) {
		HttpResponse<String> response = get(pathAndQuery);
		assertThat(response.statusCode()).as(pathAndQuery + " -> " + response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(MeasureReport.class, response.body());
	}
}
