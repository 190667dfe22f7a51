package vn.eccd.fhir.measure.flat;

import static vn.eccd.fhir.measure.flat.FhirRepresentation.*;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import vn.eccd.fhir.growth.GrowthIndicator;
import vn.eccd.fhir.growth.GrowthMeasurements;
import vn.eccd.fhir.growth.NutritionStatus;

/**
 * The projection of a FHIR resource onto its flattened row. The same rules are written as FHIRPath in the
 * ViewDefinitions (profiles/src/main/fhir/other/ViewDefinition-*.json) and as CQL in the indicator Libraries;
 * the comments name the matching FHIRPath. Dose validity is not a property of one Immunization (it depends on the
 * child's other doses): {@link FlatTableWriter} derives it with {@link vn.eccd.fhir.immunization.ProductDoseRules}.
 */
public final class FlatRowMapper {

	private FlatRowMapper() {}

	public static FlatRows.PatientRow patient(Patient patient) {
		return new FlatRows.PatientRow(
				patient.getIdElement().getIdPart(),
				// birthDate
				patient.hasBirthDateElement() && patient.getBirthDateElement().getValue() != null
						? localDate(patient.getBirthDateElement()) : null,
				// gender
				patient.hasGender() ? patient.getGender().toCode() : null,
				// extension('…/ethnicity').value.ofType(Coding).where(system = vn-ethnicity).code.first()
				ethnicity(patient),
				// address.where(use = 'home' or use.empty()).extension('…/address-admin-unit').value.ofType(Coding)
				//        .where(system = vn-admin-unit-2025).code.first()
				communeCode(patient),
				// managingOrganization.getReferenceKey()
				idPart(patient.getManagingOrganization(), "Organization"),
				// deceasedBoolean | deceasedDateTime.exists()
				patient.hasDeceased() ? (patient.getDeceased() instanceof BooleanType b ? b.booleanValue() : Boolean.TRUE) : null,
				// deceased.ofType(dateTime): the calendar date as written
				patient.getDeceased() instanceof DateTimeType dt && dt.getValue() != null ? localDate(dt) : null);
	}

	/** Null when the Immunization carries no vn-epi-vaccine code or no patient: it cannot count for any indicator. */
	public static FlatRows.ImmunizationRow immunization(Immunization immunization) {
		String vaccine = immunization.getVaccineCode().getCoding().stream()
				.filter(c -> CS_EPI_VACCINE.equals(c.getSystem()) && c.hasCode())
				.map(Coding::getCode).findFirst().orElse(null);
		String patientId = idPart(immunization.getPatient(), "Patient");
		if (vaccine == null || patientId == null) {
			return null;
		}
		LocalDate date = immunization.getOccurrence() instanceof DateTimeType dt && dt.getValue() != null ? localDate(dt) : null;
		String organization = immunization.getPerformer().stream()
				.map(p -> idPart(p.getActor(), "Organization")).filter(java.util.Objects::nonNull)
				.findFirst().orElse(null);
		return new FlatRows.ImmunizationRow(immunization.getIdElement().getIdPart(), patientId, vaccine, date,
				immunization.hasStatus() ? immunization.getStatus().toCode() : null, null, organization);
	}

	/**
	 * The row of a growth Observation the nutrition indicators read, or null for any other Observation (or one
	 * without a Patient subject or a date). The matching FHIRPath is in ViewDefinition-eccd-flat-growth.json.
	 */
	public static FlatRows.GrowthRow growth(Observation observation) {
		String item = growthItem(observation);
		// subject.getReferenceKey(Patient) (relative references only, as the growth derivation)
		String patientId = observation.getSubject().getReferenceElement().isAbsolute() ? null
				: idPart(observation.getSubject(), "Patient");
		// effective.ofType(dateTime) | effective.ofType(Period).start | effective.ofType(instant): the date as written
		LocalDate date = GrowthMeasurements.effectiveDate(observation).map(LocalDate::parse).orElse(null);
		if (item == null || patientId == null || date == null) {
			return null;
		}
		String status = observation.hasStatus() ? observation.getStatus().toCode() : null;
		return switch (item) {
			case ITEM_MUAC_CM -> new FlatRows.GrowthRow(id(observation), patientId, date, item, status, null, null,
					muacCm(observation), null, null, null, null, null);
			case ITEM_OEDEMA -> new FlatRows.GrowthRow(id(observation), patientId, date, item, status, null, null, null,
					GrowthMeasurements.oedemaValue(observation), null, null, null, null);
			case ITEM_NUTRITION_STATUS -> new FlatRows.GrowthRow(id(observation), patientId, date, item, status, null,
					null, null, null, component(observation, "underweight"), component(observation, "stunting"),
					component(observation, "wasting"), component(observation, "acute-malnutrition"));
			// a derived z-score: valueQuantity.value, interpretation growth-indicator#implausible
			default -> new FlatRows.GrowthRow(id(observation), patientId, date, item, status,
					observation.hasValueQuantity() ? observation.getValueQuantity().getValue() : null,
					observation.getInterpretation().stream().anyMatch(c -> c.hasCoding(GrowthIndicator.SYSTEM, "implausible")),
					null, null, null, null, null, null);
		};
	}

