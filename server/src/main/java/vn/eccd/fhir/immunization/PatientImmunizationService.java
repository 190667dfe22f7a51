package vn.eccd.fhir.immunization;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Patient;
import vn.eccd.fhir.immunization.ImmunizationModel.AdministeredDose;
import vn.eccd.fhir.immunization.ImmunizationModel.ChildStatus;
import vn.eccd.fhir.immunization.ImmunizationModel.SeriesForecast;

/**
 * Reads a patient and her/his Immunization resources through HAPI's DAOs (so the caller's request details,
 * and any authorization interceptor, apply) and runs the engine.
 */
public class PatientImmunizationService {

	/** One stored Immunization as the engine and the card see it. */
	public record Record(Immunization resource, AdministeredDose dose, String vaccineDisplay) {}

	/** A patient with the immunizations that could be read, and those that could not (with why). */
	public record PatientRecord(Patient patient, LocalDate birthDate, List<Record> records, List<String> unrecognized) {

		public List<AdministeredDose> doses() {
			return records.stream().map(Record::dose).toList();
		}
	}

	/** The full assessment returned by $immds-forecast and shown on the card. */
	public record Assessment(PatientRecord record, LocalDate assessmentDate, boolean womanSchedule,
			ChildStatus child, SeriesForecast maternal, ImmunizationModel.FullImmunizationResult fullImmunization,
			ImmunizationModel.UpToDateResult upToDate, Boolean hepBBirthDoseTimely,
			ImmunizationModel.MaternalTetanusStatus tetanusAtDelivery) {}

	private final DaoRegistry daoRegistry;
	private final ImmunizationEngine engine;
	private final ImmunizationProperties properties;

	public PatientImmunizationService(DaoRegistry daoRegistry, ImmunizationEngine engine, ImmunizationProperties properties) {
		this.daoRegistry = daoRegistry;
		this.engine = engine;
		this.properties = properties;
	}

	public ImmunizationEngine engine() {
		return engine;
	}

	public LocalDate today() {
		return LocalDate.now(ZoneId.of(properties.timeZone()));
	}

	public PatientRecord read(IdType patientId, RequestDetails request) {
		IFhirResourceDao<Patient> patientDao = daoRegistry.getResourceDao(Patient.class);
		Patient patient = patientDao.read(patientId.toUnqualifiedVersionless(), request);
		IFhirResourceDao<Immunization> dao = daoRegistry.getResourceDao(Immunization.class);
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add(Immunization.SP_PATIENT, new ReferenceParam("Patient/" + patient.getIdElement().getIdPart()));
		map.setLoadSynchronousUpTo(2000);
		List<IBaseResource> found = dao.search(map, request).getAllResources();
		List<Immunization> immunizations = new ArrayList<>();
		found.forEach(r -> immunizations.add((Immunization) r));
		return recordOf(patient, immunizations);
	}

