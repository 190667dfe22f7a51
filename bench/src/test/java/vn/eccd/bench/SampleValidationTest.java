package vn.eccd.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;

/**
 * A sample of the generator's output (every resource of a few families per commune type, in bulk NDJSON form,
 * one transaction bundle per visit kind, and the rarer records wherever they occur: care plans (nutrition, and
 * development ones of each status), referrals, screening responses, referral Tasks of each status and bundles holding
 * them) validates with zero errors against base FHIR R4 and - as soon as
 * the IG package (profiles module, vn/eccd/ig/package.tgz) contains them - against the profiles the generator
 * declares in meta.profile. Declared profiles not (yet) in the package are reported, and validation falls back to
 * the base resource definition for them.
 */
class SampleValidationTest {
	@Test
	void generatedSampleValidatesWithZeroErrors() throws IOException {
		FhirContext ctx = FhirContext.forR4Cached();
		Validation v0 = Validation.create(ctx, System.getProperty("eccd.ig.package", System.getenv("ECCD_IG_PACKAGE")));
		System.out.println("[SampleValidationTest] IG package: " + v0.igSource + " (" + v0.igResources + " resources)");
		FhirValidator validator = v0.validator;

		if (v0.igResources > 0) { // else the test would silently fall back to base R4 for them
			for (String p : List.of(Conventions.P_DEVELOPMENT_RESULT, Conventions.P_REFERRAL, Conventions.P_REFERRAL_TASK,
					Conventions.P_CARE_PLAN)) {
				assertTrue(v0.knowsProfile(p), "the IG package has " + p);
			}
		}

		Collecting out = new Collecting();
		new Generator().run(Collecting.config(99, 600), out);
		FhirTerser terser = ctx.newTerser();

		List<Resource> sample = new ArrayList<>();
		Set<String> zonesSampled = new HashSet<>();
		Set<String> bundleKinds = new HashSet<>();
		Map<String, Integer> rare = new HashMap<>();
		for (Collecting.CommuneVisits c : out.communes) {
			boolean takeResources = zonesSampled.add(c.commune().zone().name());
			Map<String, String> refs = new HashMap<>();
			refs.put(c.station().urn(), "Organization/" + c.station().ndjsonId());
			Set<String> seen = new HashSet<>();
			for (Generator.Visit v : c.visits()) {
				for (Generator.Entry e : v.entries()) {
					refs.put(e.urn(), e.resource().fhirType() + "/" + e.ndjsonId());
				}
				if (takeResources && seen.size() < 50) { // the first families of one commune per zone type
					for (Generator.Entry e : v.entries()) {
						if (seen.add(e.urn())) {
							sample.add(OutputWriter.ndjsonForm(terser, e, refs));
						}
					}
				}
				boolean takeBundle = bundleKinds.add(v.kind());
				for (Generator.Entry e : v.entries()) { // the rarer resource types, wherever they occur
					String t = e.resource().fhirType();
					if (e.resource() instanceof Task task) { // the referral follow-up, each status, and its bundle
						t = "Task/" + task.getStatus().toCode();
						takeBundle |= bundleKinds.add("with " + t);
					}
					if (e.resource() instanceof CarePlan cp) { // nutrition, or development by status, and their bundles
						t = "CarePlan/" + cp.getCategoryFirstRep().getCodingFirstRep().getCode();
						if (!t.equals("CarePlan/nutrition")) {
							t += "/" + cp.getStatus().toCode();
							takeBundle |= bundleKinds.add("with " + t);
						}
					}
					if (e.resource() instanceof Observation o && o.getMeta().hasProfile(Conventions.P_DEVELOPMENT_RESULT)) {
						t = "Observation/development";
					}
					if (e.resource() instanceof ServiceRequest && v.entries().stream().anyMatch(x -> x.resource() instanceof
							Observation o && o.getMeta().hasProfile(Conventions.P_DEVELOPMENT_RESULT))) {
						takeBundle |= bundleKinds.add("screening with a referral");
					}
					if ((t.startsWith("CarePlan/") || t.equals("ServiceRequest") || t.startsWith("Task/")
							|| t.equals("QuestionnaireResponse") || t.equals("Observation/development")) && rare.merge(t, 1, Integer::sum) <= 3) {
						sample.add(OutputWriter.ndjsonForm(terser, e, refs));
					}
				}
				if (takeBundle) {
					sample.add(OutputWriter.transaction(v.entries()));
				}
			}
		}
		assertTrue(sample.size() > 100, "sample size " + sample.size());
		assertTrue(rare.getOrDefault("CarePlan/nutrition", 0) > 0 && rare.getOrDefault("ServiceRequest", 0) > 0,
				"care plans and referrals are in the sample");
		assertTrue(rare.getOrDefault("CarePlan/development/active", 0) > 0
				&& rare.getOrDefault("CarePlan/development/completed", 0) > 0,
				"development care plans of both statuses are in the sample: " + rare);
		for (String kind : List.of("screening", "followup", "with Task/completed", "with Task/in-progress",
				"with Task/requested", "screening with a referral", "with CarePlan/development/active",
				"with CarePlan/development/completed")) {
			assertTrue(bundleKinds.contains(kind), "a bundle " + kind + " is in the sample: " + bundleKinds);
		}
		assertTrue(rare.getOrDefault("QuestionnaireResponse", 0) > 0, "screening responses are in the sample");
		assertTrue(sample.stream().anyMatch(r -> r instanceof Observation o
				&& o.getMeta().hasProfile(Conventions.P_DEVELOPMENT_RESULT)), "domain results are in the sample");

		Set<String> missingProfiles = new TreeSet<>();
		List<String> errors = new ArrayList<>();
		Set<String> typesChecked = new TreeSet<>();
		for (Resource r : sample) {
			Resource target = r instanceof Bundle ? ((Bundle) r).copy() : r;
			List<Resource> toStrip = new ArrayList<>();
			toStrip.add(target);
			if (target instanceof Bundle b) {
				b.getEntry().forEach(e -> toStrip.add(e.getResource()));
			}
			for (Resource x : toStrip) {
				List<CanonicalType> keep = new ArrayList<>();
				for (CanonicalType p : x.getMeta().getProfile()) {
					if (v0.knowsProfile(p.getValue())) {
						keep.add(p);
					} else {
						missingProfiles.add(p.getValue());
					}
				}
				x.getMeta().setProfile(keep);
			}
			typesChecked.add(target.fhirType());
			ValidationResult result = validator.validateWithResult(target);
			for (SingleValidationMessage m : result.getMessages()) {
				if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
					errors.add(target.fhirType() + "/" + target.getIdElement().getIdPart() + " " + m.getLocationString()
							+ ": " + m.getMessage());
				}
			}
		}
		if (!missingProfiles.isEmpty()) {
			System.out.println("[SampleValidationTest] profiles declared by the generator but not in the IG package yet"
					+ " (validated against base R4): " + missingProfiles);
		}
		System.out.println("[SampleValidationTest] validated " + sample.size() + " resources/bundles of types " + typesChecked);
		assertTrue(errors.isEmpty(), errors.size() + " validation errors, first: "
				+ String.join("\n", errors.subList(0, Math.min(20, errors.size()))));

