package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;
import org.springframework.stereotype.Component;

/**
 * Counts {@link ImmunizationCoverageRule} indicators: the cohort and its doses ({@link ImmunizationCohortQuery}), then
 * the rule per child in Java — the same rule code the unit tests exercise on hand-built children.
 */
@Component
public class ImmunizationCoverageFamily implements IndicatorFamily<ImmunizationCoverageRule> {

	private final ImmunizationCohortQuery cohorts;

	public ImmunizationCoverageFamily(ImmunizationCohortQuery cohorts) {
		this.cohorts = cohorts;
	}

	@Override
	public Class<ImmunizationCoverageRule> ruleType() {
		return ImmunizationCoverageRule.class;
	}

	@Override
	public IndicatorResult evaluate(ImmunizationCoverageRule rule, LocalDate periodStart, LocalDate periodEnd,
			SubjectFilter subject) {
		IndicatorResult result = new IndicatorResult();
		for (ImmunizationCohortQuery.ChildDoses c : cohorts.load(rule.cohort(), periodStart, periodEnd, subject, rule.vaccines())) {
			result.add(c.child().id(), true, rule.excluded(c.child()), rule.inNumerator(c.child().birthDate(), c.doses()),
					c.child().strata());
		}
		return result;
	}
}
