package vn.eccd.fhir.measure.flat;

import java.time.LocalDate;

/** Rows of the flattened tables (one record type per table, columns in table order). */
public final class FlatRows {

	private FlatRows() {}

	/** {@code eccd_flat_patient}. */
	public record PatientRow(String patientId, LocalDate birthDate, String sex, String ethnicityCode,
			String communeCode, String organizationId, Boolean deceased) {}

	/** {@code eccd_flat_immunization}. */
	public record ImmunizationRow(String immunizationId, String patientId, String vaccineCode,
			LocalDate occurrenceDate, String status, Boolean doseValid, String organizationId) {}
}
