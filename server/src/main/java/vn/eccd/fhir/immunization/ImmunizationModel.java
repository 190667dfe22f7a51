package vn.eccd.fhir.immunization;

import java.time.LocalDate;
import java.util.List;

/** Value types of the immunization engine (plain Java, no FHIR). */
public final class ImmunizationModel {

	private ImmunizationModel() {}

	/** One administered dose as recorded (Immunization.status = completed). */
	public record AdministeredDose(String id, String vaccineCode, LocalDate date) {}

	public enum DoseStatus { VALID, NOT_VALID, EXTRA }

	/** Why a dose was not counted. {@code code} values are stable and documented in docs/immunization.md. */
	public enum Reason {
		TOO_YOUNG("too-young", "given before the minimum age"),
		TOO_SOON("too-soon", "given before the minimum interval after the previous valid dose"),
		TOO_OLD("too-old", "given after the maximum age for this series"),
		SERIES_COMPLETE("series-complete", "series already complete: extra dose, not counted"),
		NOT_IN_SCHEDULE("not-in-schedule", "no dose of this series was due in the schedule in force");

		public final String code;
		public final String text;

		Reason(String code, String text) {
			this.code = code;
			this.text = text;
		}
	}

	/** The evaluation of one dose for one antigen series. */
	public record DoseEvaluation(AdministeredDose dose, String antigen, String seriesId, Integer doseNumber,
			DoseStatus status, Reason reason, String explanation, String scheduleId) {

		public boolean counted() { return status == DoseStatus.VALID && doseNumber != null; }
	}

	public enum ForecastStatus {
		NOT_DUE("notdue", "not yet due", "Chưa đến hạn"),
		DUE("due", "due", "Đến hạn"),
		OVERDUE("overdue", "overdue", "Quá hạn"),
		COMPLETE("complete", "complete", "Đã hoàn thành"),
		AGED_OUT("agedout", "past the maximum age", "Quá tuổi tiêm");

		public final String code;
		public final String display;
		public final String displayVi;

		ForecastStatus(String code, String display, String displayVi) {
			this.code = code;
			this.display = display;
			this.displayVi = displayVi;
		}
	}

	/**
	 * Status and forecast of one series. {@code nextDose}, dates and {@code recommendedVaccine} are null when
	 * the series is complete. {@code requiredDoses} = doses this child needs under the rules in force when
	 * each was due.
	 */
	public record SeriesForecast(String seriesId, String antigen, String title, String titleVi,
			ForecastStatus status, int validDoses, int requiredDoses, Integer nextDose, LocalDate earliestDate,
			LocalDate dueDate, LocalDate overdueDate, LocalDate latestDate, String recommendedVaccine,
			String scheduleId, boolean countsForUpToDate, List<DoseEvaluation> evaluations) {}

	/** Everything known about a child's immunizations on an assessment date. */
	public record ChildStatus(LocalDate birthDate, LocalDate assessmentDate, List<SeriesForecast> series,
			List<DoseEvaluation> evaluations) {

		public SeriesForecast series(String id) {
			return series.stream().filter(s -> s.seriesId().equals(id)).findFirst()
					.orElseThrow(() -> new IllegalArgumentException("no series " + id));
		}
	}

	/** "Fully immunized before the first birthday" under one named, versioned definition. */
	public record FullImmunizationResult(boolean fullyImmunized, String definitionId, String definitionVersion,
			LocalDate firstBirthday, List<String> missing) {}

	/** "Up to date for age" on a date; {@code overdue} lists the series that are overdue or missed. */
	public record UpToDateResult(boolean upToDate, LocalDate date, List<String> overdue) {}

	/** A pregnant woman's tetanus protection at delivery (WHO protection-at-birth rule). */
	public record MaternalTetanusStatus(boolean protectedAtDelivery, LocalDate deliveryDate, int validDoses,
			LocalDate lastCountedDose, LocalDate protectedUntil, String scheduleId, String explanation,
			List<DoseEvaluation> evaluations) {}
}
