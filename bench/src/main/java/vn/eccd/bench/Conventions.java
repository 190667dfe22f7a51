package vn.eccd.bench;

/** URLs from docs/conventions.md, and the profile ids this generator declares in meta.profile. */
final class Conventions {
	private Conventions() {
	}

	static final String BASE = "https://fhir.eccd.vn";
	static final String SID_PERSONAL_ID = BASE + "/sid/vn-personal-id";
	static final String SID_HEALTH_INSURANCE = BASE + "/sid/vn-health-insurance";
	static final String SID_BIRTH_REGISTRATION = BASE + "/sid/vn-birth-registration";
	static final String SID_HEALTH_FACILITY = BASE + "/sid/vn-health-facility";
	static final String SID_RECORD = BASE + "/sid/record/"; // + facility code

	static final String EXT_ETHNICITY = BASE + "/StructureDefinition/ethnicity";
	static final String EXT_ADMIN_UNIT = BASE + "/StructureDefinition/address-admin-unit";
	static final String EXT_MOTHER = BASE + "/StructureDefinition/mother";

	static final String CS_ADMIN_UNIT = BASE + "/CodeSystem/vn-admin-unit-2025";
	static final String CS_ETHNICITY = BASE + "/CodeSystem/vn-ethnicity";
	static final String CS_VACCINE = BASE + "/CodeSystem/vn-epi-vaccine";
	/** Not (yet) in docs/conventions.md: generator-local code systems, reported to the lead. */
	static final String CS_BIRTH_ATTENDANT = BASE + "/CodeSystem/birth-attendant";
	static final String CS_ECCD_OBSERVATION = BASE + "/CodeSystem/eccd-observation";
	static final String CS_SCREENING_RESULT = BASE + "/CodeSystem/developmental-screening-result";

	static final String LOINC = "http://loinc.org";
	static final String SNOMED = "http://snomed.info/sct";
	static final String UCUM = "http://unitsofmeasure.org";
	static final String ATC = "http://www.whocc.no/atc";
	static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	static final String V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
	static final String OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
	static final String ORG_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type";

	static final String PROFILE = BASE + "/StructureDefinition/";
	static final String P_CHILD = PROFILE + "eccd-child";
	static final String P_MOTHER = PROFILE + "eccd-mother";
	static final String P_PREGNANCY = PROFILE + "eccd-pregnancy";
	static final String P_ANC_CONTACT = PROFILE + "eccd-anc-contact";
	static final String P_IMMUNIZATION = PROFILE + "eccd-immunization";
	static final String P_GROWTH = PROFILE + "eccd-growth-observation";
	static final String P_STATION = PROFILE + "eccd-commune-health-station";

	static final String VACCINE_DISPLAY_CSV = "bcg=BCG;hepb=Viêm gan B (sơ sinh);dtp-hepb-hib=DPT-VGB-Hib (5 trong 1);"
			+ "bopv=bOPV (bại liệt uống);ipv=IPV (bại liệt tiêm);measles=Sởi;mr=Sởi - Rubella;dtp=DPT (nhắc lại);"
			+ "je-inactivated=Viêm não Nhật Bản (bất hoạt);rota=Rota;tt=Uốn ván (TT);td=Uốn ván - bạch hầu (Td)";
}
