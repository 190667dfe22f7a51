package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/**
 * A growth-monitoring coverage indicator (docs/measures.md, Nutrition): the children of an age range at the end of the
 * period, in the numerator when they were weighed or measured (a visit with a valid WAZ, HAZ or WHZ) often enough in
 * the period. The same rule is written in CQL in the indicator's Library and cross-checked in MeasureEvaluationIT.
 */
public record GrowthMonitoringRule(Schedule schedule) implements IndicatorRule {

	public enum Schedule {
		/** children 0-23 months at period end, measured in every calendar quarter of the period they were alive in */
		EVERY_QUARTER_UNDER_TWO(0, 23),
		/** children 6-59 months at period end, measured on two dates at least 3 months apart in the period */
		TWICE_UNDER_FIVE(6, 59);

		public final int fromMonths;
		public final int toMonths;

		Schedule(int fromMonths, int toMonths) {
			this.fromMonths = fromMonths;
			this.toMonths = toMonths;
		}
	}

	public boolean inInitialPopulation(LocalDate birthDate, LocalDate periodEnd) {
		if (birthDate == null || birthDate.isAfter(periodEnd)) {
			return false;
		}
		long months = NutritionStatusRule.ageInMonths(birthDate, periodEnd);
		return months >= schedule.fromMonths && months <= schedule.toMonths;
	}

	/** Age group (at period end) of a child of the initial population. */
	public String ageGroup(LocalDate birthDate, LocalDate periodEnd) {
		return AgeGroups.of(NutritionStatusRule.ageInMonths(birthDate, periodEnd));
	}

	public boolean inNumerator(LocalDate birthDate, Collection<GrowthVisit> visits, LocalDate periodStart, LocalDate periodEnd) {
		List<LocalDate> dates = visits.stream().filter(GrowthVisit::hasValidMeasurement).map(GrowthVisit::date)
				.filter(d -> !d.isBefore(periodStart) && !d.isAfter(periodEnd) && !d.isBefore(birthDate))
				.sorted().toList();
		if (dates.isEmpty()) {
			return false;
		}
		return switch (schedule) {
			case EVERY_QUARTER_UNDER_TWO -> {
				// quarters from the one the child was born in (or the period's first) to the period's last, all measured
				LocalDate from = birthDate.isAfter(periodStart) ? birthDate : periodStart;
				long required = quarterKey(periodEnd) - quarterKey(from) + 1;
				yield dates.stream().map(GrowthMonitoringRule::quarterKey).distinct().count() == required;
			}
			case TWICE_UNDER_FIVE -> !dates.get(dates.size() - 1).isBefore(dates.get(0).plusMonths(3));
		};
	}

	/** year × 4 + quarter index (0-3): consecutive quarters have consecutive keys. */
	static long quarterKey(LocalDate date) {
		return date.getYear() * 4L + (date.getMonthValue() - 1) / 3;
	}
}
