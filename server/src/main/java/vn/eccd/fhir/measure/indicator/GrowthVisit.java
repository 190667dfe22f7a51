package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;

/**
 * One child visit as the nutrition indicators see it (a row of the view eccd_flat_growth_visit): the derived z-scores
 * with WHO's implausibility flags, the MUAC in cm and whether bilateral pitting oedema was recorded.
 * A z-score is <em>valid</em> when present and not flagged; flagged values never count.
 */
public record GrowthVisit(LocalDate date, Double waz, boolean wazFlagged, Double haz, boolean hazFlagged, Double whz,
		boolean whzFlagged, Double baz, boolean bazFlagged, Double muacCm, boolean oedema) {

	public Double validWaz() {
		return wazFlagged ? null : waz;
	}

	public Double validHaz() {
		return hazFlagged ? null : haz;
	}

	public Double validWhz() {
		return whzFlagged ? null : whz;
	}

	public Double validBaz() {
		return bazFlagged ? null : baz;
	}

	/** Weighed or measured with a plausible result: a valid weight-for-age, length/height-for-age or weight-for-length/height. */
	public boolean hasValidMeasurement() {
		return validWaz() != null || validHaz() != null || validWhz() != null;
	}

	static boolean below(Double z, double cutOff) {
		return z != null && z < cutOff;
	}

	static boolean above(Double z, double cutOff) {
		return z != null && z > cutOff;
	}
}
