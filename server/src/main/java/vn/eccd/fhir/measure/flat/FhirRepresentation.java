package vn.eccd.fhir.measure.flat;

/**
 * Every assumption the measure capability makes about how other capabilities write their records, in one place
 * (docs/conventions.md is the authority; where it is silent the choice is marked ASSUMPTION and listed in
 * docs/flat-tables.md so that it can be reconciled without touching the evaluator).
 */
public final class FhirRepresentation {

	private FhirRepresentation() {}

	public static final String CANONICAL = "https://fhir.eccd.vn";
	/** Our Measures: their canonical URL starts with this; they are evaluated by the SQL evaluator. */
	public static final String MEASURE_PREFIX = CANONICAL + "/Measure/";

	public static final String EXT_ETHNICITY = CANONICAL + "/StructureDefinition/ethnicity";
	public static final String EXT_ADMIN_UNIT = CANONICAL + "/StructureDefinition/address-admin-unit";
	public static final String CS_ADMIN_UNIT_2025 = CANONICAL + "/CodeSystem/vn-admin-unit-2025";
	public static final String CS_ETHNICITY = CANONICAL + "/CodeSystem/vn-ethnicity";
	public static final String CS_EPI_VACCINE = CANONICAL + "/CodeSystem/vn-epi-vaccine";
	/** Version of the administrative-unit list the residence commune codes belong to (eccd_admin_unit.list_version). */
	public static final String ADMIN_UNIT_LIST = "2025";

}
