package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Counts {@link NutritionStatusRule} indicators: the children who can be in the age band during the period and their
 * visits in the period (two indexed queries), then the rule per child in Java. Adds the age-group stratifier (age at the
 * counted visit).
 */
@Component
public class NutritionStatusFamily implements IndicatorFamily<NutritionStatusRule> {

	private final GrowthVisitQuery query;

	public NutritionStatusFamily(GrowthVisitQuery query) {
		this.query = query;
	}

	@Override
	public Class<NutritionStatusRule> ruleType() {
		return NutritionStatusRule.class;
	}

	@Override
	public IndicatorResult evaluate(NutritionStatusRule rule, LocalDate periodStart, LocalDate periodEnd, SubjectFilter subject) {
		LocalDate bornFrom = rule.earliestBirthDate(periodStart);
		Map<String, CohortMember> children = query.children(bornFrom, periodEnd, subject);
		Map<String, List<GrowthVisit>> visits = query.visits(bornFrom, periodEnd, periodStart, periodEnd, subject);
		IndicatorResult result = new IndicatorResult();
		children.values().stream().sorted(Comparator.comparing(CohortMember::id)).forEach(child ->
				rule.count(child.birthDate(), visits.getOrDefault(child.id(), List.of()), periodStart, periodEnd)
						.ifPresent(counted -> {
							Map<String, String> strata = child.strata();
							strata.put(AgeGroups.STRATIFIER, counted.ageGroup());
							result.add(child.id(), counted.numerator(), strata);
						}));
		return result;
	}
}
