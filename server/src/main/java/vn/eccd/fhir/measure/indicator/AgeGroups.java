package vn.eccd.fhir.measure.indicator;

/**
 * The age-group stratum of the nutrition indicators (completed months): 0-5, 6-11, 12-23, 24-59, and 60-107 for the
 * 5-8-year set. The CQL Libraries define the same groups ("Stratum Age Group").
 */
public final class AgeGroups {

	public static final String STRATIFIER = "age-group";

	private AgeGroups() {}

	public static String of(long months) {
		if (months < 0) {
			return IndicatorResult.UNKNOWN;
		}
		if (months <= 5) {
			return "0-5";
		}
		if (months <= 11) {
			return "6-11";
		}
		if (months <= 23) {
			return "12-23";
		}
		if (months <= 59) {
			return "24-59";
		}
		if (months <= 107) {
			return "60-107";
		}
		return IndicatorResult.UNKNOWN;
	}
}
