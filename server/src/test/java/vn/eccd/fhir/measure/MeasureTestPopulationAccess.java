package vn.eccd.fhir.measure;

import org.hl7.fhir.r4.model.Bundle;

/** Public door to the package-private test population generator, for the benchmark. */
public final class MeasureTestPopulationAccess {

	private MeasureTestPopulationAccess() {}

	public static Bundle build(int children, long seed) {
		return MeasureTestPopulation.build(children, seed);
	}
}
