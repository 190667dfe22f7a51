package vn.eccd.fhir.measure.flat;

import static vn.eccd.fhir.measure.flat.FhirRepresentation.*;

import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

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
