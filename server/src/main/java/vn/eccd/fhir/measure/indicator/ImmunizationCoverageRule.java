package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immunization coverage indicator counted from doses by vaccine product (CodeSystem vn-epi-vaccine):
 * the cohort is the children reaching an anchor age in the period, the numerator those with at least
 * {@code minDoses} doses (distinct days) of one of {@code vaccines} before an age limit. The same rule is
 * written in CQL in each indicator's Library (profiles/src/main/cql), and docs/measures.md says it in words.
 *
 * @param cohort   which date of the child must fall in the period
 * @param vaccines vn-epi-vaccine codes that count
 * @param minDoses doses (on distinct days) needed
 * @param limit    until when a dose counts
 */
public record ImmunizationCoverageRule(Cohort cohort, Set<String> vaccines, int minDoses, Limit limit)
		implements IndicatorRule {

	/** The date that places a child in the period's cohort. */
	public enum Cohort {
		/** born in the period (live births: the denominator of the birth dose) */
		BIRTH(0),
		/** first birthday in the period (surviving infants) */
		FIRST_BIRTHDAY(1),
		/** second birthday in the period (children 18-24 months at the end of their second year) */
		SECOND_BIRTHDAY(2);

		public final int years;

		Cohort(int years) {
			this.years = years;
		}

		public LocalDate anchor(LocalDate birthDate) {
			return birthDate.plusYears(years);
		}

		/** Birth dates whose anchor can fall in the period (a superset because of leap days, for the database filter). */
		public LocalDate earliestBirthDate(LocalDate periodStart) {
			return periodStart.minusYears(years).minusDays(1);
		}

		public LocalDate latestBirthDate(LocalDate periodEnd) {
			return periodEnd.minusYears(years).plusDays(1);
		}
	}

	/** Until when a dose counts, relative to the birth date. */
	public enum Limit {
		/** on the day of birth or the next day (within 24 h, when only the dates are known) */
		DAY_AFTER_BIRTH,
		/** before the first birthday */
		FIRST_BIRTHDAY,
		/** before the second birthday */
		SECOND_BIRTHDAY;

		/** First day on which a dose no longer counts. */
		public LocalDate endExclusive(LocalDate birthDate) {
			return switch (this) {
				case DAY_AFTER_BIRTH -> birthDate.plusDays(2);
				case FIRST_BIRTHDAY -> birthDate.plusYears(1);
				case SECOND_BIRTHDAY -> birthDate.plusYears(2);
			};
		}
	}

	public boolean inInitialPopulation(LocalDate birthDate, LocalDate periodStart, LocalDate periodEnd) {
		if (birthDate == null) {
			return false;
		}
		LocalDate anchor = cohort.anchor(birthDate);
		return !anchor.isBefore(periodStart) && !anchor.isAfter(periodEnd);
	}

	/** Birth dates whose anchor can fall in the period (a superset, for the database filter). */
	public LocalDate earliestBirthDate(LocalDate periodStart) {
		return cohort.earliestBirthDate(periodStart);
	}

	public LocalDate latestBirthDate(LocalDate periodEnd) {
		return cohort.latestBirthDate(periodEnd);
	}

	/**
	 * Denominator exclusion: a child who died before the cohort's anchor birthday is not a surviving infant (WHO's
	 * denominator). The birth cohort (live births) excludes no one.
	 */
	public boolean excluded(CohortMember child) {
		return cohort != Cohort.BIRTH && child.diedBefore(cohort.anchor(child.birthDate()));
	}

	public boolean inNumerator(LocalDate birthDate, Collection<Dose> doses) {
		return validDoseDays(birthDate, doses) >= minDoses;
	}

	/** Distinct days with a counted dose of one of the rule's vaccines between birth and the limit. */
	public int validDoseDays(LocalDate birthDate, Collection<Dose> doses) {
		LocalDate end = limit.endExclusive(birthDate);
		Set<LocalDate> days = new TreeSet<>();
		for (Dose dose : doses) {
			if (dose.counts() && vaccines.contains(dose.vaccineCode()) && !dose.date().isBefore(birthDate)
					&& dose.date().isBefore(end)) {
				days.add(dose.date());
			}
		}
		return days.size();
	}

	/** A recorded dose as the evaluator sees it. */
	public record Dose(String vaccineCode, LocalDate date, String status, Boolean valid) {

		/** Completed, dated, and not invalid (validity is null only for children without a birth date, never in a cohort). */
		public boolean counts() {
			return "completed".equals(status) && date != null && !Boolean.FALSE.equals(valid);
		}
	}
}
