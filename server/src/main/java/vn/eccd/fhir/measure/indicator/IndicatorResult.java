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

	/** Counts of one population set (the whole group or one stratum). */
	public static final class Counts {
		public int initialPopulation;
		public int denominator;
		public int numerator;
		public final List<String> subjects = new ArrayList<>();
		public final List<String> numeratorSubjects = new ArrayList<>();

		public Double score() {
			return denominator == 0 ? null : (double) numerator / denominator;
		}
	}

	public final Counts total = new Counts();
	/** stratifier code → stratum value → counts (values sorted; a missing value is the stratum "unknown"). */
	public final Map<String, Map<String, Counts>> strata = new LinkedHashMap<>();

	public IndicatorResult() {
		STRATIFIERS.forEach(s -> strata.put(s, new TreeMap<>()));
	}

	public static final String UNKNOWN = "unknown";

	public void add(String patientId, boolean numerator, Map<String, String> stratumValues) {
		count(total, patientId, numerator);
		java.util.Set<String> stratifiers = new java.util.LinkedHashSet<>(STRATIFIERS);
		stratifiers.addAll(stratumValues.keySet());
		for (String stratifier : stratifiers) {
			String value = stratumValues.get(stratifier);
			count(strata.computeIfAbsent(stratifier, k -> new TreeMap<>())
					.computeIfAbsent(value == null ? UNKNOWN : value, k -> new Counts()), patientId, numerator);
		}
	}

	private static void count(Counts counts, String patientId, boolean numerator) {
		counts.initialPopulation++;
		counts.denominator++;
		counts.subjects.add(patientId);
		if (numerator) {
			counts.numerator++;
			counts.numeratorSubjects.add(patientId);
		}
	}
}
