package vn.eccd.fhir.measure.indicator;

/**
 * One indicator the SQL evaluator knows: its Measure's canonical URL (without version), its short id (also the
 * Measure id and the CQL Library name suffix), and its rule.
 */
public record Indicator(String id, String url, IndicatorRule rule) {}
