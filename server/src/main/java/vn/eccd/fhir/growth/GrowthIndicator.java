package vn.eccd.fhir.growth;

import java.util.Optional;

/**
 * The z-score indicators, with their codes in CodeSystem {@value #SYSTEM} and WHO's limits for biologically
 * implausible values (a z-score strictly below {@link #flagBelow()} or strictly above {@link #flagAbove()}
 * is flagged; limits apply to the rounded z-score, as in WHO's tools).
 */
public enum GrowthIndicator {
	WEIGHT_FOR_AGE("weight-for-age", "Weight-for-age z-score", -6, 5),
	LENGTH_HEIGHT_FOR_AGE("length-height-for-age", "Length/height-for-age z-score", -6, 6),
	WEIGHT_FOR_LENGTH_HEIGHT("weight-for-length-height", "Weight-for-length/height z-score", -5, 5),
	BMI_FOR_AGE("bmi-for-age", "BMI-for-age z-score", -5, 5),
	HEAD_CIRCUMFERENCE_FOR_AGE("head-circumference-for-age", "Head circumference-for-age z-score", -5, 5),
	MUAC_FOR_AGE("muac-for-age", "Mid-upper arm circumference-for-age z-score", -5, 5);

	public static final String SYSTEM = "https://fhir.eccd.vn/CodeSystem/growth-indicator";

	private final String code;
	private final String display;
	private final double flagBelow;
	private final double flagAbove;

	GrowthIndicator(String code, String display, double flagBelow, double flagAbove) {
		this.code = code;
		this.display = display;
		this.flagBelow = flagBelow;
		this.flagAbove = flagAbove;
	}

	public String code() {
		return code;
	}

	public String display() {
		return display;
	}

	public double flagBelow() {
		return flagBelow;
	}

	public double flagAbove() {
		return flagAbove;
	}

	/** WHO's implausibility flag for an already rounded z-score. */
	public boolean isImplausible(double roundedZ) {
		return roundedZ < flagBelow || roundedZ > flagAbove;
	}

	/** Weight-based indicators are not computed when the child has bilateral pitting oedema. */
	public boolean isWeightBased() {
		return this == WEIGHT_FOR_AGE || this == WEIGHT_FOR_LENGTH_HEIGHT || this == BMI_FOR_AGE;
	}

	public static Optional<GrowthIndicator> fromCode(String code) {
		for (GrowthIndicator indicator : values()) {
			if (indicator.code.equals(code)) {
				return Optional.of(indicator);
			}
		}
		return Optional.empty();
	}
}
