package vn.eccd.fhir.growth;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The LMS parameters at one point of a reference, and WHO's z-score arithmetic on them.
 *
 * @param l Box-Cox power
 * @param m median
 * @param s coefficient of variation
 */
public record Lms(double l, double m, double s) {

	/** The plain LMS z-score: ((y / M)^L − 1) / (L × S); for L = 0 the log form. */
	public double z(double y) {
		if (l == 0) {
			return Math.log(y / m) / s;
		}
		return (Math.pow(y / m, l) - 1) / (l * s);
	}

	/** The measurement at k SD on the LMS curve: M × (1 + L × S × k)^(1/L). */
	public double valueAt(double k) {
		if (l == 0) {
			return m * Math.exp(s * k);
		}
		return m * Math.pow(1 + l * s * k, 1 / l);
	}

	/**
	 * WHO's restricted computation used for weight-based indicators (and MUAC): plain LMS between −3 and +3;
	 * beyond, the distance from the ±3 SD value measured in units of the 2-to-3 SD gap on that side.
	 */
	public double zRestricted(double y) {
		double z = z(y);
		if (z > 3) {
			double sd3 = valueAt(3);
			return 3 + (y - sd3) / (sd3 - valueAt(2));
		}
		if (z < -3) {
			double sd3neg = valueAt(-3);
			return -3 + (y - sd3neg) / (valueAt(-2) - sd3neg);
		}
		return z;
	}

	/**
	 * The measurement at k SD as WHO draws and tabulates it when the restricted computation applies (the inverse
	 * of {@link #zRestricted}): beyond ±3 SD the curve continues linearly with the 2-to-3 SD gap.
	 */
	public double valueAtRestricted(double k) {
		if (k > 3) {
			double sd3 = valueAt(3);
			return sd3 + (k - 3) * (sd3 - valueAt(2));
		}
		if (k < -3) {
			double sd3neg = valueAt(-3);
			return sd3neg + (k + 3) * (valueAt(-2) - sd3neg);
		}
		return valueAt(k);
	}

	/** Rounds to 2 decimals as WHO's tools report z-scores (nearest; an exact binary tie goes to even). */
	public static double round2(double z) {
		return new BigDecimal(z).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
	}
}
