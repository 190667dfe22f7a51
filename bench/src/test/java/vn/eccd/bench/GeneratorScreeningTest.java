package vn.eccd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;

/**
 * Developmental screenings are sent as the IG records them (the milestones QuestionnaireResponse and one
 * eccd-development-domain-result per domain, derived from it, scores and interpretations consistent with the answers),
 * every referral is followed by a Task in a later bundle of the child, dated at its outcome, and development care
 * plans are made for children with a domain not on track, on or shortly after that result.
 */
class GeneratorScreeningTest {
	static Collecting out = new Collecting();
	static Generator generator;

	@BeforeAll
	static void generate() {
		generator = new Generator();
		generator.run(Collecting.config(5, 800), out);
	}

	private static <T extends Resource> T igResource(String file, Class<T> type) throws IOException {
		try (InputStream in = GeneratorScreeningTest.class.getClassLoader().getResourceAsStream(Validation.IG_CLASSPATH)) {
			assertNotNull(in, "the IG package of the profiles module is on the test classpath");
			NpmPackage pkg = NpmPackage.fromPackage(in);
			String json = new String(pkg.getFolders().get("package").fetchFile(file), StandardCharsets.UTF_8);
			return type.cast(FhirContext.forR4Cached().newJsonParser().parseResource(json));
		}
	}

	@Test
	void questionnaireItemsAndDomainCodesAreTheIgs() throws IOException {
		Questionnaire q = igResource("Questionnaire-eccd-ecd-milestones.json", Questionnaire.class);
		assertEquals(Conventions.Q_ECD_MILESTONES, q.getUrl());
		assertTrue(q.getTitle().contains(EcdMilestones.MIN_AGE_MONTHS + "-" + EcdMilestones.MAX_AGE_MONTHS + " months"),
				q.getTitle());
		CodeSystem cs = igResource("CodeSystem-eccd-development-domain.json", CodeSystem.class);
		assertEquals(Conventions.CS_DEVELOPMENT_DOMAIN, cs.getUrl());
		assertEquals(EcdMilestones.DOMAINS.size(), q.getItem().size());
		for (int i = 0; i < q.getItem().size(); i++) {
			Questionnaire.QuestionnaireItemComponent group = q.getItem().get(i);
			EcdMilestones.Domain d = EcdMilestones.DOMAINS.get(i);
			assertEquals(group.getLinkId(), d.code());
			assertEquals(group.getText(), d.display());
			assertEquals(Conventions.CS_DEVELOPMENT_DOMAIN, group.getCodeFirstRep().getSystem());
			assertEquals(d.code(), group.getCodeFirstRep().getCode());
			assertEquals(d.display(), cs.getConcept().stream().filter(c -> c.getCode().equals(d.code())).findFirst()
					.orElseThrow().getDisplay());
			assertEquals(group.getItem().size(), d.items().size(), d.code());
			for (int k = 0; k < group.getItem().size(); k++) {
				Questionnaire.QuestionnaireItemComponent item = group.getItem().get(k);
				assertEquals(item.getLinkId(), d.items().get(k).linkId());
				assertEquals(item.getText(), d.items().get(k).text());
				assertEquals(Questionnaire.QuestionnaireItemType.BOOLEAN, item.getType());
			}
			assertTrue(d.onTrack() > 0 && d.onTrack() <= d.max());
		}
	}