	/** Builds the record from resources given in the request (system-level $immds-forecast) or read from the store. */
	public PatientRecord recordOf(Patient patient, List<Immunization> immunizations) {
		if (!patient.hasBirthDate() || patient.getBirthDateElement().getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
			throw new UnprocessableEntityException("Patient" + (patient.getIdElement().hasIdPart() ? "/" + patient.getIdElement().getIdPart() : "")
					+ " has no full birthDate (YYYY-MM-DD): the immunization schedule is age-based");
		}
		LocalDate birthDate = LocalDate.parse(patient.getBirthDateElement().getValueAsString().substring(0, 10));
		List<Record> records = new ArrayList<>();
		List<String> unrecognized = new ArrayList<>();
		int index = 0;
		for (Immunization imm : immunizations) {
			index++;
			String ref = imm.getIdElement().hasIdPart() ? "Immunization/" + imm.getIdElement().getIdPart() : "immunization[" + index + "]";
			if (imm.getStatus() != Immunization.ImmunizationStatus.COMPLETED) {
				continue; // not-done and entered-in-error are not doses
			}
			if (!imm.hasOccurrenceDateTimeType() || imm.getOccurrenceDateTimeType().getValue() == null
					|| imm.getOccurrenceDateTimeType().getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
				unrecognized.add(ref + ": no occurrenceDateTime with a full date");
				continue;
			}
			Optional<ScheduleCatalog.Vaccine> vaccine = vaccineOf(imm);
			if (vaccine.isEmpty()) {
				unrecognized.add(ref + ": vaccineCode is neither a vn-epi-vaccine code nor an equivalent CVX code");
				continue;
			}
			// the calendar date as recorded (no time-zone shift)
			LocalDate date = LocalDate.parse(imm.getOccurrenceDateTimeType().getValueAsString().substring(0, 10));
			records.add(new Record(imm, new AdministeredDose(ref, vaccine.get().code(), date), vaccine.get().displayVi()));
		}
		records.sort(Comparator.comparing((Record x) -> x.dose().date()).thenComparing(x -> x.dose().id()));
		return new PatientRecord(patient, birthDate, records, unrecognized);
	}

	private Optional<ScheduleCatalog.Vaccine> vaccineOf(Immunization imm) {
		ScheduleCatalog catalog = engine.catalog();
		for (Coding c : imm.getVaccineCode().getCoding()) {
			if (ScheduleCatalog.VACCINE_SYSTEM.equals(c.getSystem())) {
				Optional<ScheduleCatalog.Vaccine> v = catalog.vaccine(c.getCode());
				if (v.isPresent()) return v;
			}
		}
		for (Coding c : imm.getVaccineCode().getCoding()) {
			if (ImmunizationIgResources.CVX.equals(c.getSystem()) && c.getCode() != null) {
				Optional<ScheduleCatalog.Vaccine> v = catalog.vaccineForCvx(c.getCode());
				if (v.isPresent()) return v;
			}
		}
		return Optional.empty();
	}

	public Assessment assess(IdType patientId, LocalDate assessmentDate, String definitionId, LocalDate deliveryDate,
			RequestDetails request) {
		return assess(read(patientId, request), assessmentDate, definitionId, deliveryDate);
	}

	public Assessment assess(PatientRecord record, LocalDate assessmentDate, String definitionId, LocalDate deliveryDate) {
		LocalDate date = assessmentDate != null ? assessmentDate : today();
		if (date.isBefore(record.birthDate())) {
			throw new InvalidRequestException("assessmentDate " + date + " is before the patient's birth date " + record.birthDate());
		}
		String definition = definitionId != null && !definitionId.isBlank() ? definitionId : properties.fullImmunizationDefinition();
		if (!engine.catalog().fullImmunizationDefinitions().containsKey(definition)) {
			throw new InvalidRequestException("Unknown fullImmunizationDefinition '" + definition + "'; known: "
					+ engine.catalog().fullImmunizationDefinitions().keySet());
		}
		boolean woman = record.patient().getGender() == AdministrativeGender.FEMALE
				&& Period.between(record.birthDate(), date).getYears() >= properties.womenForecastFromAge();
		if (woman || deliveryDate != null) {
			ImmunizationModel.MaternalTetanusStatus tetanus = deliveryDate == null ? null
					: engine.maternalTetanusProtection(record.doses(), deliveryDate);
			return new Assessment(record, date, true, null, engine.maternalForecast(record.doses(), date), null, null, null,
					tetanus);
		}
		ChildStatus child = engine.evaluateChild(record.birthDate(), record.doses(), date);
		return new Assessment(record, date, false, child, null,
				engine.fullyImmunizedBeforeFirstBirthday(record.birthDate(), record.doses(), definition),
				engine.upToDateForAge(record.birthDate(), record.doses(), date),
				engine.hepBBirthDoseTimely(record.birthDate(), record.doses()), null);
	}
}
