package vn.eccd.fhir.measure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import vn.eccd.fhir.support.TestData;

/**
 * Children 0-9 years of the communes of {@link MeasureTestPopulation} with developmental screenings as the IG records
 * them (a QuestionnaireResponse of the ECD milestones and one eccd-development-domain-result Observation per domain,
 * interpretation N or A), care plans for some children at risk (development, disability, or only nutrition; some
 * ended or completed), referrals (eccd-referral) and the receiving facility's Task (eccd-referral-task), completed
 * on day 30 or 31 on purpose, or only accepted. Deterministic (seeded).
 */
final class DevelopmentTestPopulation {

	static final String BASE = "https://fhir.eccd.vn";
	static final String SD = BASE + "/StructureDefinition/";
	static final String[] DOMAINS = {"learning", "psychosocial", "health"};
	private static final String[] FAMILY = {"Nguyễn", "Trần", "Lò", "Hà", "Cầm", "Vi", "Đinh", "Hoàng"};
	private static final String[][] GIVEN = {{"Văn Minh", "Gia Bảo", "Đức Anh"}, {"Bảo An", "Thị Ngọc", "Minh Thư"}};

	private final Random random;
	private final List<Bundle> bundles = new ArrayList<>();
	private Bundle bundle;

	private DevelopmentTestPopulation(long seed) {
		this.random = new Random(seed);
	}

	/** @param stations "Organization/{id}" of the stations of {@link MeasureTestPopulation#STATIONS}, in order */
	static List<Bundle> build(int children, int perBundle, long seed, List<String> stations) {
		DevelopmentTestPopulation population = new DevelopmentTestPopulation(seed);
		for (int i = 0; i < children; i++) {
			if (i % perBundle == 0) {
				population.bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
				population.bundles.add(population.bundle);
			}
			population.child(i, stations);
		}
		return population.bundles;
	}

	private void child(int i, List<String> stations) {
		int s = random.nextInt(MeasureTestPopulation.STATIONS.size());
		MeasureTestPopulation.Station station = MeasureTestPopulation.STATIONS.get(s);
		String org = stations.get(s);
		String otherOrg = stations.get((s + 1) % stations.size());
		// born 2016-06 .. 2025-11; two children on the edge of 9 years at the end of 2025
		LocalDate born = i == 0 ? LocalDate.of(2016, 12, 31) : i == 1 ? LocalDate.of(2017, 1, 1)
				: LocalDate.of(2016, 6, 1).plusDays(random.nextInt(3470));
		boolean girl = random.nextBoolean();
		Patient patient = TestData.child(FAMILY[random.nextInt(FAMILY.length)], GIVEN[girl ? 1 : 0][random.nextInt(3)],
				girl ? AdministrativeGender.FEMALE : AdministrativeGender.MALE, born.toString(), station.communeCode(),
				station.communeName());
		patient.setManagingOrganization(new Reference(org));
		String child = add(patient);
		if (i < 2 || random.nextInt(10) < 7) {
			LocalDate day = LocalDate.of(2024, 9, 1).plusDays(random.nextInt(540)); // 2024-09 .. 2026-02
			if (day.isBefore(born.plusMonths(9))) {
				day = born.plusMonths(9);
			}
			boolean atRisk = random.nextInt(3) == 0;
			screening(child, org, day, atRisk);
			if (atRisk && random.nextInt(4) > 0) {
				String category = new String[] {"development", "development", "disability", "nutrition"}[random.nextInt(4)];
				CarePlan plan = carePlan(child, org, category, day.plusDays(random.nextInt(20)));
				if (random.nextInt(6) == 0) {
					plan.setStatus(CarePlan.CarePlanStatus.COMPLETED);
				} else if (random.nextInt(6) == 0) {
					plan.getPeriod().setEndElement(new DateTimeType(day.plusMonths(2).toString()));
				}
				add(plan);
			}
			if (atRisk && random.nextInt(3) > 0) {
				LocalDate referred = day.plusDays(random.nextInt(5));
				String referral = add(referral(child, org, otherOrg, referred));
				int outcome = random.nextInt(6);
				if (outcome < 4) { // completed on day 30, 31 or earlier
					int days = outcome == 0 ? 30 : outcome == 1 ? 31 : 3 + random.nextInt(40);
					add(task(referral, child, otherOrg, referred, Task.TaskStatus.COMPLETED, referred.plusDays(days)));
				} else if (outcome == 4) {
					add(task(referral, child, otherOrg, referred, Task.TaskStatus.ACCEPTED, null));
				}
			}
		}
	}

