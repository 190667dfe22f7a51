package vn.eccd.fhir.growth;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import vn.eccd.fhir.growth.GrowthDerivation.Visit;

/**
 * {@code GET [base]/Patient/{id}/$growth}: the child's growth record, one {@code visit} per measurement date,
 * oldest first; each with parts {@code date}, {@code ageInDays}, {@code measurement} (the source Observations),
 * {@code zScore} (derived z-score Observations) and {@code nutritionStatus} (the derived classification).
 * OperationDefinition: profiles/src/main/fhir/OperationDefinition-Patient-growth.json.
 */
public class PatientGrowthOperationProvider {

	public static final String OPERATION = "$growth";

	private final DaoRegistry daoRegistry;
	private final GrowthDerivationService service;

	public PatientGrowthOperationProvider(DaoRegistry daoRegistry, GrowthDerivationService service) {
		this.daoRegistry = daoRegistry;
		this.service = service;
	}

	@Operation(name = OPERATION, typeName = "Patient", idempotent = true)
	public Parameters growth(@IdParam IdType patientId, RequestDetails request) {
		@SuppressWarnings("unchecked")
		IFhirResourceDao<Patient> patients = daoRegistry.getResourceDao(Patient.class);
		// 404 / 410 for an unknown or deleted patient (and whatever access rules apply to reading it)
		Patient patient = patients.read(patientId.toUnqualifiedVersionless(), request);
		return growthRecord(patient);
	}

	/** The growth record of a patient as Parameters (also used by the chart). */
	public Parameters growthRecord(Patient patient) {
		String reference = "Patient/" + patient.getIdElement().getIdPart();
		Parameters out = new Parameters();
		Map<Visit, List<Observation>> measurements = service.measurementsByVisit(reference);
		Map<Visit, List<Observation>> derived = service.derivedOf(measurements.keySet());
		for (Map.Entry<Visit, List<Observation>> entry : measurements.entrySet()) {
			Visit visit = entry.getKey();
			ParametersParameterComponent p = out.addParameter().setName("visit");
			p.addPart().setName("date").setValue(new DateType(visit.date()));
			GrowthDerivation.ageInDays(patient, visit.date())
					.ifPresent(days -> p.addPart().setName("ageInDays").setValue(new IntegerType(days.intValue())));
			entry.getValue().stream()
					.sorted(java.util.Comparator.comparing(o -> GrowthMeasurements.kindOf(o).orElseThrow()))
					.forEach(o -> p.addPart().setName("measurement").setResource(o));
			for (Observation result : derived.get(visit)) {
				boolean status = result.getCode().getCodingFirstRep().getSystem().equals(NutritionStatus.SYSTEM);
				p.addPart().setName(status ? "nutritionStatus" : "zScore").setResource(result);
			}
		}
		return out;
	}
}
