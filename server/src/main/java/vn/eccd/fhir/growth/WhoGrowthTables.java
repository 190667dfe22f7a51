package vn.eccd.fhir.growth;

import vn.eccd.fhir.growth.LmsTable.KeyUnit;

/**
 * The WHO LMS tables, loaded once from the classpath ({@code vn/eccd/terminology/growth/}, module terminology;
 * provenance in SOURCE.md there). Immutable and thread-safe once loaded.
 */
public final class WhoGrowthTables {

	public static final String RESOURCE_DIR = "vn/eccd/terminology/growth/";

	// WHO Child Growth Standards 2006, by day (0..1826) or by 0.1 cm
	final LmsTable weightForAge2006;
	final LmsTable lengthHeightForAge2006;
	final LmsTable weightForLength2006;
	final LmsTable weightForHeight2006;
	final LmsTable bmiForAge2006;
	final LmsTable headCircumferenceForAge2006;
	final LmsTable armCircumferenceForAge2006;
	// WHO Growth Reference 2007, by month
	final LmsTable heightForAge2007;
	final LmsTable weightForAge2007;
	final LmsTable bmiForAge2007;

	private WhoGrowthTables() {
		weightForAge2006 = LmsTable.load(RESOURCE_DIR + "who2006_weianthro.csv", KeyUnit.DAYS);
		lengthHeightForAge2006 = LmsTable.load(RESOURCE_DIR + "who2006_lenanthro.csv", KeyUnit.DAYS);
		weightForLength2006 = LmsTable.load(RESOURCE_DIR + "who2006_wflanthro.csv", KeyUnit.TENTHS_OF_CM);
		weightForHeight2006 = LmsTable.load(RESOURCE_DIR + "who2006_wfhanthro.csv", KeyUnit.TENTHS_OF_CM);
		bmiForAge2006 = LmsTable.load(RESOURCE_DIR + "who2006_bmianthro.csv", KeyUnit.DAYS);
		headCircumferenceForAge2006 = LmsTable.load(RESOURCE_DIR + "who2006_hcanthro.csv", KeyUnit.DAYS);
		armCircumferenceForAge2006 = LmsTable.load(RESOURCE_DIR + "who2006_acanthro.csv", KeyUnit.DAYS);
		heightForAge2007 = LmsTable.load(RESOURCE_DIR + "who2007_hfawho2007.csv", KeyUnit.MONTHS);
		weightForAge2007 = LmsTable.load(RESOURCE_DIR + "who2007_wfawho2007.csv", KeyUnit.MONTHS);
		bmiForAge2007 = LmsTable.load(RESOURCE_DIR + "who2007_bfawho2007.csv", KeyUnit.MONTHS);
	}

	private static final class Holder {
		private static final WhoGrowthTables INSTANCE = new WhoGrowthTables();
	}

	/** The tables, read from the classpath on first use. */
	public static WhoGrowthTables get() {
		return Holder.INSTANCE;
	}

	/** The 2006 age-indexed table of an indicator (null for weight-for-length/height). */
	public LmsTable standard2006ByAge(GrowthIndicator indicator) {
		return switch (indicator) {
			case WEIGHT_FOR_AGE -> weightForAge2006;
			case LENGTH_HEIGHT_FOR_AGE -> lengthHeightForAge2006;
			case BMI_FOR_AGE -> bmiForAge2006;
			case HEAD_CIRCUMFERENCE_FOR_AGE -> headCircumferenceForAge2006;
			case MUAC_FOR_AGE -> armCircumferenceForAge2006;
			case WEIGHT_FOR_LENGTH_HEIGHT -> null;
		};
	}

	/** The 2007 month-indexed table of an indicator (null where WHO 2007 has none). */
	public LmsTable reference2007(GrowthIndicator indicator) {
		return switch (indicator) {
			case WEIGHT_FOR_AGE -> weightForAge2007;
			case LENGTH_HEIGHT_FOR_AGE -> heightForAge2007;
			case BMI_FOR_AGE -> bmiForAge2007;
			default -> null;
		};
	}

	public LmsTable weightForLength2006() {
		return weightForLength2006;
	}

	public LmsTable weightForHeight2006() {
		return weightForHeight2006;
	}
}
