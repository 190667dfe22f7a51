package vn.eccd.fhir.measure.flat;

import java.time.LocalDate;

/** Rows of the pregnancy and newborn flattened tables (liquibase 0120-flat-maternal.yaml), columns in table order. */
public final class MaternalFlatRows {

	private MaternalFlatRows() {}

	/** {@code eccd_flat_pregnancy}: a pregnancy EpisodeOfCare. */
	public record PregnancyRow(String episodeId, String patientId, LocalDate lmpDate, LocalDate eddDate, String status) {}

	/**
	 * {@code eccd_flat_maternal_encounter}: an ANC contact, delivery or postnatal care contact.
	 *
	 * @param kind             the eccd-encounter-type code: anc-contact, delivery or pnc-contact
	 * @param skilledAttendant deliveries only: a birth attendant of a skilled cadre is recorded
	 * @param placeCode        deliveries only: the place-of-delivery code
	 */
	public record EncounterRow(String encounterId, String patientId, String kind, LocalDate encounterDate, String status,
			String episodeId, Boolean skilledAttendant, String placeCode) {}

	/** {@code eccd_flat_supplementation}: a supplement given (MedicationAdministration). */
	public record SupplementationRow(String administrationId, String patientId, String supplementCode,
			LocalDate effectiveDate, String status) {}

	/**
	 * {@code eccd_flat_breastfeeding}: an early-breastfeeding or breastfeeding-status Observation.
	 *
	 * @param valueCode {@code true}/{@code false} for early breastfeeding, the eccd-breastfeeding code for a status
	 */
	public record BreastfeedingRow(String observationId, String patientId, String kind, LocalDate effectiveDate,
			String status, String valueCode) {}
}
