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
	static final String CS_ANTIGEN = BASE + "/CodeSystem/vn-epi-antigen";
	/** Code systems of the IG (profiles module, ig branch at the time of writing): codes used as defined there. */
	static final String CS_FACILITY_TYPE = BASE + "/CodeSystem/vn-facility-type";
	static final String CS_ENCOUNTER_TYPE = BASE + "/CodeSystem/eccd-encounter-type";
	static final String CS_DELIVERY = BASE + "/CodeSystem/eccd-delivery";
	static final String CS_ECCD_OBSERVATION = BASE + "/CodeSystem/eccd-observation";
	static final String CS_BREASTFEEDING = BASE + "/CodeSystem/eccd-breastfeeding";
	static final String CS_SUPPLEMENT = BASE + "/CodeSystem/eccd-supplement";
	static final String CS_CARE_PLAN_CATEGORY = BASE + "/CodeSystem/eccd-care-plan-category";
	static final String CS_REFERRAL_CATEGORY = BASE + "/CodeSystem/eccd-referral-category";
	static final String EXT_PLACE_OF_DELIVERY = BASE + "/StructureDefinition/place-of-delivery";
	static final String EXT_PREGNANCY_LMP = BASE + "/StructureDefinition/pregnancy-lmp";
	static final String EXT_PREGNANCY_EDD = BASE + "/StructureDefinition/pregnancy-edd";
	static final String CS_DEVELOPMENT_DOMAIN = BASE + "/CodeSystem/eccd-development-domain";
	/** The IG's ECD milestones questionnaire (24-59 months, ECDI2030 domains), items in {@link EcdMilestones}. */
	static final String Q_ECD_MILESTONES = BASE + "/Questionnaire/eccd-ecd-milestones";
	static final String TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code";
	static final String V3_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

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
	static final String P_STATION = PROFILE + "eccd-health-facility";
	static final String P_DELIVERY = PROFILE + "eccd-delivery";
	static final String P_EARLY_BF = PROFILE + "eccd-early-breastfeeding";
	static final String P_BF_STATUS = PROFILE + "eccd-breastfeeding-status";
	static final String P_SUPPLEMENTATION = PROFILE + "eccd-supplementation";
	static final String P_CARE_PLAN = PROFILE + "eccd-care-plan";
	static final String P_REFERRAL = PROFILE + "eccd-referral";
	static final String P_REFERRAL_TASK = PROFILE + "eccd-referral-task";
	static final String P_DEVELOPMENT_RESULT = PROFILE + "eccd-development-domain-result";

	/** Growth measurement profiles by LOINC code. */
	static String growthProfile(String loinc) {
		return PROFILE + switch (loinc) {
			case "29463-7" -> "eccd-body-weight";
			case "8306-3" -> "eccd-body-length-lying";
			case "8308-9" -> "eccd-body-height-standing";
			case "8302-2" -> "eccd-body-height";
			case "9843-4" -> "eccd-head-circumference";
			case "56072-2" -> "eccd-muac";
			default -> throw new IllegalArgumentException(loinc);
		};
	}
}