		// negative controls: the questionnaire and the development, referral-task and care-plan profiles are really applied
		if (v0.igResources > 0) {
			int carePlanControls = 0;
			for (Resource r : sample) {
				if (r instanceof QuestionnaireResponse qr) {
					QuestionnaireResponse bad = qr.copy();
					bad.getItem().get(1).getItem().get(0).setLinkId("learning.l9");
					bad.getItem().get(1).getItem().get(1).getAnswerFirstRep().setValue(new StringType("có"));
					assertTrue(errorCount(validator, bad) >= 2, "answers not matching the questionnaire are errors");
				} else if (r instanceof Observation o && o.getMeta().hasProfile(Conventions.P_DEVELOPMENT_RESULT)) {
					Observation bad = o.copy();
					bad.getInterpretationFirstRep().getCodingFirstRep().setCode("H");
					bad.setDerivedFrom(null);
					assertTrue(errorCount(validator, bad) >= 2, "a domain result needs its interpretation and response");
				} else if (r instanceof Task t) {
					Task bad = t.copy();
					bad.setOwner(null);
					bad.setCode(null);
					assertTrue(errorCount(validator, bad) >= 2, "a referral task needs its owner and code");
				} else if (r instanceof CarePlan cp && "development".equals(cp.getCategoryFirstRep().getCodingFirstRep()
						.getCode())) {
					CarePlan bad = cp.copy();
					bad.setCategory(null);
					bad.setPeriod(null);
					bad.setActivity(null);
					assertTrue(errorCount(validator, bad) >= 3, "a care plan needs its category, period and activities");
					carePlanControls++;
				}
			}
			assertTrue(carePlanControls > 0, "the care-plan profile's control ran");
		}
	}

	private static long errorCount(FhirValidator validator, Resource r) {
		return validator.validateWithResult(r).getMessages().stream().filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR
				|| m.getSeverity() == ResultSeverityEnum.FATAL).count();
	}
}
