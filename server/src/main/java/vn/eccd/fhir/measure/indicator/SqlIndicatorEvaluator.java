package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;

/** Evaluates an {@link Indicator} with the {@link IndicatorFamily} that counts its kind of rule. */
@Component
public class SqlIndicatorEvaluator {

	private final List<IndicatorFamily<?>> families;
	private final SharedReads sharedReads;

	public SqlIndicatorEvaluator(List<IndicatorFamily<?>> families, SharedReads sharedReads) {
		this.families = families;
		this.sharedReads = sharedReads;
	}

	/** Runs evaluations that belong together (one request's indicators) sharing their identical reads. */
	public <T> T together(java.util.function.Supplier<T> evaluations) {
		return sharedReads.within(evaluations);
	}

	public IndicatorResult evaluate(Indicator indicator, LocalDate periodStart, LocalDate periodEnd, SubjectFilter subject) {
		for (IndicatorFamily<?> family : families) {
			if (family.ruleType().isInstance(indicator.rule())) {
				return evaluateWith(family, indicator.rule(), periodStart, periodEnd, subject);
			}
		}
		throw new IllegalStateException("No indicator family counts rules of type " + indicator.rule().getClass().getName());
	}

	private static <R extends IndicatorRule> IndicatorResult evaluateWith(IndicatorFamily<R> family, IndicatorRule rule,
			LocalDate periodStart, LocalDate periodEnd, SubjectFilter subject) {
		return family.evaluate(family.ruleType().cast(rule), periodStart, periodEnd, subject);
	}
}
