package vn.eccd.fhir.ig;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the implementation guide and of profile validation on write, bound from {@code eccd.ig.*} and
 * documented in docs/configuration.md.
 *
 * @param installOnStartup     install the IG package (classpath vn/eccd/ig/package.tgz) at start-up
 * @param packageResource      classpath location of the package
 * @param validation           validation of every create/update/transaction entry
 */
@ConfigurationProperties(prefix = "eccd.ig")
public record IgProperties(Boolean installOnStartup, String packageResource, Validation validation) {

	public IgProperties {
		if (installOnStartup == null) {
			installOnStartup = Boolean.TRUE;
		}
		if (packageResource == null || packageResource.isBlank()) {
			packageResource = "vn/eccd/ig/package.tgz";
		}
		if (validation == null) {
			validation = new Validation(null, null, null, null);
		}
	}

	/**
	 * @param enabled          validate writes coming through the REST API (create, update, transaction/batch entries)
	 * @param skipResourceTypes resource types never validated on write (conformance and knowledge resources)
	 * @param defaultProfiles  resource type → profile URL used when the resource declares none of ours
	 * @param strictCodeSystemPrefixes code systems whose unknown codes are errors; unknown codes of any other
	 *                         system (LOINC, SNOMED CT... no terminology server offline) are reported as warnings
	 */
	public record Validation(
			Boolean enabled,
			List<String> skipResourceTypes,
			Map<String, String> defaultProfiles,
			List<String> strictCodeSystemPrefixes) {

		public Validation {
			if (enabled == null) {
				enabled = Boolean.TRUE;
			}
			if (skipResourceTypes == null) {
				skipResourceTypes = List.of("StructureDefinition", "CodeSystem", "ValueSet", "ConceptMap", "NamingSystem",
						"ImplementationGuide", "SearchParameter", "CapabilityStatement", "OperationDefinition",
						"CompartmentDefinition", "StructureMap", "Questionnaire", "Library", "Measure", "MeasureReport",
						"PlanDefinition", "ActivityDefinition", "Subscription", "Binary", "Parameters");
			}
			if (defaultProfiles == null) {
				defaultProfiles = Map.of();
			}
			if (strictCodeSystemPrefixes == null) {
				strictCodeSystemPrefixes = List.of("https://fhir.eccd.vn/");
			}
		}
	}
}
