package vn.eccd.fhir.immunization;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.ImmunizationEvaluation;
import org.hl7.fhir.r4.model.ImmunizationRecommendation;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import vn.eccd.fhir.immunization.ImmunizationModel.DoseEvaluation;
import vn.eccd.fhir.immunization.ImmunizationModel.DoseStatus;
import vn.eccd.fhir.immunization.ImmunizationModel.ForecastStatus;
import vn.eccd.fhir.immunization.ImmunizationModel.Reason;
import vn.eccd.fhir.immunization.ImmunizationModel.SeriesForecast;
import vn.eccd.fhir.immunization.PatientImmunizationService.Assessment;

/**
 * {@code GET|POST [base]/Patient/{id}/$immds-forecast}: the instance-level form of the HL7 Immunization Decision
 * Support Forecast operation (http://hl7.org/fhir/us/immds/OperationDefinition/ImmDSForecastOperation). The
 * patient and the immunization history come from the store instead of the request. Output parameters as in
 * ImmDS: {@code recommendation} (one ImmunizationRecommendation, one entry per antigen series) and
 * {@code evaluation} (one ImmunizationEvaluation per stored dose and antigen, valid / notvalid with the reason),
 * plus our status flags ({@code fullyImmunizedBeforeFirstBirthday}, {@code upToDateForAge},
 * {@code hepBBirthDoseWithin24h}, {@code tetanusProtectedAtDelivery}).
 */
public class ImmunizationForecastProvider {

	public static final String HL7_RECOMMENDATION_STATUS = "http://terminology.hl7.org/CodeSystem/immunization-recommendation-status";
	public static final String HL7_DOSE_STATUS = "http://terminology.hl7.org/CodeSystem/immunization-evaluation-dose-status";
	public static final String HL7_DOSE_STATUS_REASON = "http://terminology.hl7.org/CodeSystem/immunization-evaluation-dose-status-reason";
	public static final String LOINC = "http://loinc.org";

	private final PatientImmunizationService service;

	public ImmunizationForecastProvider(PatientImmunizationService service) {
		this.service = service;
	}

	@Operation(name = "$immds-forecast", idempotent = true, typeName = "Patient")
	public Parameters forecast(
			@IdParam IdType patientId,
			@OperationParam(name = "assessmentDate", min = 0, max = 1, typeName = "date") DateType assessmentDate,
			@OperationParam(name = "fullImmunizationDefinition", min = 0, max = 1, typeName = "string") StringType definition,
			@OperationParam(name = "deliveryDate", min = 0, max = 1, typeName = "date") DateType deliveryDate,
			RequestDetails request) {
		Assessment a = service.assess(patientId, date(assessmentDate, "assessmentDate"),
				definition == null ? null : definition.getValue(), date(deliveryDate, "deliveryDate"), request);
		return toParameters(a, service.engine().catalog());
	}

	/**
	 * {@code POST [base]/$immds-forecast}: the ImmDS operation as defined, with the patient and her/his immunization
	 * history in the request (nothing is read from or written to the store).
	 */
	@Operation(name = "$immds-forecast", idempotent = false)
	public Parameters forecastFromRequest(
			@OperationParam(name = "assessmentDate", min = 0, max = 1, typeName = "date") DateType assessmentDate,
			@OperationParam(name = "patient", min = 1, max = 1) Patient patient,
			@OperationParam(name = "immunization", min = 0, max = OperationParam.MAX_UNLIMITED) List<Immunization> immunizations,
			@OperationParam(name = "fullImmunizationDefinition", min = 0, max = 1, typeName = "string") StringType definition,
			@OperationParam(name = "deliveryDate", min = 0, max = 1, typeName = "date") DateType deliveryDate) {
		if (patient == null) {
			throw new InvalidRequestException("Parameter 'patient' (a Patient resource with birthDate) is required");
		}
		var record = service.recordOf(patient, immunizations == null ? List.of() : immunizations);
		Assessment a = service.assess(record, date(assessmentDate, "assessmentDate"),
				definition == null ? null : definition.getValue(), date(deliveryDate, "deliveryDate"));
		return toParameters(a, service.engine().catalog());
	}

	private static Reference ref(String id) {
		return id.startsWith("Immunization/") ? new Reference(id) : new Reference().setDisplay(id);
	}

	private static LocalDate date(DateType value, String name) {
		if (value == null || value.getValueAsString() == null) return null;
		try {
			return LocalDate.parse(value.getValueAsString());
		} catch (DateTimeParseException e) {
			throw new InvalidRequestException(name + " must be a full date (YYYY-MM-DD), got '" + value.getValueAsString() + "'");
		}
	}

