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
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;

/**
 * A sample of the generator's output (every resource of a few families per commune type, in bulk NDJSON form,
 * and one transaction bundle per visit kind) validates with zero errors against base FHIR R4 and - as soon as
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

		Collecting out = new Collecting();
		new Generator().run(Collecting.config(99, 200), out);
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
				for (Generator.Entry e : v.entries()) { // the rarer resource types, wherever they occur
					String t = e.resource().fhirType();
					if ((t.equals("CarePlan") || t.equals("ServiceRequest")) && rare.merge(t, 1, Integer::sum) <= 3) {
						sample.add(OutputWriter.ndjsonForm(terser, e, refs));
					}
				}
				if (bundleKinds.add(v.kind())) {
					sample.add(OutputWriter.transaction(v.entries()));
				}
			}
		}
		assertTrue(sample.size() > 100, "sample size " + sample.size());
		assertTrue(rare.getOrDefault("CarePlan", 0) > 0 && rare.getOrDefault("ServiceRequest", 0) > 0,
				"care plans and referrals are in the sample");

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
	}
}
