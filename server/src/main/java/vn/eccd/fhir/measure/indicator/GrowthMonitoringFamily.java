package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Counts {@link GrowthMonitoringRule} indicators: the children of the age range at period end (whether measured or
 * not) and their visits in the period, then the rule per child in Java. Adds the age-group stratifier (age at period end).
 */
@Component
public class GrowthMonitoringFamily implements IndicatorFamily<GrowthMonitoringRule> {

	private final GrowthVisitQuery query;

	public GrowthMonitoringFamily(GrowthVisitQuery query) {
		this.query = query;
	}

	@Override
	public Class<GrowthMonitoringRule> ruleType() {
		return GrowthMonitoringRule.class;
	}

	@Override
	public IndicatorResult evaluate(GrowthMonitoringRule rule, LocalDate periodStart, LocalDate periodEnd, SubjectFilter subject) {
		LocalDate bornFrom = periodEnd.minusMonths(rule.schedule().toMonths + 1L).minusDays(1);
		Map<String, CohortMember> children = query.children(bornFrom, periodEnd, subject);
		Map<String, List<GrowthVisit>> visits = query.visits(bornFrom, periodEnd, periodStart, periodEnd, subject);
		IndicatorResult result = new IndicatorResult();
		children.values().stream().filter(c -> rule.inInitialPopulation(c.birthDate(), periodEnd))
				.sorted(Comparator.comparing(CohortMember::id)).forEach(child -> {
					Map<String, String> strata = child.strata();
					strata.put(AgeGroups.STRATIFIER, rule.ageGroup(child.birthDate(), periodEnd));
					result.add(child.id(), rule.inNumerator(child.birthDate(), visits.getOrDefault(child.id(), List.of()),
							periodStart, periodEnd), strata);
				});
		return result;
	}
}