	static Parameters toParameters(Assessment a, ScheduleCatalog catalog) {
		Patient patient = a.record().patient();
		Reference patientRef = patient.getIdElement().hasIdPart()
				? new Reference("Patient/" + patient.getIdElement().getIdPart())
				: new Reference().setDisplay(patient.hasName() ? patient.getNameFirstRep().getNameAsSingleString() : "patient in the request");

		ImmunizationRecommendation rec = new ImmunizationRecommendation();
		rec.setPatient(patientRef);
		rec.setDateElement(new DateTimeType(a.assessmentDate().toString()));
		List<SeriesForecast> series = a.womanSchedule() ? List.of(a.maternal()) : a.child().series();
		Parameters out = new Parameters();
		for (SeriesForecast s : series) {
			if (s.requiredDoses() == 0 && s.evaluations().isEmpty()) continue; // not in this child's schedule
			rec.addRecommendation(recommendation(s, catalog));
		}
		out.addParameter().setName("recommendation").setResource(rec);
		for (SeriesForecast s : series) {
			for (DoseEvaluation e : s.evaluations()) {
				out.addParameter().setName("evaluation").setResource(evaluation(e, s, patientRef, a.assessmentDate(), catalog));
			}
		}
		if (a.child() != null) {
			// doses of a vaccine containing an antigen that no child series takes (e.g. TT given to a child)
			a.child().evaluations().stream().filter(e -> e.seriesId() == null).forEach(e ->
					out.addParameter().setName("evaluation").setResource(evaluation(e, null, patientRef, a.assessmentDate(), catalog)));
		}
		if (a.fullImmunization() != null) {
			var f = a.fullImmunization();
			Parameters.ParametersParameterComponent p = out.addParameter().setName("fullyImmunizedBeforeFirstBirthday");
			p.addPart().setName("definition").setValue(new StringType(f.definitionId() + "|" + f.definitionVersion()));
			p.addPart().setName("firstBirthday").setValue(new DateType(f.firstBirthday().toString()));
			boolean assessable = !a.assessmentDate().isBefore(f.firstBirthday()) || f.fullyImmunized();
			if (assessable) {
				p.addPart().setName("value").setValue(new BooleanType(f.fullyImmunized()));
			} else {
				p.addPart().setName("note").setValue(new StringType("not assessable before the first birthday"));
			}
			f.missing().forEach(m -> p.addPart().setName("missing").setValue(new StringType(m)));
		}
		if (a.upToDate() != null) {
			Parameters.ParametersParameterComponent p = out.addParameter().setName("upToDateForAge");
			p.addPart().setName("value").setValue(new BooleanType(a.upToDate().upToDate()));
			p.addPart().setName("date").setValue(new DateType(a.upToDate().date().toString()));
			a.upToDate().overdue().forEach(o -> p.addPart().setName("overdue").setValue(new StringType(o)));
		}
		if (a.hepBBirthDoseTimely() != null) {
			out.addParameter().setName("hepBBirthDoseWithin24h").setValue(new BooleanType(a.hepBBirthDoseTimely()));
		}
		if (a.tetanusAtDelivery() != null) {
			var t = a.tetanusAtDelivery();
			Parameters.ParametersParameterComponent p = out.addParameter().setName("tetanusProtectedAtDelivery");
			p.addPart().setName("value").setValue(new BooleanType(t.protectedAtDelivery()));
			p.addPart().setName("deliveryDate").setValue(new DateType(t.deliveryDate().toString()));
			p.addPart().setName("validDoses").setValue(new IntegerType(t.validDoses()));
			if (t.protectedUntil() != null) p.addPart().setName("protectedUntil").setValue(new DateType(t.protectedUntil().toString()));
			p.addPart().setName("explanation").setValue(new StringType(t.explanation()));
		}
		if (!a.record().unrecognized().isEmpty()) {
			OperationOutcome oo = new OperationOutcome();
			a.record().unrecognized().forEach(u -> oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.WARNING)
					.setCode(OperationOutcome.IssueType.CODEINVALID).setDiagnostics(u + " (not evaluated)"));
			out.addParameter().setName("issues").setResource(oo);
		}
		return out;
	}

	static ImmunizationRecommendation.ImmunizationRecommendationRecommendationComponent recommendation(
			SeriesForecast s, ScheduleCatalog catalog) {
		var r = new ImmunizationRecommendation.ImmunizationRecommendationRecommendationComponent();
		r.setTargetDisease(antigen(s.antigen(), catalog));
		if (s.recommendedVaccine() != null) {
			r.addVaccineCode(vaccine(s.recommendedVaccine(), catalog));
		}
		CodeableConcept status = new CodeableConcept().addCoding(
				new Coding(ImmunizationIgResources.FORECAST_STATUS_SYSTEM, s.status().code, s.status().display));
		if (s.status() == ForecastStatus.DUE || s.status() == ForecastStatus.OVERDUE || s.status() == ForecastStatus.COMPLETE) {
			status.addCoding(new Coding(HL7_RECOMMENDATION_STATUS, s.status().code,
					s.status().code.substring(0, 1).toUpperCase() + s.status().code.substring(1)));
		}
		status.setText(s.status().displayVi + " / " + s.status().display);
		r.setForecastStatus(status);
		if (s.earliestDate() != null) r.addDateCriterion(criterion("30981-5", "Earliest date to give", s.earliestDate()));
		if (s.dueDate() != null) r.addDateCriterion(criterion("30980-7", "Date vaccine due", s.dueDate()));
		if (s.overdueDate() != null) r.addDateCriterion(criterion("59778-1", "Date when overdue for immunization", s.overdueDate()));
		if (s.latestDate() != null) r.addDateCriterion(criterion("59777-3", "Latest date to give immunization", s.latestDate()));
		r.setSeries(s.seriesId());
		r.setDescription(s.titleVi() + " / " + s.title() + ": " + s.validDoses() + " of " + s.requiredDoses()
				+ " dose(s) valid; schedule " + s.scheduleId());
		if (s.nextDose() != null) r.setDoseNumber(new org.hl7.fhir.r4.model.PositiveIntType(s.nextDose()));
		if (s.requiredDoses() > 0) r.setSeriesDoses(new org.hl7.fhir.r4.model.PositiveIntType(s.requiredDoses()));
		s.evaluations().stream().filter(DoseEvaluation::counted)
				.forEach(e -> r.addSupportingImmunization(ref(e.dose().id())));
		return r;
	}

	static ImmunizationEvaluation evaluation(DoseEvaluation e, SeriesForecast s, Reference patient, LocalDate date,
			ScheduleCatalog catalog) {
		ImmunizationEvaluation ev = new ImmunizationEvaluation();
		ev.setStatus(ImmunizationEvaluation.ImmunizationEvaluationStatus.COMPLETED);
		ev.setPatient(patient);
		ev.setDateElement(new DateTimeType(date.toString()));
		ev.setTargetDisease(antigen(e.antigen(), catalog));
		ev.setImmunizationEvent(ref(e.dose().id()));
		boolean counted = e.counted();
		ev.setDoseStatus(new CodeableConcept(new Coding(HL7_DOSE_STATUS, counted ? "valid" : "notvalid",
				counted ? "Valid" : "Not valid")));
		if (!counted && e.reason() != null) {
			CodeableConcept reason = new CodeableConcept().addCoding(
					new Coding(ImmunizationIgResources.DOSE_STATUS_REASON_SYSTEM, e.reason().code, e.reason().text));
			if (e.reason() == Reason.TOO_YOUNG || e.reason() == Reason.TOO_SOON || e.reason() == Reason.TOO_OLD) {
				reason.addCoding(new Coding(HL7_DOSE_STATUS_REASON, "outsidesched", "Administered outside recommended schedule"));
			}
			reason.setText(e.explanation());
			ev.addDoseStatusReason(reason);
		}
		ev.setDescription(e.explanation() + (e.status() == DoseStatus.EXTRA ? " (extra dose)" : ""));
		if (e.seriesId() != null) ev.setSeries(e.seriesId());
		if (e.doseNumber() != null) ev.setDoseNumber(new org.hl7.fhir.r4.model.PositiveIntType(e.doseNumber()));
		if (s != null && s.requiredDoses() > 0) ev.setSeriesDoses(new org.hl7.fhir.r4.model.PositiveIntType(s.requiredDoses()));
		return ev;
	}

	static CodeableConcept antigen(String code, ScheduleCatalog catalog) {
		var a = catalog.antigens().get(code);
		return new CodeableConcept(new Coding(ScheduleCatalog.ANTIGEN_SYSTEM, code, a.display())).setText(a.displayVi());
	}

	static CodeableConcept vaccine(String code, ScheduleCatalog catalog) {
		var v = catalog.vaccine(code).orElseThrow();
		CodeableConcept cc = new CodeableConcept(new Coding(ScheduleCatalog.VACCINE_SYSTEM, code, v.display()));
		if (v.cvx() != null && "equivalent".equals(v.cvx().equivalence())) {
			cc.addCoding(new Coding(ImmunizationIgResources.CVX, v.cvx().code(), v.cvx().display()));
		}
		return cc.setText(v.displayVi());
	}

	private static ImmunizationRecommendation.ImmunizationRecommendationRecommendationDateCriterionComponent criterion(
			String loinc, String display, LocalDate date) {
		return new ImmunizationRecommendation.ImmunizationRecommendationRecommendationDateCriterionComponent()
				.setCode(new CodeableConcept(new Coding(LOINC, loinc, display)))
				.setValueElement(new DateTimeType(date.toString()));
	}
}