	@Test
	void eachScreeningIsAQuestionnaireResponseAndOneResultPerDomain() {
		int screenings = 0;
		int notOnTrack = 0;
		Map<String, Integer> results = new HashMap<>();
		for (Collecting.CommuneVisits c : out.communes) {
			for (Generator.Visit v : c.visits()) {
				for (Generator.Entry e : v.entries()) {
					if (e.resource() instanceof Observation o && o.getMeta().hasProfile(Conventions.P_DEVELOPMENT_RESULT)
							&& v.date().equals(date(o))) {
						results.merge(o.getDerivedFromFirstRep().getReference(), 1, Integer::sum);
					}
					if (!(e.resource() instanceof QuestionnaireResponse qr) || !v.date().equals(date(qr))) {
						continue; // a response re-sent with a referral's follow-up is checked where it was made
					}
					screenings++;
					assertEquals(Conventions.Q_ECD_MILESTONES, qr.getQuestionnaire());
					assertEquals(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED, qr.getStatus());
					assertEquals(c.station().urn(), qr.getAuthor().getReference());
					Patient child = (Patient) find(v, qr.getSubject().getReference()).resource();
					long months = ChronoUnit.MONTHS.between(LocalDate.parse(child.getBirthDateElement().getValueAsString()),
							v.date());
					assertTrue(months >= EcdMilestones.MIN_AGE_MONTHS && months <= EcdMilestones.MAX_AGE_MONTHS,
							"the questionnaire's age band: " + months);
					Set<String> domains = new HashSet<>();
					for (Generator.Entry r : v.entries()) {
						if (!(r.resource() instanceof Observation o) || !o.hasDerivedFrom()
								|| !e.urn().equals(o.getDerivedFromFirstRep().getReference())) {
							continue;
						}
						assertTrue(o.getMeta().hasProfile(Conventions.P_DEVELOPMENT_RESULT));
						assertEquals(Conventions.CS_DEVELOPMENT_DOMAIN, o.getCode().getCodingFirstRep().getSystem());
						String domain = o.getCode().getCodingFirstRep().getCode();
						assertTrue(domains.add(domain), "one result per domain");
						EcdMilestones.Domain d = EcdMilestones.DOMAINS.stream().filter(x -> x.code().equals(domain))
								.findFirst().orElseThrow();
						QuestionnaireResponse.QuestionnaireResponseItemComponent group = qr.getItem().stream()
								.filter(g -> g.getLinkId().equals(domain)).findFirst().orElseThrow();
						long yes = group.getItem().stream().filter(i -> i.getAnswerFirstRep().getValueBooleanType().booleanValue())
								.count();
						assertEquals(d.max(), group.getItem().size());
						assertEquals(yes, o.getValueIntegerType().getValue().longValue(), "score = milestones achieved");
						String interpretation = o.getInterpretationFirstRep().getCodingFirstRep().getCode();
						assertEquals(yes >= d.onTrack() ? "N" : "A", interpretation);
						notOnTrack += "A".equals(interpretation) ? 1 : 0;
						assertEquals(v.date(), date(o));
						assertEquals(qr.getSubject().getReference(), o.getSubject().getReference());
						assertEquals(c.station().urn(), o.getPerformerFirstRep().getReference());
					}
					assertEquals(Set.of("health", "learning", "psychosocial"), domains);
				}
			}
		}
		assertTrue(screenings > 300, "screenings " + screenings);
		assertTrue(results.values().stream().allMatch(n -> n % 3 == 0), "3 domain results per response");
		double shareA = notOnTrack / (3.0 * screenings);
		assertTrue(shareA > 0.02 && shareA < 0.15, "domain results not on track " + shareA);
		Summary s = generator.summary();
		assertEquals(screenings, s.screenings);
		assertTrue(s.screening.get("typical") > 0.7 * screenings, "most children on track " + s.screening);
		assertTrue(s.screening.get("monitor") > 0 && s.screening.get("refer") > 0, s.screening.toString());
	}

	@Test
	void everyReferralIsFollowedByATaskInALaterBundleOfTheChild() {
		Map<String, ServiceRequest> referrals = new HashMap<>();
		Map<String, LocalDate> referralDates = new HashMap<>();
		Map<String, Task> tasks = new HashMap<>();
		int within30 = 0;
		int later = 0;
		Map<String, Integer> statuses = new HashMap<>();
		for (Collecting.CommuneVisits c : out.communes) {
			for (Generator.Visit v : c.visits()) {
				for (Generator.Entry e : v.entries()) {
					if (e.resource() instanceof ServiceRequest sr) {
						referrals.put(e.urn(), sr);
						referralDates.putIfAbsent(e.urn(), v.date());
						assertEquals(referralDates.get(e.urn()).toString(), sr.getAuthoredOnElement().getValueAsString());
					}
					if (!(e.resource() instanceof Task t)) {
						continue;
					}
					String sr = t.getBasedOnFirstRep().getReference();
					assertTrue(t.getMeta().hasProfile(Conventions.P_REFERRAL_TASK));
					assertEquals(sr, t.getFocus().getReference());
					assertNotNull(find(v, sr), "the referral is in the follow-up bundle");
					assertEquals(((ServiceRequest) find(v, sr).resource()).getSubject().getReference(), t.getFor().getReference());
					assertTrue(v.date().isAfter(referralDates.get(sr)), "sent after the referral");
					assertNull(tasks.put(sr, t), "one Task per referral");
					assertEquals(c.station().urn(), t.getRequester().getReference());
					assertEquals(Task.TaskIntent.ORDER, t.getIntent());
					assertEquals(v.date().toString(), t.getLastModifiedElement().getValueAsString(), "dated when sent");
					statuses.merge(t.getStatus().toCode(), 1, Integer::sum);
					if (t.getStatus() == Task.TaskStatus.COMPLETED) {
						assertEquals(v.date().toString(), t.getExecutionPeriod().getEndElement().getValueAsString(),
								"sent at the completion");
						long days = ChronoUnit.DAYS.between(referralDates.get(sr), v.date());
						if (days <= 30) {
							within30++;
						} else {
							later++;
						}
						assertTrue(t.hasOutput());
					} else {
						assertTrue(t.getStatus() == Task.TaskStatus.INPROGRESS || t.getStatus() == Task.TaskStatus.REQUESTED);
						assertTrue(t.hasStatusReason());
						assertTrue(!t.getExecutionPeriod().hasEnd());
					}
				}
			}
		}
		assertTrue(referrals.size() > 20, "referrals " + referrals.size());
		assertTrue(tasks.size() >= 0.9 * referrals.size(), tasks.size() + " tasks for " + referrals.size() + " referrals");
		assertEquals(referrals.size(), tasks.size() + generator.summary().referralsOpenWithoutTask);
		assertTrue(within30 > 0.4 * tasks.size() && later > 0, within30 + " within 30 days, " + later + " later");
		assertTrue(statuses.getOrDefault("in-progress", 0) > 0 && statuses.getOrDefault("requested", 0) > 0,
				statuses.toString());
		assertEquals(within30, generator.summary().tasksCompletedWithin30d);
	}

