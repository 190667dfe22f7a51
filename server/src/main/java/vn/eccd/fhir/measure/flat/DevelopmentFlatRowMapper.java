package vn.eccd.fhir.measure.flat;

import static vn.eccd.fhir.measure.flat.FlatRowMapper.idPart;
import static vn.eccd.fhir.measure.flat.FlatRowMapper.localDate;

import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * Projects developmental screening results, care plans, referrals and referral tasks onto their flattened rows.
 * The same rules are the FHIRPath of the ViewDefinitions (ViewDefinition-eccd-flat-development-result.json,
 * -care-plan, -referral, -referral-task) and the CQL of the development Libraries. Each method returns null when
 * the resource is not one the indicators read.
 */
public final class DevelopmentFlatRowMapper {

	public static final String CS_DEVELOPMENT_DOMAIN = FhirRepresentation.CANONICAL + "/CodeSystem/eccd-development-domain";
	public static final String CS_CARE_PLAN_CATEGORY = FhirRepresentation.CANONICAL + "/CodeSystem/eccd-care-plan-category";
	public static final String CS_REFERRAL_CATEGORY = FhirRepresentation.CANONICAL + "/CodeSystem/eccd-referral-category";
	public static final String CS_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

	private DevelopmentFlatRowMapper() {}

	public static DevelopmentFlatRows.ResultRow result(Observation observation) {
		String domain = firstCode(List.of(observation.getCode()), CS_DEVELOPMENT_DOMAIN);
		String patientId = idPart(observation.getSubject(), "Patient");
		if (domain == null || patientId == null) {
			return null;
		}
		return new DevelopmentFlatRows.ResultRow(observation.getIdElement().getIdPart(), patientId, domain,
				MaternalFlatRowMapper.effectiveDate(observation.getEffective()),
				observation.hasStatus() ? observation.getStatus().toCode() : null,
				firstCode(observation.getInterpretation(), CS_INTERPRETATION));
	}

	public static DevelopmentFlatRows.CarePlanRow carePlan(CarePlan plan) {
		String patientId = idPart(plan.getSubject(), "Patient");
		if (patientId == null) {
			return null;
		}
		return new DevelopmentFlatRows.CarePlanRow(plan.getIdElement().getIdPart(), patientId,
				firstCode(plan.getCategory(), CS_CARE_PLAN_CATEGORY), plan.hasStatus() ? plan.getStatus().toCode() : null,
				date(plan.getPeriod().getStartElement()), date(plan.getPeriod().getEndElement()));
	}

	public static DevelopmentFlatRows.ReferralRow referral(ServiceRequest request) {
		String patientId = idPart(request.getSubject(), "Patient");
		if (patientId == null) {
			return null;
		}
		return new DevelopmentFlatRows.ReferralRow(request.getIdElement().getIdPart(), patientId,
				firstCode(request.getCategory(), CS_REFERRAL_CATEGORY), date(request.getAuthoredOnElement()),
				request.hasStatus() ? request.getStatus().toCode() : null,
				request.hasIntent() ? request.getIntent().toCode() : null);
	}

	public static DevelopmentFlatRows.ReferralTaskRow referralTask(Task task) {
		String patientId = idPart(task.getFor(), "Patient");
		if (patientId == null) {
			return null;
		}
		// when it was completed: executionPeriod.end, else lastModified
		LocalDate completed = date(task.getExecutionPeriod().getEndElement());
		return new DevelopmentFlatRows.ReferralTaskRow(task.getIdElement().getIdPart(), patientId,
				task.hasBasedOn() ? idPart(task.getBasedOnFirstRep(), "ServiceRequest") : null,
				task.hasStatus() ? task.getStatus().toCode() : null,
				completed != null ? completed : date(task.getLastModifiedElement()));
	}

	private static LocalDate date(BaseDateTimeType value) {
		return value != null && value.getValue() != null ? localDate(value) : null;
	}

	/** The first code of {@code system} among the concepts' codings, in order. */
	private static String firstCode(List<CodeableConcept> concepts, String system) {
		return concepts.stream().flatMap(c -> c.getCoding().stream())
				.filter(c -> system.equals(c.getSystem()) && c.hasCode()).map(Coding::getCode).findFirst().orElse(null);
	}
}
