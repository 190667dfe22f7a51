package vn.eccd.fhir.measure.indicator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of one indicator over one period and subject, overall and per stratum. */
public final class IndicatorResult {

	/** Stratifiers every indicator has; a family may add its own (e.g. age-group) through the stratum values it passes. */
	public static final List<String> STRATIFIERS = List.of("commune", "province", "sex", "ethnicity");

	/**
	 * Counts of one population set (the whole group or one stratum), with the proportion semantics of HAPI's
	 * clinical-reasoning engine: denominator within the initial population, exclusions within the denominator (and
	 * still counted in it), numerator within the denominator minus the exclusions.
	 */
	public static final class Counts {
		public int initialPopulation;
		public int denominator;
		public int denominatorExclusion;
		public int numerator;
		/** initial-population members */
		public final List<String> subjects = new ArrayList<>();
		public final List<String> denominatorSubjects = new ArrayList<>();
		public final List<String> denominatorExclusionSubjects = new ArrayList<>();
		public final List<String> numeratorSubjects = new ArrayList<>();

		/** numerator ÷ (denominator − exclusions) */
		public Double score() {
			int base = denominator - denominatorExclusion;
			return base == 0 ? null : (double) numerator / base;
		}
	}

	public final Counts total = new Counts();
	/** stratifier code → stratum value → counts (values sorted; a missing value is the stratum "unknown"). */
	public final Map<String, Map<String, Counts>> strata = new LinkedHashMap<>();

	public IndicatorResult() {
		STRATIFIERS.forEach(s -> strata.put(s, new TreeMap<>()));
	}

	public static final String UNKNOWN = "unknown";

	/** A member of the initial population who is in the denominator, not excluded. */
	public void add(String patientId, boolean numerator, Map<String, String> stratumValues) {
		add(patientId, true, false, numerator, stratumValues);
	}

	/**
	 * A member of the initial population. {@code excluded} counts only inside the denominator, {@code numerator}
	 * only inside the denominator and not excluded.
	 */
	public void add(String patientId, boolean denominator, boolean excluded, boolean numerator, Map<String, String> stratumValues) {
		Membership membership = new Membership(denominator, denominator && excluded, denominator && !excluded && numerator);
		count(total, patientId, membership);
		java.util.Set<String> stratifiers = new java.util.LinkedHashSet<>(STRATIFIERS);
		stratifiers.addAll(stratumValues.keySet());
		for (String stratifier : stratifiers) {
			String value = stratumValues.get(stratifier);
			count(strata.computeIfAbsent(stratifier, k -> new TreeMap<>())
					.computeIfAbsent(value == null ? UNKNOWN : value, k -> new Counts()), patientId, membership);
		}
	}

	private record Membership(boolean denominator, boolean excluded, boolean numerator) {}

	private static void count(Counts counts, String patientId, Membership membership) {
		counts.initialPopulation++;
		counts.subjects.add(patientId);
		if (membership.denominator()) {
			counts.denominator++;
			counts.denominatorSubjects.add(patientId);
		}
		if (membership.excluded()) {
			counts.denominatorExclusion++;
			counts.denominatorExclusionSubjects.add(patientId);
		}
		if (membership.numerator()) {
			counts.numerator++;
			counts.numeratorSubjects.add(patientId);
		}
	}
}
