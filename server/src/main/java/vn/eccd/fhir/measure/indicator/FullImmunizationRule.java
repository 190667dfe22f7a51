package vn.eccd.fhir.measure.indicator;

/**
 * "Fully immunized before the first birthday" under one versioned definition of full-immunization.json (its id is
 * recorded in the Measure and copied to every MeasureReport). Cohort: first birthday in the period; exclusion:
 * died before the first birthday; numerator: every requirement of the definition met with valid doses before the
 * first birthday ({@link vn.eccd.fhir.immunization.FullImmunizationByProduct}).
 */
public record FullImmunizationRule(String definitionId) implements IndicatorRule {}
