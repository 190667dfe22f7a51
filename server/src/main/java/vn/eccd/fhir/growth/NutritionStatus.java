package vn.eccd.fhir.growth;

import java.util.List;

/**
 * The classification of one visit: one finding per dimension that could be assessed.
 *
 * @param findings in the order of the rules file (underweight, stunting, wasting/thinness, acute malnutrition)
 */
public record NutritionStatus(List<Finding> findings) {

	public static final String SYSTEM = "https://fhir.eccd.vn/CodeSystem/nutrition-status";
	/** Observation.code of a nutrition-status Observation. */
	public static final String OBSERVATION_CODE = "nutrition-status";
	public static final String NORMAL = "normal";
	public static final String IMPLAUSIBLE = "implausible";

	public NutritionStatus {
		findings = List.copyOf(findings);
	}

	/**
	 * @param dimension underweight | stunting | wasting | acute-malnutrition
	 * @param code      nutrition-status concept (normal, stunting-moderate, sam, implausible …)
	 */
	public record Finding(String dimension, String code) {
		public boolean isNormal() {
			return NORMAL.equals(code);
		}
	}

	/** Most serious first: the headline of a visit is the first abnormal finding in this order. */
	static final List<String> SEVERITY = List.of("sam", "wasting-severe", "thinness-severe", "underweight-severe",
			"stunting-severe", "mam", "wasting-moderate", "thinness-moderate", "underweight-moderate",
			"stunting-moderate", "obesity", "overweight");

	/** Codes of the non-normal, non-implausible findings, most serious first. */
	public List<String> abnormalCodes() {
		return findings.stream().filter(f -> !f.isNormal() && !IMPLAUSIBLE.equals(f.code()))
				.map(Finding::code).distinct()
				.sorted(java.util.Comparator.comparingInt(c -> SEVERITY.indexOf(c) < 0 ? Integer.MAX_VALUE : SEVERITY.indexOf(c)))
				.toList();
	}

	/** Whether a finding with this code is present. */
	public boolean has(String code) {
		return findings.stream().anyMatch(f -> f.code().equals(code));
	}
}
