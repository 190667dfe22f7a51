package vn.eccd.bench;

import java.util.List;
import java.util.SplittableRandom;

/** Seeded random source with the few distributions the generator needs. Deterministic for a given seed. */
final class Rng {
	private final SplittableRandom r;

	Rng(long seed) {
		this.r = new SplittableRandom(seed);
	}

	/** A stable seed for a sub-stream (e.g. one commune), independent of the order in which streams are used. */
	static long mix(long seed, String key) {
		long h = seed ^ 0x9E3779B97F4A7C15L;
		for (int i = 0; i < key.length(); i++) {
			h = (h ^ key.charAt(i)) * 0x100000001B3L;
			h ^= (h >>> 29);
		}
		return h;
	}

	double uniform() {
		return r.nextDouble();
	}

	int nextInt(int bound) {
		return r.nextInt(bound);
	}

	int between(int lo, int hiInclusive) {
		return lo + r.nextInt(hiInclusive - lo + 1);
	}

	boolean chance(double p) {
		return r.nextDouble() < p;
	}

	double normal(double mean, double sd) {
		// Box-Muller (one value per call keeps the stream simple and deterministic)
		double u1 = r.nextDouble();
		double u2 = r.nextDouble();
		double z = Math.sqrt(-2.0 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
		return mean + sd * z;
	}

	double clippedNormal(double mean, double sd, double lo, double hi) {
		return Math.max(lo, Math.min(hi, normal(mean, sd)));
	}

	/** Lognormal with the given median and log-scale sigma. */
	double lognormal(double median, double sigma) {
		return median * Math.exp(normal(0, sigma));
	}

	/** Index drawn with probability proportional to weights. */
	int weighted(double[] weights) {
		double total = 0;
		for (double w : weights) {
			total += w;
		}
		double x = r.nextDouble() * total;
		for (int i = 0; i < weights.length; i++) {
			x -= weights[i];
			if (x < 0) {
				return i;
			}
		}
		return weights.length - 1;
	}

	<T> T pick(List<T> items) {
		return items.get(r.nextInt(items.size()));
	}

	String digits(int n) {
		StringBuilder sb = new StringBuilder(n);
		for (int i = 0; i < n; i++) {
			sb.append((char) ('0' + r.nextInt(10)));
		}
		return sb.toString();
	}
}
