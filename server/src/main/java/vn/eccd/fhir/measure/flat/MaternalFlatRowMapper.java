package vn.eccd.fhir.measure.flat;

import static vn.eccd.fhir.measure.flat.FlatRowMapper.idPart;
import static vn.eccd.fhir.measure.flat.FlatRowMapper.localDate;

import java.time.LocalDate;
import java.util.Set;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Type;

/**
 * Projects pregnancy, encounter, supplement and breastfeeding resources onto their flattened rows. The same rules
 * are the FHIRPath of the ViewDefinitions (profiles/src/main/fhir/other/ViewDefinition-eccd-flat-pregnancy.json,
 * -maternal-encounter, -supplementation, -breastfeeding) and the CQL of the pregnancy/newborn Libraries. Each
 * method returns null when the resource is not one the indicators read.
 */
public final class MaternalFlatRowMapper {

	public static final String CS_ENCOUNTER_TYPE = FhirRepresentation.CANONICAL + "/CodeSystem/eccd-encounter-type";
	public static final String CS_DELIVERY = FhirRepresentation.CANONICAL + "/CodeSystem/eccd-delivery";
	public static final String CS_SUPPLEMENT = FhirRepresentation.CANONICAL + "/CodeSystem/eccd-supplement";
	public static final String CS_OBSERVATION = FhirRepresentation.CANONICAL + "/CodeSystem/eccd-observation";
	public static final String CS_BREASTFEEDING = FhirRepresentation.CANONICAL + "/CodeSystem/eccd-breastfeeding";
	public static final String EXT_LMP = FhirRepresentation.CANONICAL + "/StructureDefinition/pregnancy-lmp";
	public static final String EXT_EDD = FhirRepresentation.CANONICAL + "/StructureDefinition/pregnancy-edd";
	public static final String EXT_PLACE_OF_DELIVERY = FhirRepresentation.CANONICAL + "/StructureDefinition/place-of-delivery";

	/** Encounter types of eccd-encounter-type that the pregnancy indicators read. */
	public static final Set<String> ENCOUNTER_KINDS = Set.of("anc-contact", "delivery", "pnc-contact");
	/**
	 * Skilled birth attendants (eccd-birth-attendant): doctor, midwife, nurse and assistant physician (y sĩ), the
	 * trained cadres of Viet Nam's "đẻ được cán bộ y tế đỡ"; village and traditional birth attendants, relatives and
	 * "none" are not skilled (WHO/UNICEF 2018 definition of skilled health personnel).
	 */
	public static final Set<String> SKILLED_ATTENDANTS = Set.of("doctor", "midwife", "nurse", "assistant-physician");
	public static final Set<String> BREASTFEEDING_KINDS = Set.of("early-breastfeeding", "breastfeeding-status");

	private MaternalFlatRowMapper() {}

	public static MaternalFlatRows.PregnancyRow pregnancy(EpisodeOfCare episode) {
		// type.coding.where(system = eccd-encounter-type and code = 'pregnancy').exists()
		boolean pregnancy = episode.getType().stream().anyMatch(t -> hasCoding(t, CS_ENCOUNTER_TYPE, "pregnancy"));
		String patientId = idPart(episode.getPatient(), "Patient");
		if (!pregnancy || patientId == null) {
			return null;
		}
		return new MaternalFlatRows.PregnancyRow(episode.getIdElement().getIdPart(), patientId,
				extensionDate(episode, EXT_LMP), extensionDate(episode, EXT_EDD),
				episode.hasStatus() ? episode.getStatus().toCode() : null);
	}