	public static final String ITEM_MUAC_CM = "muac-cm";
	public static final String ITEM_OEDEMA = "oedema";
	public static final String ITEM_NUTRITION_STATUS = NutritionStatus.OBSERVATION_CODE;

	/** code: a growth-indicator code (derived z-score), nutrition-status, or the MUAC / oedema input codes. */
	static String growthItem(Observation observation) {
		for (Coding coding : observation.getCode().getCoding()) {
			if (GrowthIndicator.SYSTEM.equals(coding.getSystem()) && GrowthIndicator.fromCode(coding.getCode()).isPresent()) {
				return coding.getCode();
			}
			if (NutritionStatus.SYSTEM.equals(coding.getSystem()) && NutritionStatus.OBSERVATION_CODE.equals(coding.getCode())) {
				return ITEM_NUTRITION_STATUS;
			}
		}
		return GrowthMeasurements.kindOf(observation).map(kind -> switch (kind) {
			case MUAC -> ITEM_MUAC_CM;
			case OEDEMA -> ITEM_OEDEMA;
			default -> null;
		}).orElse(null);
	}

	/** MUAC in cm (valueQuantity in cm, mm or m); null when absent or in a unit the growth capability refuses. */
	static BigDecimal muacCm(Observation observation) {
		try {
			Double cm = GrowthMeasurements.valueInEngineUnit(observation, GrowthMeasurements.Kind.MUAC);
			return cm == null ? null : BigDecimal.valueOf(cm).setScale(2, RoundingMode.HALF_EVEN);
		} catch (UnprocessableEntityException e) {
			return null;
		}
	}

	/** component.where(code.coding.code = dimension).value.ofType(CodeableConcept).coding.code.first() */
	static String component(Observation observation, String dimension) {
		return observation.getComponent().stream()
				.filter(c -> c.getCode().hasCoding(NutritionStatus.SYSTEM, dimension) && c.hasValueCodeableConcept())
				.flatMap(c -> c.getValueCodeableConcept().getCoding().stream())
				.filter(c -> NutritionStatus.SYSTEM.equals(c.getSystem()) && c.hasCode())
				.map(Coding::getCode).findFirst().orElse(null);
	}

	private static String id(Observation observation) {
		return observation.getIdElement().getIdPart();
	}

	static String ethnicity(Patient patient) {
		for (Extension extension : patient.getExtensionsByUrl(EXT_ETHNICITY)) {
			if (extension.getValue() instanceof Coding coding && CS_ETHNICITY.equals(coding.getSystem()) && coding.hasCode()) {
				return coding.getCode();
			}
		}
		return null;
	}

	static String communeCode(Patient patient) {
		for (Address address : patient.getAddress()) {
			if (address.hasUse() && address.getUse() != Address.AddressUse.HOME) {
				continue;
			}
			Optional<String> code = address.getExtensionsByUrl(EXT_ADMIN_UNIT).stream()
					.map(Extension::getValue)
					.filter(v -> v instanceof Coding c && CS_ADMIN_UNIT_2025.equals(c.getSystem()) && c.hasCode())
					.map(v -> ((Coding) v).getCode()).findFirst();
			if (code.isPresent()) {
				return code.get();
			}
		}
		return null;
	}

	/** The calendar date as written (no time-zone shift): the local date of the record. */
	static LocalDate localDate(BaseDateTimeType value) {
		return LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
	}

	static String idPart(Reference reference, String type) {
		if (reference == null || !reference.hasReference()) {
			return null;
		}
		org.hl7.fhir.r4.model.IdType id = new org.hl7.fhir.r4.model.IdType(reference.getReference());
		if (id.hasResourceType() && !type.equals(id.getResourceType())) {
			return null;
		}
		return id.getIdPart();
	}
}
