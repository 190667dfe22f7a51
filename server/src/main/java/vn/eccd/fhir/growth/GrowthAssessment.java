package vn.eccd.fhir.growth;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's result for one visit.
 *
 * @param input                  what was measured
 * @param reference              WHO 2006 (age below 60 months) or WHO 2007
 * @param adjustedLengthHeightCm length/height after the 0.7 cm conversion to the basis of the table, or null
 * @param bmi                    weight / (adjusted length/height in m)², or null
 * @param positionImplausible    "standing" recorded for a child under 9 months: WHO treats the position as
 *                               unknown and applies no conversion (anthro's c9mo_flag)
 * @param zScores                the indicators that could be computed
 */
public record GrowthAssessment(
		AnthropometricInput input,
		GrowthReference reference,
		Double adjustedLengthHeightCm,
		Double bmi,
		boolean positionImplausible,
		Map<GrowthIndicator, ZScore> zScores) {

	public GrowthAssessment {
		EnumMap<GrowthIndicator, ZScore> copy = new EnumMap<>(GrowthIndicator.class);
		copy.putAll(zScores);
		zScores = Collections.unmodifiableMap(copy);
	}

	public Optional<ZScore> get(GrowthIndicator indicator) {
		return Optional.ofNullable(zScores.get(indicator));
	}
}
