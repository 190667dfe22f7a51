package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;

/**
 * Evaluates every indicator whose rule is of one type, in SQL over the flattened tables (one Spring bean per family,
 * found by {@link SqlIndicatorEvaluator}).
 *
 * @param <R> the rule type this family counts
 */
public interface IndicatorFamily<R extends IndicatorRule> {

	Class<R> ruleType();

	IndicatorResult evaluate(R rule, LocalDate periodStart, LocalDate periodEnd, SubjectFilter subject);
}
