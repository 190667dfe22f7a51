package vn.eccd.fhir.measure.flat;

import java.time.LocalDate;

/** Rows of the development and care flattened tables (liquibase 0130-flat-development.yaml), columns in table order. */
public final class DevelopmentFlatRows {

	private DevelopmentFlatRows() {}

	/** {@code eccd_flat_development_result}: one domain result of a developmental screening (eccd-development-domain-result). */
	public record ResultRow(String observationId, String patientId, String domainCode, LocalDate effectiveDate, String status,
			String interpretationCode) {}

	/** {@code eccd_flat_care_plan}. */
	public record CarePlanRow(String carePlanId, String patientId, String categoryCode, String status, LocalDate periodStart,
			LocalDate periodEnd) {}

	/** {@code eccd_flat_referral}: a referral (ServiceRequest, eccd-referral). */
	public record ReferralRow(String serviceRequestId, String patientId, String categoryCode, LocalDate authoredDate,
			String status, String intent) {}

	/** {@code eccd_flat_referral_task}: the receiving facility's follow-up of a referral (Task, eccd-referral-task). */
	public record ReferralTaskRow(String taskId, String patientId, String serviceRequestId, String status, LocalDate completedDate) {}
}