	public static MaternalFlatRows.EncounterRow encounter(Encounter encounter) {
		// type.coding.where(system = eccd-encounter-type and code in (anc-contact | delivery | pnc-contact)).code.first()
		String kind = encounter.getType().stream().flatMap(t -> t.getCoding().stream())
				.filter(c -> CS_ENCOUNTER_TYPE.equals(c.getSystem()) && ENCOUNTER_KINDS.contains(c.getCode()))
				.map(Coding::getCode).findFirst().orElse(null);
		String patientId = idPart(encounter.getSubject(), "Patient");
		if (kind == null || patientId == null) {
			return null;
		}
		boolean delivery = "delivery".equals(kind);
		return new MaternalFlatRows.EncounterRow(encounter.getIdElement().getIdPart(), patientId, kind,
				// period.start, the calendar date as written
				encounter.getPeriod().getStartElement().getValue() != null ? localDate(encounter.getPeriod().getStartElement()) : null,
				encounter.hasStatus() ? encounter.getStatus().toCode() : null,
				// episodeOfCare.first().getReferenceKey(EpisodeOfCare)
				encounter.hasEpisodeOfCare() ? idPart(encounter.getEpisodeOfCareFirstRep(), "EpisodeOfCare") : null,
				// participant.type.coding.where(system = eccd-delivery and code in skilled).exists()  (deliveries only)
				delivery ? encounter.getParticipant().stream().flatMap(p -> p.getType().stream())
						.flatMap(t -> t.getCoding().stream())
						.anyMatch(c -> CS_DELIVERY.equals(c.getSystem()) && SKILLED_ATTENDANTS.contains(c.getCode())) : null,
				delivery ? placeOfDelivery(encounter) : null);
	}

	public static MaternalFlatRows.SupplementationRow supplementation(MedicationAdministration administration) {
		String code = administration.getMedication() instanceof CodeableConcept concept
				? concept.getCoding().stream().filter(c -> CS_SUPPLEMENT.equals(c.getSystem()) && c.hasCode())
						.map(Coding::getCode).findFirst().orElse(null)
				: null;
		String patientId = idPart(administration.getSubject(), "Patient");
		if (code == null || patientId == null) {
			return null;
		}
		return new MaternalFlatRows.SupplementationRow(administration.getIdElement().getIdPart(), patientId, code,
				effectiveDate(administration.getEffective()),
				administration.hasStatus() ? administration.getStatus().toCode() : null);
	}

	public static MaternalFlatRows.BreastfeedingRow breastfeeding(Observation observation) {
		String kind = observation.getCode().getCoding().stream()
				.filter(c -> CS_OBSERVATION.equals(c.getSystem()) && BREASTFEEDING_KINDS.contains(c.getCode()))
				.map(Coding::getCode).findFirst().orElse(null);
		String patientId = idPart(observation.getSubject(), "Patient");
		if (kind == null || patientId == null) {
			return null;
		}
		String value = null;
		if (observation.getValue() instanceof BooleanType b && b.getValue() != null) {
			value = b.getValue().toString(); // value.ofType(boolean).toString()
		} else if (observation.getValue() instanceof CodeableConcept concept) {
			value = concept.getCoding().stream().filter(c -> CS_BREASTFEEDING.equals(c.getSystem()) && c.hasCode())
					.map(Coding::getCode).findFirst().orElse(null);
		}
		return new MaternalFlatRows.BreastfeedingRow(observation.getIdElement().getIdPart(), patientId, kind,
				effectiveDate(observation.getEffective()),
				observation.hasStatus() ? observation.getStatus().toCode() : null, value);
	}

	/** effective.ofType(dateTime), else effective.ofType(Period).start: the calendar date as written. */
	static LocalDate effectiveDate(Type effective) {
		BaseDateTimeType value = null;
		if (effective instanceof BaseDateTimeType dateTime) {
			value = dateTime;
		} else if (effective instanceof Period period) {
			value = period.getStartElement();
		}
		return value != null && value.getValue() != null ? localDate(value) : null;
	}

	private static LocalDate extensionDate(EpisodeOfCare episode, String url) {
		for (Extension extension : episode.getExtensionsByUrl(url)) {
			if (extension.getValue() instanceof DateType date && date.getValue() != null) {
				return localDate(date);
			}
		}
		return null;
	}

	private static String placeOfDelivery(Encounter encounter) {
		for (Extension extension : encounter.getExtensionsByUrl(EXT_PLACE_OF_DELIVERY)) {
			if (extension.getValue() instanceof CodeableConcept concept) {
				for (Coding coding : concept.getCoding()) {
					if (CS_DELIVERY.equals(coding.getSystem()) && coding.hasCode()) {
						return coding.getCode();
					}
				}
			}
		}
		return null;
	}

	private static boolean hasCoding(CodeableConcept concept, String system, String code) {
		return concept.getCoding().stream().anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()));
	}
}
