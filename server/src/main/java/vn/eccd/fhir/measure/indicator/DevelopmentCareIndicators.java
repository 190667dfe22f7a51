package vn.eccd.fhir.measure.indicator;

import java.util.LinkedHashMap;
import java.util.Map;

/** The development and care indicators (docs/measures.md), by Measure id; registered in {@link IndicatorCatalog}. */
final class DevelopmentCareIndicators {

	private DevelopmentCareIndicators() {}

	static Map<String, IndicatorRule> rules() {
		Map<String, IndicatorRule> rules = new LinkedHashMap<>();
		rules.put("dev-screening-done", new DevelopmentCareRule(DevelopmentCareRule.Criterion.SCREENING_DONE));
		rules.put("dev-at-risk-care-plan", new DevelopmentCareRule(DevelopmentCareRule.Criterion.AT_RISK_CARE_PLAN));
		rules.put("dev-referral-completed-30d", new DevelopmentCareRule(DevelopmentCareRule.Criterion.REFERRAL_COMPLETED_30_DAYS));
		return rules;
	}
}
