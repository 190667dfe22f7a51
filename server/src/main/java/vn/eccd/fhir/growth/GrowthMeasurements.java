package vn.eccd.fhir.growth;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/**
 * Recognises growth measurement Observations (codes of docs/conventions.md) and reads their values in the
 * engine's units.
 */
public final class GrowthMeasurements {

	public static final String LOINC = "http://loinc.org";
	public static final String SNOMED = "http://snomed.info/sct";
	public static final String UCUM = "http://unitsofmeasure.org";
	public static final String RECORD_ORIGIN_SYSTEM = "https://fhir.eccd.vn/CodeSystem/record-origin";
	public static final String DERIVED = "derived";

	/** What an input Observation measures. */
	public enum Kind {
		WEIGHT(LOINC, "29463-7"),
		LENGTH_LYING(LOINC, "8306-3"),
		HEIGHT_STANDING(LOINC, "8308-9"),
		LENGTH_HEIGHT_UNSPECIFIED(LOINC, "8302-2"),
		HEAD_CIRCUMFERENCE(LOINC, "9843-4"),
		MUAC(LOINC, "56072-2"),
		OEDEMA(SNOMED, "267038008");

		final String system;
		final String code;

		Kind(String system, String code) {
			this.system = system;
			this.code = code;
		}

		public String system() {
			return system;
		}

		public String code() {
			return code;
		}

		boolean isLengthHeight() {
			return this == LENGTH_LYING || this == HEIGHT_STANDING || this == LENGTH_HEIGHT_UNSPECIFIED;
		}

		MeasuringPosition position() {
			return switch (this) {
				case LENGTH_LYING -> MeasuringPosition.LYING;
				case HEIGHT_STANDING -> MeasuringPosition.STANDING;
				default -> null;
			};
		}
	}

	private GrowthMeasurements() {
	}

	public static Optional<Kind> kindOf(Observation observation) {
		if (observation == null || !observation.hasCode()) {
			return Optional.empty();
		}
		for (Coding coding : observation.getCode().getCoding()) {
			for (Kind kind : Kind.values()) {
				if (kind.system.equals(coding.getSystem()) && kind.code.equals(coding.getCode())) {
					return Optional.of(kind);
				}
			}
		}
		return Optional.empty();
	}

	/** A resource the server derived (meta.tag record-origin#derived, or coded in our derived code systems). */
	public static boolean isDerived(org.hl7.fhir.instance.model.api.IBaseResource resource) {
		if (resource == null) {
			return false;
		}
		if (resource.getMeta().getTag(RECORD_ORIGIN_SYSTEM, DERIVED) != null) {
			return true;
		}
		if (resource instanceof Observation o && o.hasCode()) {
			for (Coding c : o.getCode().getCoding()) {
				if (GrowthIndicator.SYSTEM.equals(c.getSystem()) || NutritionStatus.SYSTEM.equals(c.getSystem())) {
					return true;
				}
			}
		}
		return false;
	}

	/** Statuses whose values count (preliminary, final, amended, corrected). */
	public static boolean hasUsableStatus(Observation o) {
		if (!o.hasStatus()) {
			return false;
		}
		return switch (o.getStatus()) {
			case PRELIMINARY, FINAL, AMENDED, CORRECTED -> true;
			default -> false;
		};
	}

	/** The calendar date (YYYY-MM-DD, as recorded, in the observation's own time zone) of effective[x]. */
	public static Optional<String> effectiveDate(Observation o) {
		BaseDateTimeType dt = null;
		if (o.hasEffectiveDateTimeType()) {
			dt = o.getEffectiveDateTimeType();
		} else if (o.hasEffectivePeriod() && o.getEffectivePeriod().hasStart()) {
			dt = o.getEffectivePeriod().getStartElement();
		} else if (o.hasEffectiveInstantType()) {
			dt = o.getEffectiveInstantType();
		}
		if (dt == null || dt.getValueAsString() == null || dt.getValueAsString().length() < 10) {
			return Optional.empty();
		}
		return Optional.of(dt.getValueAsString().substring(0, 10));
	}

	/**
	 * The measured value in kg (weight) or cm (lengths), or null when the Observation has no value.
	 *
	 * @throws UnprocessableEntityException for a unit the server cannot convert, or a value ≤ 0
	 */
	public static Double valueInEngineUnit(Observation o, Kind kind) {
		if (kind == Kind.OEDEMA) {
			throw new IllegalArgumentException("oedema has a boolean value");
		}
		if (!o.hasValueQuantity() || !o.getValueQuantity().hasValue()) {
			return null;
		}
		Quantity q = o.getValueQuantity();
		String unit = q.hasCode() ? q.getCode() : q.getUnit();
		BigDecimal factor = kind == Kind.WEIGHT ? weightFactor(unit) : lengthFactor(unit);
		if (factor == null) {
			throw new UnprocessableEntityException("Observation " + label(o) + ": unit '" + unit + "' is not a "
					+ (kind == Kind.WEIGHT ? "weight unit (kg, g)" : "length unit (cm, mm, m)")
					+ " - growth measurements must use UCUM units (docs/conventions.md)");
		}
		if (q.getValue().signum() <= 0) {
			throw new UnprocessableEntityException("Observation " + label(o) + ": a measurement must be positive, was "
					+ q.getValue().toPlainString());
		}
		return q.getValue().multiply(factor).doubleValue();
	}

	/** The oedema finding, or null when not recorded. */
	public static Boolean oedemaValue(Observation o) {
		if (o.hasValueBooleanType() && o.getValueBooleanType().getValue() != null) {
			return o.getValueBooleanType().getValue();
		}
		return null;
	}

	private static BigDecimal weightFactor(String unit) {
		if (unit == null) {
			return null;
		}
		return switch (unit.trim().toLowerCase(Locale.ROOT)) {
			case "kg" -> BigDecimal.ONE;
			case "g" -> new BigDecimal("0.001");
			default -> null;
		};
	}

	private static BigDecimal lengthFactor(String unit) {
		if (unit == null) {
			return null;
		}
		return switch (unit.trim().toLowerCase(Locale.ROOT)) {
			case "cm" -> BigDecimal.ONE;
			case "mm" -> new BigDecimal("0.1");
			case "m" -> new BigDecimal("100");
			default -> null;
		};
	}

	private static String label(Observation o) {
		return o.getIdElement() != null && o.getIdElement().hasIdPart() ? o.getIdElement().toUnqualifiedVersionless().getValue()
				: "(new)";
	}
}