	@Test
	void developmentCarePlansFollowAResultNotOnTrack() {
		record Result(LocalDate date, String interpretation) {
		}
		record Plan(LocalDate start, LocalDate end, CarePlan.CarePlanStatus status) {
		}
		Map<String, List<Result>> results = new HashMap<>(); // by child, recorded at their own date, in date order
		Map<String, List<Plan>> plans = new HashMap<>(); // development plans by child
		Map<String, List<LocalDate>> rescreens = new HashMap<>(); // care plans' re-screens by child
		Set<String> sent = new HashSet<>();
		Map<String, Integer> statuses = new HashMap<>();
		for (Collecting.CommuneVisits c : out.communes) {
			for (Generator.Visit v : c.visits()) { // in date order
				for (Generator.Entry e : v.entries()) {
					if (e.resource() instanceof Observation o && o.getMeta().hasProfile(Conventions.P_DEVELOPMENT_RESULT)
							&& v.date().equals(date(o))) {
						results.computeIfAbsent(o.getSubject().getReference(), k -> new ArrayList<>()).add(
								new Result(date(o), o.getInterpretationFirstRep().getCodingFirstRep().getCode()));
					}
					if (e.resource() instanceof QuestionnaireResponse qr && v.date().equals(date(qr))
							&& qr.getIdentifier().getValue().endsWith("-RS")) {
						rescreens.computeIfAbsent(qr.getSubject().getReference(), k -> new ArrayList<>()).add(date(qr));
					}
				}
				for (Generator.Entry e : v.entries()) {
					if (!(e.resource() instanceof CarePlan cp) || !"development".equals(category(cp))) {
						continue;
					}
					assertTrue(sent.add(e.urn()), "a plan is sent once");
					assertTrue(cp.getMeta().hasProfile(Conventions.P_CARE_PLAN));
					assertEquals(CarePlan.CarePlanIntent.PLAN, cp.getIntent());
					assertEquals(c.station().urn(), cp.getAuthor().getReference());
					assertTrue(cp.getTitle().startsWith("Kế hoạch can thiệp sớm") && cp.hasDescription());
					String child = cp.getSubject().getReference();
					LocalDate start = LocalDate.parse(cp.getPeriod().getStartElement().getValueAsString());
					assertEquals(start.toString(), cp.getCreatedElement().getValueAsString());
					// the child has a result not on track on or shortly before the plan's start ...
					assertTrue(results.getOrDefault(child, List.of()).stream().anyMatch(r -> "A".equals(r.interpretation())
							&& !r.date().isAfter(start) && ChronoUnit.DAYS.between(r.date(), start) <= 28),
							"a result A on or at most 28 days before " + start + " for " + child);
					// ... and the plan names it: every supportingInfo is such a result of the child, in the bundle
					assertTrue(cp.hasSupportingInfo());
					for (var ref : cp.getSupportingInfo()) {
						Generator.Entry target = find(v, ref.getReference());
						assertNotNull(target, "the plan's findings are in its bundle");
						Observation o = (Observation) target.resource();
						assertTrue(o.getMeta().hasProfile(Conventions.P_DEVELOPMENT_RESULT));
						assertEquals("A", o.getInterpretationFirstRep().getCodingFirstRep().getCode());
						assertEquals(child, o.getSubject().getReference());
						assertTrue(!date(o).isAfter(start) && ChronoUnit.DAYS.between(date(o), start) <= 28,
								date(o) + " -> " + start);
					}
					assertTrue(cp.getActivity().size() >= 3 && cp.getActivity().stream().allMatch(a -> a.getDetail().hasStatus()
							&& a.getDetail().hasDescription()));
					statuses.merge(cp.getStatus().toCode(), 1, Integer::sum);
					LocalDate end = null;
					if (cp.getStatus() == CarePlan.CarePlanStatus.ACTIVE) {
						assertTrue(!cp.getPeriod().hasEnd(), "an active plan has no end");
						assertEquals(start, v.date(), "an active plan is sent when made");
					} else {
						assertEquals(CarePlan.CarePlanStatus.COMPLETED, cp.getStatus());
						end = LocalDate.parse(cp.getPeriod().getEndElement().getValueAsString());
						assertEquals(end, v.date(), "a completed plan is sent at its re-screen");
						long days = ChronoUnit.DAYS.between(start, end);
						assertTrue(days >= 90 && days <= 120, days + " days");
						// the re-screen, in the bundle: every domain on track
						String qr = cp.getActivity().get(cp.getActivity().size() - 1).getOutcomeReferenceFirstRep().getReference();
						QuestionnaireResponse again = (QuestionnaireResponse) find(v, qr).resource();
						assertEquals(end, date(again));
						assertEquals(child, again.getSubject().getReference());
						long onTrack = v.entries().stream().filter(x -> x.resource() instanceof Observation o
								&& o.hasDerivedFrom() && qr.equals(o.getDerivedFromFirstRep().getReference())
								&& "N".equals(o.getInterpretationFirstRep().getCodingFirstRep().getCode())).count();
						assertEquals(3, onTrack, "every domain on track at the re-screen");
					}
					plans.computeIfAbsent(child, k -> new ArrayList<>()).add(new Plan(start, end, cp.getStatus()));
				}
			}
		}
		// one plan at a time: a child's plans follow each other, only the last may still be active
		for (List<Plan> ps : plans.values()) {
			ps.sort(Comparator.comparing(Plan::start));
			for (int i = 0; i + 1 < ps.size(); i++) {
				assertEquals(CarePlan.CarePlanStatus.COMPLETED, ps.get(i).status());
				assertTrue(ps.get(i).end().isBefore(ps.get(i + 1).start()));
			}
		}
		// a re-screen is the one of a plan of the child, 90-120 days after its start
		rescreens.forEach((child, dates) -> dates.forEach(d -> assertTrue(plans.getOrDefault(child, List.of()).stream()
				.anyMatch(p -> ChronoUnit.DAYS.between(p.start(), d) >= 90 && ChronoUnit.DAYS.between(p.start(), d) <= 120),
				"re-screen of " + child + " on " + d)));
		int active = statuses.getOrDefault("active", 0);
		int completed = statuses.getOrDefault("completed", 0);
		assertTrue(completed > 0 && active > completed, statuses.toString());
		Summary s = generator.summary();
		assertEquals(active, s.devCarePlans.get("active"));
		assertEquals(completed, s.devCarePlans.get("completed"));
		assertEquals(completed, s.rescreens[0], "plans completed = re-screens on track");
		// most screenings "refer" and some "monitor" get a plan (fewer than the screenings: one plan at a time)
		long refer = s.devCarePlansAfter.getOrDefault("refer", 0L);
		long monitor = s.devCarePlansAfter.getOrDefault("monitor", 0L);
		assertTrue(refer >= 0.5 * s.screening.get("refer") && refer <= s.screening.get("refer"), refer + " " + s.screening);
		assertTrue(monitor > 0.1 * s.screening.get("monitor") && monitor < 0.6 * s.screening.get("monitor"),
				monitor + " " + s.screening);
	}

	private static String category(CarePlan cp) {
		return cp.getCategory().stream().flatMap(k -> k.getCoding().stream())
				.filter(x -> Conventions.CS_CARE_PLAN_CATEGORY.equals(x.getSystem())).map(x -> x.getCode()).findFirst()
				.orElse(null);
	}

	private static LocalDate date(QuestionnaireResponse qr) {
		return LocalDate.parse(qr.getAuthoredElement().getValueAsString());
	}

	private static LocalDate date(Observation o) {
		return LocalDate.parse(o.getEffectiveDateTimeType().getValueAsString());
	}

	private static Generator.Entry find(Generator.Visit v, String urn) {
		return v.entries().stream().filter(x -> x.urn().equals(urn)).findFirst().orElse(null);
	}
}
