package vn.eccd.fhir.measure.flat;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Rows of the flattened tables (one record type per table, columns in table order). */
public final class FlatRows {

	private FlatRows() {}

	/** {@code eccd_flat_patient}. */
	public record PatientRow(String patientId, LocalDate birthDate, String sex, String ethnicityCode,
			String communeCode, String organizationId, Boolean deceased, LocalDate deceasedDate) {}

	/**
	 * {@code eccd_flat_immunization}. {@code doseValid} is derived across the child's doses of the same product
	 * ({@link FlatTableWriter#recomputeValidity}); the mapper of one resource leaves it null.
	 */
	public record ImmunizationRow(String immunizationId, String patientId, String vaccineCode,
			LocalDate occurrenceDate, String status, Boolean doseValid, String organizationId) {}

	/**
	 * {@code eccd_flat_growth}: one growth Observation the nutrition indicators read.
	 *
	 * @param item a growth-indicator code (weight-for-age …) for a derived z-score, {@code muac-cm},
	 *             {@code oedema}, or {@code nutrition-status}
	 */
	public record GrowthRow(String observationId, String patientId, LocalDate visitDate, String item, String status,
			BigDecimal zScore, Boolean flagged, BigDecimal muacCm, Boolean oedema, String underweightStatus,
			String stuntingStatus, String wastingStatus, String acuteMalnutritionStatus) {}
}
