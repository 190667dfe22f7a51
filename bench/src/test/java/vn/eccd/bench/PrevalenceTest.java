package vn.eccd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The realised prevalence (computed from the written weights and heights with the WHO references, latest valid
 * measurement of children 0-59 months) must match the documented targets.
 */
class PrevalenceTest {

	@Test
	void stuntingUnderweightAndWastingResembleTargetsAndAreHigherInTheUplands() {
		Generator g = new Generator();
		g.run(Collecting.config(2025, 4000), (commune, station, visits) -> {
		});
		Summary s = g.summary();
		double[] all = s.prevalence("all");
		assertTrue(all[0] > 1200, "enough children under 5 with a recent measurement: " + all[0]);
		assertEquals(all[4], all[1], 0.025, "stunting vs target");
		assertEquals(all[5], all[3], 0.02, "wasting vs target");
		assertTrue(all[2] > 0.08 && all[2] < 0.18, "underweight resembles Vietnam's ~12%: " + all[2]);
		double[] urban = s.prevalence("urban");
		double[] minority = s.prevalence("mountain-minority");
		assertTrue(minority[1] > urban[1] + 0.1, "stunting higher among minority children in mountainous communes");
		assertTrue(minority[2] > urban[2], "underweight higher among minority children in mountainous communes");
	}
}
