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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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
 * and every referral is followed by a Task in a later bundle of the child, dated at its outcome.
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
