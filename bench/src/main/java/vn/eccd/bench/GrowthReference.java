package vn.eccd.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * WHO growth references (LMS tables from the terminology module, vn/eccd/terminology/growth/) used the other way
 * round: from a target z-score to a measurement value, X = M (1 + L S z)^(1/L) (or M exp(S z) when L = 0).
 * WHO 2006 (0-5 y, age in days) for length/height, head circumference, MUAC and weight-for-length/height;
 * WHO 2007 (5-19 y, age in months) for height-for-age and BMI-for-age.
 */
final class GrowthReference {
	private static final String BASE = "vn/eccd/terminology/growth/";

	private final Table lenHei = new Table(BASE + "who2006_lenanthro.csv", "age");
	private final Table wfl = new Table(BASE + "who2006_wflanthro.csv", "length");
	private final Table wfh = new Table(BASE + "who2006_wfhanthro.csv", "height");
	private final Table hc = new Table(BASE + "who2006_hcanthro.csv", "age");
	private final Table muac = new Table(BASE + "who2006_acanthro.csv", "age");
	private final Table wfa = new Table(BASE + "who2006_weianthro.csv", "age");
	private final Table hfa07 = new Table(BASE + "who2007_hfawho2007.csv", "age");
	private final Table bfa07 = new Table(BASE + "who2007_bfawho2007.csv", "age");

	/** sex: 1 = male, 2 = female (WHO convention). */
	double lengthOrHeightCm(int sex, long ageDays, double z) {
		if (ageDays <= 1856) {
			return lenHei.value(sex, ageDays, z);
		}
		return hfa07.value(sex, Math.min(228, ageDays / 30.4375), z);
	}

	double weightKg(int sex, long ageDays, double lengthCm, double z) {
		if (ageDays < 731) {
			return wfl.value(sex, clamp(round1(lengthCm), 45, 110), z);
		}
		if (ageDays <= 1856) {
			return wfh.value(sex, clamp(round1(lengthCm), 65, 120), z);
		}
		double bmi = bfa07.value(sex, Math.min(228, ageDays / 30.4375), z);
		double m = lengthCm / 100.0;
		return bmi * m * m;
	}

	double headCircumferenceCm(int sex, long ageDays, double z) {
		return hc.value(sex, Math.min(ageDays, 1856), z);
	}

	double muacCm(int sex, long ageDays, double z) {
		return muac.value(sex, Math.max(91, Math.min(ageDays, 1856)), z);
	}

	/** Weight-for-age z (under 5, WHO 2006, without the +-3 SD restricted adjustment) - used by tests/summary. */
	double weightForAgeZ(int sex, long ageDays, double weightKg) {
		return wfa.z(sex, Math.min(ageDays, 1856), weightKg);
	}

	double lengthOrHeightForAgeZ(int sex, long ageDays, double cm) {
		return lenHei.z(sex, Math.min(ageDays, 1856), cm);
	}

	double weightForLengthZ(int sex, long ageDays, double lengthCm, double weightKg) {
		if (ageDays < 731) {
			return wfl.z(sex, clamp(round1(lengthCm), 45, 110), weightKg);
		}
		return wfh.z(sex, clamp(round1(lengthCm), 65, 120), weightKg);
	}

	static double round1(double v) {
		return Math.round(v * 10.0) / 10.0;
	}

	private static double clamp(double v, double lo, double hi) {
		return Math.max(lo, Math.min(hi, v));
	}

	private static final class Table {
		private final Map<Integer, TreeMap<Double, double[]>> bySex = new TreeMap<>();

		Table(String resource, String keyColumn) {
			List<Map<String, String>> rows = Csv.read(resource);
			for (Map<String, String> row : rows) {
				int sex = Integer.parseInt(row.get("sex"));
				double key = Double.parseDouble(row.get(keyColumn));
				double[] lms = {Double.parseDouble(row.get("l")), Double.parseDouble(row.get("m")),
						Double.parseDouble(row.get("s"))};
				bySex.computeIfAbsent(sex, s -> new TreeMap<>()).put(key, lms);
			}
		}

		private double[] lms(int sex, double key) {
			TreeMap<Double, double[]> t = bySex.get(sex);
			Map.Entry<Double, double[]> e = t.floorEntry(key + 1e-9);
			if (e == null) {
				e = t.firstEntry();
			}
			return e.getValue();
		}

		double value(int sex, double key, double z) {
			double[] p = lms(sex, key);
			double l = p[0], m = p[1], s = p[2];
			if (Math.abs(l) < 1e-9) {
				return m * Math.exp(s * z);
			}
			return m * Math.pow(1 + l * s * z, 1 / l);
		}

		double z(int sex, double key, double x) {
			double[] p = lms(sex, key);
			double l = p[0], m = p[1], s = p[2];
			if (Math.abs(l) < 1e-9) {
				return Math.log(x / m) / s;
			}
			return (Math.pow(x / m, l) - 1) / (l * s);
		}
	}
}
