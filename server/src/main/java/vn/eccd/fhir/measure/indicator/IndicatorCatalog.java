package vn.eccd.fhir.measure.indicator;

import static vn.eccd.fhir.measure.indicator.ImmunizationCoverageRule.Cohort.*;
import static vn.eccd.fhir.measure.indicator.ImmunizationCoverageRule.Limit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vn.eccd.fhir.measure.flat.FhirRepresentation;

/**
 * The indicators implemented by the SQL evaluator (docs/measures.md lists every planned indicator and its
 * status). A Measure of ours whose URL is not here is evaluated by the CQL engine.
 */
public final class IndicatorCatalog {

	private static final Map<String, Indicator> BY_URL = new LinkedHashMap<>();

	static {
		add("imm-bcg", new ImmunizationCoverageRule(FIRST_BIRTHDAY, Set.of("bcg"), 1, Limit.FIRST_BIRTHDAY));
		add("imm-hepb-birth-dose", new ImmunizationCoverageRule(BIRTH, Set.of("hepb"), 1, Limit.DAY_AFTER_BIRTH));
		add("imm-dtp3", new ImmunizationCoverageRule(FIRST_BIRTHDAY, Set.of("dtp-hepb-hib"), 3, Limit.FIRST_BIRTHDAY));
		add("imm-opv3", new ImmunizationCoverageRule(FIRST_BIRTHDAY, Set.of("bopv"), 3, Limit.FIRST_BIRTHDAY));
		add("imm-ipv1", new ImmunizationCoverageRule(FIRST_BIRTHDAY, Set.of("ipv"), 1, Limit.FIRST_BIRTHDAY));
		add("imm-mcv1", new ImmunizationCoverageRule(FIRST_BIRTHDAY, Set.of("measles", "mr"), 1, Limit.FIRST_BIRTHDAY));
		add("imm-dtp4", new ImmunizationCoverageRule(SECOND_BIRTHDAY, Set.of("dtp"), 1, Limit.SECOND_BIRTHDAY));
		add("imm-mr", new ImmunizationCoverageRule(SECOND_BIRTHDAY, Set.of("mr"), 1, Limit.SECOND_BIRTHDAY));
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
