package vn.eccd.fhir.measure.indicator;

import java.util.LinkedHashMap;
import java.util.Map;

/** The pregnancy and newborn indicators (docs/measures.md), by Measure id; registered in {@link IndicatorCatalog}. */
final class MaternalNewbornIndicators {

	private MaternalNewbornIndicators() {}

	static Map<String, IndicatorRule> rules() {
		Map<String, IndicatorRule> rules = new LinkedHashMap<>();
		rules.put("anc-4-contacts", new MaternalCareRule(MaternalCareRule.Criterion.ANC_4_CONTACTS));
		rules.put("anc-first-trimester", new MaternalCareRule(MaternalCareRule.Criterion.ANC_FIRST_TRIMESTER));
		rules.put("anc-tetanus-protected", new MaternalCareRule(MaternalCareRule.Criterion.TETANUS_PROTECTED));
		rules.put("anc-iron-folic", new MaternalCareRule(MaternalCareRule.Criterion.IRON_FOLIC_ACID));
		rules.put("birth-skilled-attendant", new MaternalCareRule(MaternalCareRule.Criterion.SKILLED_ATTENDANT));
		rules.put("pnc-7-days", new MaternalCareRule(MaternalCareRule.Criterion.PNC_WITHIN_7_DAYS));
		rules.put("nb-early-breastfeeding", new InfantFeedingRule(InfantFeedingRule.Criterion.EARLY_INITIATION));
		rules.put("bf-exclusive-under-6m", new InfantFeedingRule(InfantFeedingRule.Criterion.EXCLUSIVE_UNDER_6_MONTHS));
		return rules;
	}
}
