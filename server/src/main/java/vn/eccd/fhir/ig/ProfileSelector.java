package vn.eccd.fhir.ig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Chooses the profile a resource is validated against when it declares none of ours.
 *
 * <p>Resource types with one default profile (Patient → eccd-patient, Immunization → eccd-immunization, ...) come
 * from configuration. Observations and Encounters are told apart by their code / type: the selector reads, from
 * each profile's snapshot, the fixed pattern of {@code Observation.code} or of a required {@code Encounter.type}
 * slice (e.g. LOINC 29463-7 → eccd-body-weight, growth-indicator system → eccd-growth-zscore). A new profile in
 * the IG is therefore picked up without code changes.
 */
public final class ProfileSelector {

	public static final String CANONICAL_SD = "https://fhir.eccd.vn/StructureDefinition/";

	/** Defaults per resource type; configuration (eccd.ig.validation.default-profiles) overrides them. */
	public static final Map<String, String> BUILT_IN_DEFAULTS = Map.ofEntries(
			Map.entry("Patient", CANONICAL_SD + "eccd-patient"),
			Map.entry("Organization", CANONICAL_SD + "eccd-health-facility"),
			Map.entry("Immunization", CANONICAL_SD + "eccd-immunization"),
			Map.entry("EpisodeOfCare", CANONICAL_SD + "eccd-pregnancy"),
			Map.entry("MedicationAdministration", CANONICAL_SD + "eccd-supplementation"),
			Map.entry("CarePlan", CANONICAL_SD + "eccd-care-plan"),
			Map.entry("ServiceRequest", CANONICAL_SD + "eccd-referral"),
			Map.entry("Task", CANONICAL_SD + "eccd-referral-task"),
			Map.entry("Coverage", CANONICAL_SD + "eccd-coverage"));

	/**
	 * Codes that FHIR's vital-signs rules require next to a more specific one (a lying length carries 8306-3 and
	 * the generic body-height code 8302-2): the specific code decides the profile.
	 */
	static final java.util.Set<String> GENERIC_CODES = java.util.Set.of("http://loinc.org|8302-2");

	private final Map<String, String> byType;
	/** "system|code" or "system|" → profile URL, per resource type. */
	private final Map<String, Map<String, String>> byCode = new HashMap<>();
	private final Map<String, List<String>> profilesByType = new LinkedHashMap<>();

	public ProfileSelector(List<StructureDefinition> definitions, Map<String, String> configuredDefaults) {
		Map<String, String> defaults = new HashMap<>(BUILT_IN_DEFAULTS);
		defaults.putAll(configuredDefaults);
		this.byType = Collections.unmodifiableMap(defaults);
		for (StructureDefinition sd : definitions) {
			if (sd.getKind() != StructureDefinition.StructureDefinitionKind.RESOURCE) {
				continue;
			}
			profilesByType.computeIfAbsent(sd.getType(), t -> new ArrayList<>()).add(sd.getUrl());
			for (ElementDefinition e : sd.getSnapshot().getElement()) {
				boolean codeElement = e.getPath().equals("Observation.code") && !e.hasSliceName();
				boolean typeSlice = e.getPath().equals("Encounter.type") && e.hasSliceName() && e.getMin() > 0;
				if ((codeElement || typeSlice) && e.hasPattern() && e.getPattern() instanceof CodeableConcept cc) {
					for (Coding c : cc.getCoding()) {
						byCode.computeIfAbsent(sd.getType(), t -> new HashMap<>())
								.put(c.getSystem() + "|" + (c.hasCode() ? c.getCode() : ""), sd.getUrl());
					}
				}
			}
		}
	}

	/** The profile for a resource that declares none of ours, if the IG has one for it. */
	public Optional<String> defaultProfileFor(IBaseResource resource) {
		String type = resource.fhirType();
		List<Coding> codings;
		if (resource instanceof Observation o) {
			codings = o.getCode().getCoding();
		} else if (resource instanceof Encounter e) {
			codings = e.getType().stream().flatMap(t -> t.getCoding().stream()).toList();
		} else {
			codings = List.of();
		}
		Map<String, String> codes = byCode.getOrDefault(type, Map.of());
		String generic = null;
		for (Coding c : codings) {
			String key = c.getSystem() + "|" + c.getCode();
			String exact = codes.get(key);
			if (exact != null && GENERIC_CODES.contains(key)) {
				generic = exact;
			} else if (exact != null) {
				return Optional.of(exact);
			}
		}
		if (generic != null) {
			return Optional.of(generic);
		}
		for (Coding c : codings) {
			String bySystem = codes.get(c.getSystem() + "|");
			if (bySystem != null) {
				return Optional.of(bySystem);
			}
		}
		return Optional.ofNullable(byType.get(type));
	}

	/** Resource type → our profiles of it (for the CapabilityStatement). */
	public Map<String, List<String>> profilesByType() {
		return Collections.unmodifiableMap(profilesByType);
	}

	static boolean isOurs(String profileUrl) {
		return profileUrl != null && profileUrl.startsWith(CANONICAL_SD);
	}

}
