package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import vn.eccd.fhir.immunization.FullImmunizationByProduct;
import vn.eccd.fhir.immunization.ScheduleCatalog;
import vn.eccd.fhir.measure.indicator.ImmunizationCoverageRule.Cohort;

/** Counts {@link FullImmunizationRule} indicators over the first-birthday cohort. */
@Component
public class FullImmunizationFamily implements IndicatorFamily<FullImmunizationRule> {

	private final ImmunizationCohortQuery cohorts;
	private final ScheduleCatalog catalog;
	private final Map<String, FullImmunizationByProduct> definitions = new ConcurrentHashMap<>();

	public FullImmunizationFamily(ImmunizationCohortQuery cohorts, ScheduleCatalog immunizationScheduleCatalog) {
		this.cohorts = cohorts;
		this.catalog = immunizationScheduleCatalog;
	}

	@Override
	public Class<FullImmunizationRule> ruleType() {
		return FullImmunizationRule.class;
	}

	@Override
	public IndicatorResult evaluate(FullImmunizationRule rule, LocalDate periodStart, LocalDate periodEnd, SubjectFilter subject) {
		FullImmunizationByProduct definition = definitions.computeIfAbsent(rule.definitionId(),
				id -> FullImmunizationByProduct.from(catalog, id));
		Set<String> vaccines = new TreeSet<>();
		definition.requirements().forEach(r -> vaccines.addAll(r.products()));
		IndicatorResult result = new IndicatorResult();
		for (ImmunizationCohortQuery.ChildDoses c : cohorts.load(Cohort.FIRST_BIRTHDAY, periodStart, periodEnd, subject, vaccines)) {
			LocalDate birth = c.child().birthDate();
			List<FullImmunizationByProduct.ValidDose> valid = c.doses().stream().filter(ImmunizationCoverageRule.Dose::counts)
					.map(d -> new FullImmunizationByProduct.ValidDose(d.vaccineCode(), d.date())).toList();
			result.add(c.child().id(), true, c.child().diedBefore(Cohort.FIRST_BIRTHDAY.anchor(birth)),
					definition.fullyImmunized(birth, valid), c.child().strata());
		}
		return result;
	}
}
