package vn.eccd.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe per-kind latency recorder (microseconds, exact percentiles from sorted samples). */
final class Latencies {
	static final class Kind {
		private long[] samples = new long[1024];
		private int n;
		final AtomicLong errors = new AtomicLong();
		final AtomicLong entries = new AtomicLong();
		final AtomicLong created = new AtomicLong();
		final Map<Integer, Long> statuses = new TreeMap<>();

		synchronized void record(long micros, int status) {
			if (n == samples.length) {
				samples = Arrays.copyOf(samples, n * 2);
			}
			samples[n++] = micros;
			statuses.merge(status, 1L, Long::sum);
		}

		synchronized int count() {
			return n;
		}

		synchronized double percentileMs(double p) {
			if (n == 0) {
				return Double.NaN;
			}
			long[] s = Arrays.copyOf(samples, n);
			Arrays.sort(s);
			int idx = (int) Math.ceil(p / 100.0 * n) - 1;
			return s[Math.max(0, Math.min(n - 1, idx))] / 1000.0;
		}

		synchronized String statuses() {
			return statuses.toString();
		}
	}

	private final Map<String, Kind> kinds = new TreeMap<>();

	synchronized Kind kind(String name) {
		return kinds.computeIfAbsent(name, k -> new Kind());
	}

	synchronized Map<String, Kind> all() {
		return new TreeMap<>(kinds);
	}

	static String ms(double v) {
		return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
	}
}
