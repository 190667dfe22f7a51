package vn.eccd.fhir.growth;

import java.util.Map;

/** Display strings of the nutrition-status code system (as in profiles/src/main/fhir/CodeSystem-nutrition-status.json). */
final class NutritionDisplays {

	private static final Map<String, String> DISPLAYS = Map.ofEntries(
			Map.entry("nutrition-status", "Nutrition status (WHO anthropometric classification)"),
			Map.entry("underweight", "Underweight (dimension)"),
			Map.entry("stunting", "Stunting (dimension)"),
			Map.entry("wasting", "Wasting / thinness / overweight (dimension)"),
			Map.entry("acute-malnutrition", "Acute malnutrition (dimension)"),
			Map.entry("normal", "Normal"),
			Map.entry("underweight-moderate", "Moderate underweight"),
			Map.entry("underweight-severe", "Severe underweight"),
			Map.entry("stunting-moderate", "Moderate stunting"),
			Map.entry("stunting-severe", "Severe stunting"),
			Map.entry("wasting-moderate", "Moderate wasting"),
			Map.entry("wasting-severe", "Severe wasting"),
			Map.entry("thinness-moderate", "Thinness"),
			Map.entry("thinness-severe", "Severe thinness"),
			Map.entry("overweight", "Overweight"),
			Map.entry("obesity", "Obesity"),
			Map.entry("sam", "Severe acute malnutrition (SAM)"),
			Map.entry("mam", "Moderate acute malnutrition (MAM)"),
			Map.entry("implausible", "Not classifiable: implausible value"));

	private NutritionDisplays() {
	}

	static String of(String code) {
		return DISPLAYS.getOrDefault(code, code);
	}
}
