package vn.eccd.fhir.growth;

/**
 * One computed z-score.
 *
 * @param indicator the indicator
 * @param z         the z-score rounded to 2 decimals (as WHO reports it)
 * @param flagged   WHO's flag for a biologically implausible value (evaluated on the rounded z)
 * @param reference WHO 2006 standards or WHO 2007 reference
 */
public record ZScore(GrowthIndicator indicator, double z, boolean flagged, GrowthReference reference) {
}
