package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;
import org.springframework.stereotype.Component;

/** Counts {@link ImmunizationDropoutRule} indicators over the first-birthday cohort. */
@Component
public class ImmunizationDropoutFamily implements IndicatorFamily<ImmunizationDropoutRule> {

	private final ImmunizationCohortQuery cohorts;

	public ImmunizationDropoutFamily(ImmunizationCohortQuery cohorts) {
		this.cohorts = cohorts;
	}

	@Override
	public Class<ImmunizationDropoutRule> ruleType() {
		return ImmunizationDropoutRule.class;
	}

	@Override
	public IndicatorResult evaluate(ImmunizationDropoutRule rule, LocalDate periodStart, LocalDate periodEnd, SubjectFilter subject) {
		IndicatorResult result = new IndicatorResult();
		for (ImmunizationCohortQuery.ChildDoses c : cohorts.load(ImmunizationDropoutRule.COHORT, periodStart, periodEnd, subject,
				rule.vaccines())) {
			LocalDate birth = c.child().birthDate();
			result.add(c.child().id(), rule.inDenominator(birth, c.doses()),
					c.child().diedBefore(ImmunizationDropoutRule.COHORT.anchor(birth)), rule.inNumerator(birth, c.doses()),
					c.child().strata());
		}
		return result;
	}
}
