package vn.eccd.fhir.measure.indicator;

/**
 * The counting rule of one indicator. Each kind of rule (immunization coverage, nutrition status, pregnancy care,
 * development) is evaluated by its own {@link IndicatorFamily} over the flattened tables; the rule itself is plain
 * data plus the per-subject logic that unit tests exercise on hand-built records.
 */
public interface IndicatorRule {}
