package vn.eccd.fhir.measure.indicator;

import static vn.eccd.fhir.measure.indicator.ImmunizationCoverageRule.Cohort.*;
import static vn.eccd.fhir.measure.indicator.ImmunizationCoverageRule.Limit;
import static vn.eccd.fhir.measure.indicator.NutritionStatusRule.AgeBand.FIVE_TO_EIGHT;
import static vn.eccd.fhir.measure.indicator.NutritionStatusRule.AgeBand.UNDER_FIVE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vn.eccd.fhir.measure.flat.FhirRepresentation;
import vn.eccd.fhir.measure.indicator.NutritionStatusRule.Form;

/**
 * The indicators implemented by the SQL evaluator (docs/measures.md lists every planned indicator and its
 * status). A Measure of ours whose URL is not here is evaluated by the CQL engine.
 */
public final class IndicatorCatalog {

	private static final Map<String, Indicator> BY_URL = new LinkedHashMap<>();

	/** The full-immunization definition (full-immunization.json) of Measure imm-fully-immunized. */
	public static final String FULL_IMMUNIZATION_DEFINITION = "vn-epi-fic-2018";

	static {
		add("imm-bcg", new ImmunizationCoverageRule(FIRST_BIRTHDAY, Set.of("bcg"), 1, Limit.FIRST_BIRTHDAY));
		add("imm-hepb-birth-dose", new ImmunizationCoverageRule(BIRTH, Set.of("hepb"), 1, Limit.DAY_AFTER_BIRTH));
		add("imm-dtp3", new ImmunizationCoverageRule(FIRST_BIRTHDAY, Set.of("dtp-hepb-hib"), 3, Limit.FIRST_BIRTHDAY));
		add("imm-opv3", new ImmunizationCoverageRule(FIRST_BIRTHDAY, Set.of("bopv"), 3, Limit.FIRST_BIRTHDAY));
		add("imm-ipv1", new ImmunizationCoverageRule(FIRST_BIRTHDAY, Set.of("ipv"), 1, Limit.FIRST_BIRTHDAY));
		add("imm-mcv1", new ImmunizationCoverageRule(FIRST_BIRTHDAY, Set.of("measles", "mr"), 1, Limit.FIRST_BIRTHDAY));
		add("imm-dtp4", new ImmunizationCoverageRule(SECOND_BIRTHDAY, Set.of("dtp"), 1, Limit.SECOND_BIRTHDAY));
		add("imm-mr", new ImmunizationCoverageRule(SECOND_BIRTHDAY, Set.of("mr"), 1, Limit.SECOND_BIRTHDAY));
		// immunization: full immunization and dropout (definition id = the Measure's full-immunization-definition extension)
		add("imm-fully-immunized", new FullImmunizationRule(FULL_IMMUNIZATION_DEFINITION));
		add("imm-dropout-dtp1-dtp3", new ImmunizationDropoutRule(Set.of("dtp-hepb-hib"), 1, 3));
		addNutrition();
	}

	/** Nutrition (docs/measures.md): status of children 0-59 months and 5-8 years, growth-monitoring coverage. */
	private static void addNutrition() {
		add("nut-underweight", new NutritionStatusRule(UNDER_FIVE, Form.UNDERWEIGHT));
		add("nut-stunting", new NutritionStatusRule(UNDER_FIVE, Form.STUNTING));
		add("nut-wasting", new NutritionStatusRule(UNDER_FIVE, Form.WASTING));
		add("nut-wasting-moderate", new NutritionStatusRule(UNDER_FIVE, Form.WASTING_MODERATE));
		add("nut-wasting-severe", new NutritionStatusRule(UNDER_FIVE, Form.WASTING_SEVERE));
		add("nut-sam", new NutritionStatusRule(UNDER_FIVE, Form.SAM));
		add("nut-overweight", new NutritionStatusRule(UNDER_FIVE, Form.OVERWEIGHT));
		add("nut-obesity", new NutritionStatusRule(UNDER_FIVE, Form.OBESITY));
		add("nut-malnourished-any", new NutritionStatusRule(UNDER_FIVE, Form.ANY_FORM));
		add("nut-stunting-5-8y", new NutritionStatusRule(FIVE_TO_EIGHT, Form.STUNTING));
		add("nut-thinness-5-8y", new NutritionStatusRule(FIVE_TO_EIGHT, Form.THINNESS));
		add("nut-overweight-5-8y", new NutritionStatusRule(FIVE_TO_EIGHT, Form.OVERWEIGHT_BMI));
		add("nut-obesity-5-8y", new NutritionStatusRule(FIVE_TO_EIGHT, Form.OBESITY_BMI));
		add("nut-gm-under2-quarter", new GrowthMonitoringRule(GrowthMonitoringRule.Schedule.EVERY_QUARTER_UNDER_TWO));
		add("nut-gm-under5-twice", new GrowthMonitoringRule(GrowthMonitoringRule.Schedule.TWICE_UNDER_FIVE));
	}


	static {
		MaternalNewbornIndicators.rules().forEach(IndicatorCatalog::add);
		DevelopmentCareIndicators.rules().forEach(IndicatorCatalog::add);
	}

	private IndicatorCatalog() {}

	private static void add(String id, IndicatorRule rule) {
		String url = FhirRepresentation.MEASURE_PREFIX + id;
		BY_URL.put(url, new Indicator(id, url, rule));
	}

	/** @param canonical a Measure URL, with or without {@code |version} */
	public static Optional<Indicator> byUrl(String canonical) {
		if (canonical == null) {
			return Optional.empty();
		}
		int bar = canonical.indexOf('|');
		return Optional.ofNullable(BY_URL.get(bar < 0 ? canonical : canonical.substring(0, bar)));
	}

	public static List<Indicator> all() {
		return List.copyOf(BY_URL.values());
	}
}
