package vn.eccd.fhir.measure.indicator;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Lets the indicators evaluated together in one request ({@code Measure/$evaluate}: every indicator for an area and
 * period) share identical reads of the flattened tables. The 15 nutrition indicators read the same children and visits
 * (two age cohorts), so a province's annual report reads them twice instead of 15 times. Outside {@link #within} every
 * read goes to the database, so a single {@code $evaluate-measure} and any later request see current data.
 */
@Component
public class SharedReads {

	private final ThreadLocal<Map<Object, Object>> scope = new ThreadLocal<>();

	/** Runs the work with reads shared inside it (nested calls join the outer scope). */
	public <T> T within(Supplier<T> work) {
		if (scope.get() != null) {
			return work.get();
		}
		scope.set(new HashMap<>());
		try {
			return work.get();
		} finally {
			scope.remove();
		}
	}

	/**
	 * The result of the read with this key: done once per {@link #within} scope, at each call outside one. Callers must
	 * not modify what they get (it may be handed to the next indicator).
	 */
	@SuppressWarnings("unchecked")
	<T> T read(Object key, Supplier<T> read) {
		Map<Object, Object> shared = scope.get();
		if (shared == null) {
			return read.get();
		}
		Object value = shared.get(key);
		if (value == null) {
			value = read.get();
			shared.put(key, value);
		}
		return (T) value;
	}
}
