package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Set;

/**
 * A dropout rate between two doses of one vaccine (DTP1 → DTP3), by birth cohort: of the children whose first
 * birthday is in the period and who had at least {@code startedDoses} valid doses before it (denominator), those
 * with fewer than {@code completedDoses} (numerator). Exclusion: died before the first birthday.
 */
public record ImmunizationDropoutRule(Set<String> vaccines, int startedDoses, int completedDoses) implements IndicatorRule {

	static final ImmunizationCoverageRule.Cohort COHORT = ImmunizationCoverageRule.Cohort.FIRST_BIRTHDAY;

	private ImmunizationCoverageRule doses(int minDoses) {
		return new ImmunizationCoverageRule(COHORT, vaccines, minDoses, ImmunizationCoverageRule.Limit.FIRST_BIRTHDAY);
	}

	public boolean inDenominator(LocalDate birthDate, Collection<ImmunizationCoverageRule.Dose> doses) {
		return doses(startedDoses).inNumerator(birthDate, doses);
	}

	public boolean inNumerator(LocalDate birthDate, Collection<ImmunizationCoverageRule.Dose> doses) {
		return inDenominator(birthDate, doses) && !doses(completedDoses).inNumerator(birthDate, doses);
	}
}
