package vn.eccd.fhir.growth;

import java.util.Objects;

/**
 * One visit's measurements of one child, as the engine takes them.
 *
 * @param sex                 required
 * @param ageInDays           age at measurement in days (may be fractional when derived from months; WHO rounds
 *                            halves upward before a day lookup); must be ≥ 0
 * @param weightKg            body weight in kg, or null
 * @param lengthHeightCm      length or height in cm as measured (before the 0.7 cm conversion), or null
 * @param position            how the length/height was measured, or null when not recorded
 * @param headCircumferenceCm head circumference in cm, or null
 * @param muacCm              mid-upper arm circumference in cm, or null
 * @param oedema              bilateral pitting oedema present
 */
public record AnthropometricInput(
		Sex sex,
		double ageInDays,
		Double weightKg,
		Double lengthHeightCm,
		MeasuringPosition position,
		Double headCircumferenceCm,
		Double muacCm,
		boolean oedema) {

	/** Average length of a month in days, as WHO uses it (365.25 / 12). */
	public static final double DAYS_PER_MONTH = 30.4375;

	public AnthropometricInput {
		Objects.requireNonNull(sex, "sex");
		if (Double.isNaN(ageInDays) || ageInDays < 0) {
			throw new IllegalArgumentException("age must be 0 days or more, was " + ageInDays);
		}
		requirePositive("weight", weightKg);
		requirePositive("length/height", lengthHeightCm);
		requirePositive("head circumference", headCircumferenceCm);
		requirePositive("MUAC", muacCm);
	}

	private static void requirePositive(String what, Double value) {
		if (value != null && (value.isNaN() || value.isInfinite() || value <= 0)) {
			throw new IllegalArgumentException(what + " must be a positive number, was " + value);
		}
	}

	public double ageInMonths() {
		return ageInDays / DAYS_PER_MONTH;
	}

	public static Builder builder(Sex sex, double ageInDays) {
		return new Builder(sex, ageInDays);
	}

	/** Convenience builder (all measurements optional). */
	public static final class Builder {
		private final Sex sex;
		private final double ageInDays;
		private Double weightKg;
		private Double lengthHeightCm;
		private MeasuringPosition position;
		private Double headCircumferenceCm;
		private Double muacCm;
		private boolean oedema;

		private Builder(Sex sex, double ageInDays) {
			this.sex = sex;
			this.ageInDays = ageInDays;
		}

		public Builder weight(Double kg) {
			this.weightKg = kg;
			return this;
		}

		public Builder lengthHeight(Double cm, MeasuringPosition position) {
			this.lengthHeightCm = cm;
			this.position = position;
			return this;
		}

		public Builder headCircumference(Double cm) {
			this.headCircumferenceCm = cm;
			return this;
		}

		public Builder muac(Double cm) {
			this.muacCm = cm;
			return this;
		}

		public Builder oedema(boolean present) {
			this.oedema = present;
			return this;
		}

		public AnthropometricInput build() {
			return new AnthropometricInput(sex, ageInDays, weightKg, lengthHeightCm, position, headCircumferenceCm,
					muacCm, oedema);
		}
	}
}
