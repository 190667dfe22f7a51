package vn.eccd.fhir.growth;

import java.util.EnumMap;
import java.util.Map;

/**
 * Computes WHO z-scores the way WHO's own software does (anthro for 0–5 years, anthroplus for 5–19 years;
 * rules in {@code vn/eccd/terminology/growth/SOURCE.md} and docs/growth.md):
 * <ul>
 * <li>age below 60 months (days / 30.4375 &lt; 60): WHO Child Growth Standards 2006, row of the age in whole
 * days (fractional days rounded half up), no interpolation;</li>
 * <li>from 60 months: WHO Growth Reference 2007, L, M, S interpolated between whole months; height- and
 * BMI-for-age to 228 months, weight-for-age to 120 months;</li>
 * <li>length/height put on the table's basis (+0.7 cm for standing below 731 days, −0.7 cm for lying from 731
 * days; "standing" under 9 months is treated as an unknown position);</li>
 * <li>weight-for-length (45–110 cm) below 731 days, weight-for-height (65–120 cm) from 731 days, interpolated
 * between 0.1 cm grid points;</li>
 * <li>restricted LMS beyond ±3 SD for weight-for-age, weight-for-length/height, BMI-for-age and MUAC-for-age;
 * plain LMS for length/height-for-age and head circumference-for-age;</li>
 * <li>z-scores rounded to 2 decimals, implausibility flags evaluated on the rounded value;</li>
 * <li>with oedema, no weight-based z-score.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class WhoGrowthCalculator {

	/** Age in days from which the standards are built on standing height (2 years). */
	public static final int HEIGHT_FROM_DAYS = 731;
	/** Difference between recumbent length and standing height applied by WHO, in cm. */
	public static final double LENGTH_HEIGHT_DIFFERENCE_CM = 0.7;
	/** Age (months) from which WHO 2007 applies. */
	public static final double WHO2007_FROM_MONTHS = 60;
	static final double WFL_MIN_CM = 45;
	static final double WFL_MAX_CM = 110;
	static final double WFH_MIN_CM = 65;
	static final double WFH_MAX_CM = 120;
	static final double WHO2007_WFA_MAX_MONTHS = 120;
	static final double WHO2007_MAX_MONTHS = 228;

	private final WhoGrowthTables tables;

	public WhoGrowthCalculator() {
		this(WhoGrowthTables.get());
	}

	public WhoGrowthCalculator(WhoGrowthTables tables) {
		this.tables = tables;
	}

	public WhoGrowthTables tables() {
		return tables;
	}

	/** Rounds a fractional day count to a whole day, halves upward (as WHO does before a day lookup). */
	public static int roundDays(double ageInDays) {
		double floor = Math.floor(ageInDays);
		return (int) (ageInDays - floor >= 0.5 ? floor + 1 : floor);
	}

	public GrowthAssessment assess(AnthropometricInput in) {
		Sex sex = in.sex();
		double months = in.ageInMonths();
		int days = roundDays(in.ageInDays());
		boolean who2006 = months < WHO2007_FROM_MONTHS;

		MeasuringPosition position = in.position();
		boolean positionImplausible = position == MeasuringPosition.STANDING && months < 9;
		if (positionImplausible) {
			position = null;
		}
		Double lengthHeight = null;
		if (in.lengthHeightCm() != null) {
			double value = in.lengthHeightCm();
			if (position == MeasuringPosition.STANDING && days < HEIGHT_FROM_DAYS) {
				value = value + LENGTH_HEIGHT_DIFFERENCE_CM;
			} else if (position == MeasuringPosition.LYING && days >= HEIGHT_FROM_DAYS) {
				value = value - LENGTH_HEIGHT_DIFFERENCE_CM;
			}
			lengthHeight = value;
		}
		Double weight = in.weightKg();
		Double bmi = weight != null && lengthHeight != null
				? weight / ((lengthHeight / 100) * (lengthHeight / 100)) : null;
		Double weightNoOedema = in.oedema() ? null : weight;
		Double bmiNoOedema = in.oedema() ? null : bmi;

		Map<GrowthIndicator, ZScore> out = new EnumMap<>(GrowthIndicator.class);
		if (who2006) {
			byDay(out, GrowthIndicator.WEIGHT_FOR_AGE, sex, days, weightNoOedema, true);
			byDay(out, GrowthIndicator.LENGTH_HEIGHT_FOR_AGE, sex, days, lengthHeight, false);
			byDay(out, GrowthIndicator.BMI_FOR_AGE, sex, days, bmiNoOedema, true);
			byDay(out, GrowthIndicator.HEAD_CIRCUMFERENCE_FOR_AGE, sex, days, in.headCircumferenceCm(), false);
			byDay(out, GrowthIndicator.MUAC_FOR_AGE, sex, days, in.muacCm(), true);
			if (weightNoOedema != null && lengthHeight != null) {
				weightForLengthHeight(out, sex, days, weightNoOedema, lengthHeight);
			}
		} else {
			byMonth(out, GrowthIndicator.WEIGHT_FOR_AGE, sex, months, WHO2007_WFA_MAX_MONTHS, weightNoOedema, true);
			byMonth(out, GrowthIndicator.LENGTH_HEIGHT_FOR_AGE, sex, months, WHO2007_MAX_MONTHS, lengthHeight, false);
			byMonth(out, GrowthIndicator.BMI_FOR_AGE, sex, months, WHO2007_MAX_MONTHS, bmiNoOedema, true);
		}
		return new GrowthAssessment(in, who2006 ? GrowthReference.WHO_2006 : GrowthReference.WHO_2007,
				lengthHeight, bmi, positionImplausible, out);
	}

	private void byDay(Map<GrowthIndicator, ZScore> out, GrowthIndicator indicator, Sex sex, int days, Double y,
			boolean restricted) {
		if (y == null) {
			return;
		}
		Lms lms = tables.standard2006ByAge(indicator).at(sex, days);
		if (lms != null) {
			put(out, indicator, lms, y, restricted, GrowthReference.WHO_2006);
		}
	}

	private void byMonth(Map<GrowthIndicator, ZScore> out, GrowthIndicator indicator, Sex sex, double months,
			double maxMonths, Double y, boolean restricted) {
		if (y == null || months < WHO2007_FROM_MONTHS || months > maxMonths) {
			return;
		}
		int lower = (int) Math.floor(months);
		Lms lms = tables.reference2007(indicator).interpolate(sex, lower, months - lower);
		if (lms != null) {
			put(out, indicator, lms, y, restricted, GrowthReference.WHO_2007);
		}
	}

	private void weightForLengthHeight(Map<GrowthIndicator, ZScore> out, Sex sex, int days, double weight,
			double lengthHeight) {
		boolean byLength = days < HEIGHT_FROM_DAYS;
		LmsTable table = byLength ? tables.weightForLength2006() : tables.weightForHeight2006();
		double min = byLength ? WFL_MIN_CM : WFH_MIN_CM;
		double max = byLength ? WFL_MAX_CM : WFH_MAX_CM;
		if (lengthHeight < min || lengthHeight > max) {
			return;
		}
		double lower = Math.floor(lengthHeight * 10) / 10;
		double fraction = (lengthHeight - lower) / 0.1;
		Lms lms = table.interpolate(sex, (int) Math.round(lower * 10), fraction);
		if (lms != null) {
			put(out, GrowthIndicator.WEIGHT_FOR_LENGTH_HEIGHT, lms, weight, true, GrowthReference.WHO_2006);
		}
	}

	private static void put(Map<GrowthIndicator, ZScore> out, GrowthIndicator indicator, Lms lms, double y,
			boolean restricted, GrowthReference reference) {
		double z = restricted ? lms.zRestricted(y) : lms.z(y);
		if (Double.isNaN(z) || Double.isInfinite(z)) {
			return;
		}
		double rounded = Lms.round2(z);
		out.put(indicator, new ZScore(indicator, rounded, indicator.isImplausible(rounded), reference));
	}
}