	private String add(Resource resource) {
		String urn = "urn:uuid:" + UUID.randomUUID();
		bundle.addEntry().setFullUrl(urn).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.POST)
				.setUrl(resource.fhirType());
		return urn;
	}

	/** The ECD milestones questionnaire answered, and one scored result per domain (one not on track if at risk). */
	private void screening(String child, String org, LocalDate day, boolean atRisk) {
		QuestionnaireResponse qr = new QuestionnaireResponse();
		qr.setQuestionnaire(BASE + "/Questionnaire/eccd-ecd-milestones");
		qr.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
		qr.setSubject(new Reference(child));
		qr.setAuthoredElement(new DateTimeType(day + "T09:00:00+07:00"));
		qr.setAuthor(new Reference(org));
		String response = add(qr);
		int delayed = atRisk ? random.nextInt(DOMAINS.length) : -1;
		for (int d = 0; d < DOMAINS.length; d++) {
			add(domainResult(child, org, response, DOMAINS[d], day, d == delayed));
		}
	}

	static Observation domainResult(String child, String org, String response, String domain, LocalDate day, boolean notOnTrack) {
		Observation o = new Observation();
		o.getMeta().addProfile(SD + "eccd-development-domain-result");
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.addCategory().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/observation-category", "survey", null));
		o.getCode().addCoding(new Coding(BASE + "/CodeSystem/eccd-development-domain", domain, null));
		o.setSubject(new Reference(child));
		o.setEffective(new DateTimeType(day + "T09:00:00+07:00"));
		o.addPerformer(new Reference(org));
		o.setValue(new IntegerType(notOnTrack ? 2 : 5));
		o.addInterpretation().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
				notOnTrack ? "A" : "N", null));
		o.addDerivedFrom(new Reference(response));
		return o;
	}

	static CarePlan carePlan(String child, String org, String category, LocalDate start) {
		CarePlan plan = new CarePlan();
		plan.getMeta().addProfile(SD + "eccd-care-plan");
		plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
		plan.setIntent(CarePlan.CarePlanIntent.PLAN);
		plan.addCategory().addCoding(new Coding(BASE + "/CodeSystem/eccd-care-plan-category", category, null));
		plan.setTitle("Kích thích phát triển ngôn ngữ và nhận thức");
		plan.setSubject(new Reference(child));
		plan.setPeriod(new Period().setStartElement(new DateTimeType(start.toString())));
		plan.setAuthor(new Reference(org));
		plan.addActivity().getDetail().setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED)
				.setDescription("Hướng dẫn cha mẹ đọc truyện, đếm đồ vật với trẻ hằng ngày");
		return plan;
	}

	static ServiceRequest referral(String child, String org, String to, LocalDate day) {
		ServiceRequest sr = new ServiceRequest();
		sr.getMeta().addProfile(SD + "eccd-referral");
		sr.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		sr.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		sr.addCategory().addCoding(new Coding(BASE + "/CodeSystem/eccd-referral-category", "development-assessment", null));
		sr.setPriority(ServiceRequest.ServiceRequestPriority.ROUTINE);
		sr.setSubject(new Reference(child));
		sr.setAuthoredOnElement(new DateTimeType(day + "T10:00:00+07:00"));
		sr.setRequester(new Reference(org));
		sr.addPerformer(new Reference(to));
		sr.addReasonCode().setText("Sàng lọc phát triển: nghi chậm phát triển");
		return sr;
	}

	static Task task(String referral, String child, String owner, LocalDate referred, Task.TaskStatus status, LocalDate completed) {
		Task task = new Task();
		task.getMeta().addProfile(SD + "eccd-referral-task");
		task.addBasedOn(new Reference(referral));
		task.setStatus(status);
		task.setIntent(Task.TaskIntent.ORDER);
		task.setCode(new CodeableConcept().addCoding(new Coding("http://hl7.org/fhir/CodeSystem/task-code", "fulfill", null)));
		task.setFocus(new Reference(referral));
		task.setFor(new Reference(child));
		task.setAuthoredOnElement(new DateTimeType(referred.plusDays(1) + "T08:00:00+07:00"));
		LocalDate modified = completed != null ? completed : referred.plusDays(1);
		task.setLastModifiedElement(new DateTimeType(modified + "T16:00:00+07:00"));
		if (completed != null) {
			task.setExecutionPeriod(new Period().setStartElement(new DateTimeType(referred.plusDays(1) + "T08:00:00+07:00"))
					.setEndElement(new DateTimeType(completed + "T16:00:00+07:00")));
		}
		task.setOwner(new Reference(owner));
		return task;
	}
}
