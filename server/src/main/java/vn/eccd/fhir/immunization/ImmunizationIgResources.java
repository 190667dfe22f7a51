package vn.eccd.fhir.immunization;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Age;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Enumerations.ConceptMapEquivalence;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.ValueSet;
import vn.eccd.fhir.immunization.ImmunizationModel.ForecastStatus;
import vn.eccd.fhir.immunization.ImmunizationModel.Reason;
import vn.eccd.fhir.immunization.ScheduleCatalog.DoseRule;
import vn.eccd.fhir.immunization.ScheduleCatalog.Mapping;
import vn.eccd.fhir.immunization.ScheduleCatalog.ScheduleVersion;
import vn.eccd.fhir.immunization.ScheduleCatalog.Series;
import vn.eccd.fhir.immunization.ScheduleCatalog.Vaccine;

/**
 * Generates the immunization part of the IG (CodeSystems, ConceptMaps, ActivityDefinitions, one PlanDefinition
 * per schedule version) from the schedule data, so the data stay the single source of truth. Run
 * {@link #main} to rewrite profiles/src/main/fhir/; ImmunizationIgResourcesTest fails when the files there
 * differ from what the data give.
 */
public final class ImmunizationIgResources {

	public static final String BASE = "https://fhir.eccd.vn";
	public static final String IG_VERSION = "0.1.0";
	public static final String FORECAST_STATUS_SYSTEM = BASE + "/CodeSystem/immunization-forecast-status";
	public static final String DOSE_STATUS_REASON_SYSTEM = BASE + "/CodeSystem/immunization-dose-status-reason";
	public static final String CVX = "http://hl7.org/fhir/sid/cvx";
	public static final String ICD11 = "http://id.who.int/icd/release/11/mms";
	public static final String SNOMED = "http://snomed.info/sct";
	private static final String UCUM = "http://unitsofmeasure.org";
	/** Resources carry a fixed date so regeneration is reproducible. */
	private static final String PUBLISHED = "2026-11-26";

	private final ScheduleCatalog catalog;

	public ImmunizationIgResources(ScheduleCatalog catalog) {
		this.catalog = catalog;
	}

	/** File name (as in the IG package) -> resource. */
	public Map<String, MetadataResource> generate() {
		Map<String, MetadataResource> out = new LinkedHashMap<>();
		add(out, vaccineCodeSystem());
		add(out, antigenCodeSystem());
		add(out, forecastStatusCodeSystem());
		add(out, doseStatusReasonCodeSystem());
		for (MetadataResource r : List.copyOf(out.values())) {
			add(out, allCodes((CodeSystem) r));
		}
		add(out, vaccineMap("cvx", CVX, "CVX"));
		add(out, vaccineMap("icd11", ICD11, "ICD-11 MMS"));
		add(out, vaccineMap("snomed", SNOMED, "SNOMED CT"));
		add(out, antigenMap());
		for (Vaccine v : catalog.vaccines().values()) {
			add(out, activityDefinition(v));
		}
		for (ScheduleVersion version : catalog.versions()) {
			add(out, planDefinition(version));
		}
		add(out, forecastOperation());
		return out;
	}

	private static void add(Map<String, MetadataResource> out, MetadataResource r) {
		out.put(r.fhirType() + "-" + r.getIdElement().getIdPart() + ".json", r);
	}

	private static <T extends MetadataResource> T common(T r, String type, String id, String name, String title) {
		r.setId(id);
		r.setUrl(BASE + "/" + type + "/" + id);
		r.setVersion(IG_VERSION);
		r.setName(name);
		r.setTitle(title);
		r.setStatus(PublicationStatus.ACTIVE);
		r.setExperimental(false);
		r.setDateElement(new org.hl7.fhir.r4.model.DateTimeType(PUBLISHED));
		r.setPublisher("ECCD FHIR project");
		return r;
	}

	CodeSystem vaccineCodeSystem() {
		CodeSystem cs = common(new CodeSystem(), "CodeSystem", "vn-epi-vaccine", "VnEpiVaccine",
				"Vaccines of Viet Nam's Expanded Programme on Immunization");
		cs.setDescription("Vaccine products used in Viet Nam's EPI (Tiêm chủng mở rộng). Property 'antigen' lists the "
				+ "antigens (CodeSystem vn-epi-antigen) a dose counts for: a 5-in-1 dose counts for diphtheria, tetanus, "
				+ "pertussis, hepatitis B and Hib. Generated from vn/eccd/terminology/immunization/vaccines.json.");
		cs.setCaseSensitive(true);
		cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		cs.setValueSet(BASE + "/ValueSet/vn-epi-vaccine");
		cs.addProperty().setCode("antigen").setUri(BASE + "/CodeSystem/vn-epi-vaccine#antigen")
				.setDescription("antigen (vn-epi-antigen) a dose of this vaccine counts for")
				.setType(CodeSystem.PropertyType.CODE);
		for (Vaccine v : catalog.vaccines().values()) {
			CodeSystem.ConceptDefinitionComponent c = cs.addConcept().setCode(v.code()).setDisplay(v.display());
			c.addDesignation().setLanguage("vi").setValue(v.displayVi());
			v.antigens().forEach(a -> c.addProperty().setCode("antigen").setValue(new org.hl7.fhir.r4.model.CodeType(a)));
		}
		cs.setCount(cs.getConcept().size());
		return cs;
	}

	CodeSystem antigenCodeSystem() {
		CodeSystem cs = common(new CodeSystem(), "CodeSystem", "vn-epi-antigen", "VnEpiAntigen",
				"Antigens (target diseases) of Viet Nam's EPI");
		cs.setDescription("Antigens / diseases an EPI dose counts for (ImmunizationRecommendation.recommendation.targetDisease, "
				+ "ImmunizationEvaluation.targetDisease). Generated from vn/eccd/terminology/immunization/vaccines.json.");
		cs.setCaseSensitive(true);
		cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		cs.setValueSet(BASE + "/ValueSet/vn-epi-antigen");
		catalog.antigens().values().forEach(a -> cs.addConcept().setCode(a.code()).setDisplay(a.display())
				.addDesignation().setLanguage("vi").setValue(a.displayVi()));
		cs.setCount(cs.getConcept().size());
		return cs;
	}

	CodeSystem forecastStatusCodeSystem() {
		CodeSystem cs = common(new CodeSystem(), "CodeSystem", "immunization-forecast-status", "ImmunizationForecastStatus",
				"Immunization forecast status");
		cs.setDescription("Status of a series in $immds-forecast. 'due', 'overdue' and 'complete' are also sent with "
				+ "the HL7 immunization-recommendation-status code; 'notdue' and 'agedout' have no HL7 R4 equivalent.");
		cs.setCaseSensitive(true);
		cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		cs.setValueSet(BASE + "/ValueSet/immunization-forecast-status");
		for (ForecastStatus s : ForecastStatus.values()) {
			cs.addConcept().setCode(s.code).setDisplay(s.display).addDesignation().setLanguage("vi").setValue(s.displayVi);
		}
		cs.setCount(cs.getConcept().size());
		return cs;
	}

	CodeSystem doseStatusReasonCodeSystem() {
		CodeSystem cs = common(new CodeSystem(), "CodeSystem", "immunization-dose-status-reason", "ImmunizationDoseStatusReason",
				"Why an administered dose was not counted");
		cs.setDescription("ImmunizationEvaluation.doseStatusReason: the rule a dose failed (minimum age and interval are "
				+ "checked with a 4-day grace period).");
		cs.setCaseSensitive(true);
		cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		cs.setValueSet(BASE + "/ValueSet/immunization-dose-status-reason");
		for (Reason r : Reason.values()) {
			cs.addConcept().setCode(r.code).setDisplay(r.text);
		}
		cs.setCount(cs.getConcept().size());
		return cs;
	}

	/** The value set a CodeSystem names in CodeSystem.valueSet: all its codes. */
	ValueSet allCodes(CodeSystem cs) {
		String id = cs.getIdElement().getIdPart();
		ValueSet vs = common(new ValueSet(), "ValueSet", id, cs.getName(), cs.getTitle());
		vs.setDescription("All codes of CodeSystem " + cs.getUrl() + ".");
		vs.getCompose().addInclude().setSystem(cs.getUrl());
		return vs;
	}

	ConceptMap vaccineMap(String key, String targetSystem, String targetName) {
		ConceptMap cm = common(new ConceptMap(), "ConceptMap", "vn-epi-vaccine-to-" + key, "VnEpiVaccineTo" + key.toUpperCase(),
				"EPI vaccines to " + targetName);
		cm.setDescription("Maps vn-epi-vaccine codes to " + targetName + ". Equivalence is read source -> target ('wider' = "
				+ "the target concept is broader than our product). Sources and confidence: "
				+ "vn/eccd/terminology/immunization/SOURCE.md.");
		cm.setSource(new org.hl7.fhir.r4.model.UriType(BASE + "/ValueSet/vn-epi-vaccine"));
		ConceptMap.ConceptMapGroupComponent group = cm.addGroup()
				.setSource(ScheduleCatalog.VACCINE_SYSTEM).setTarget(targetSystem);
		for (Vaccine v : catalog.vaccines().values()) {
			Mapping m = switch (key) {
				case "cvx" -> v.cvx();
				case "icd11" -> v.icd11();
				default -> v.snomed();
			};
			ConceptMap.SourceElementComponent el = group.addElement().setCode(v.code()).setDisplay(v.display());
			if (m == null) {
				el.addTarget().setEquivalence(ConceptMapEquivalence.UNMATCHED)
						.setComment("no " + targetName + " code retrieved for this product");
			} else {
				el.addTarget().setCode(m.code()).setDisplay(m.display())
						.setEquivalence(ConceptMapEquivalence.fromCode(m.equivalence()));
			}
		}
		return cm;
	}

	ConceptMap antigenMap() {
		ConceptMap cm = common(new ConceptMap(), "ConceptMap", "vn-epi-vaccine-to-antigen", "VnEpiVaccineToAntigen",
				"EPI vaccines to the antigens a dose counts for");
		cm.setDescription("Each target is an antigen one dose of the source vaccine counts for (a 5-in-1 dose counts "
				+ "as a diphtheria, tetanus, pertussis, hepatitis B and Hib dose).");
		cm.setSource(new org.hl7.fhir.r4.model.UriType(BASE + "/ValueSet/vn-epi-vaccine"));
		cm.setTarget(new org.hl7.fhir.r4.model.UriType(BASE + "/ValueSet/vn-epi-antigen"));
		ConceptMap.ConceptMapGroupComponent group = cm.addGroup()
				.setSource(ScheduleCatalog.VACCINE_SYSTEM).setTarget(ScheduleCatalog.ANTIGEN_SYSTEM);
		for (Vaccine v : catalog.vaccines().values()) {
			ConceptMap.SourceElementComponent el = group.addElement().setCode(v.code()).setDisplay(v.display());
			for (String a : v.antigens()) {
				el.addTarget().setCode(a).setDisplay(catalog.antigens().get(a).display())
						.setEquivalence(ConceptMapEquivalence.RELATEDTO).setComment("a dose counts for this antigen");
			}
		}
		return cm;
	}

	OperationDefinition forecastOperation() {
		OperationDefinition od = common(new OperationDefinition(), "OperationDefinition", "Patient-immds-forecast",
				"PatientImmdsForecast", "Immunization forecast for a stored patient");
		od.setDescription("Instance-level form of HL7's Immunization Decision Support Forecast operation "
				+ "(http://hl7.org/fhir/us/immds/OperationDefinition/ImmDSForecastOperation): the patient and the immunization "
				+ "history are read from the server; at system level (POST [base]/$immds-forecast) they are given in the request, as in ImmDS. Returns the ImmDS outputs (recommendation, evaluation) and the status flags "
				+ "of Viet Nam's EPI. See docs/immunization.md.");
		od.setKind(OperationDefinition.OperationKind.OPERATION);
		od.setCode("immds-forecast");
		od.addResource("Patient");
		od.setSystem(true).setType(false).setInstance(true);
		od.setAffectsState(false);
		in(od, "assessmentDate", 0, "1", "date", "The date on which to assess the forecast (default: today in Viet Nam).");
		in(od, "patient", 0, "1", "Patient", "System level only (required there): the patient, with birthDate.");
		in(od, "immunization", 0, "*", "Immunization", "System level only: the immunization history.");
		in(od, "fullImmunizationDefinition", 0, "1", "string", "Id of the 'fully immunized before the first birthday' definition (vn-epi-fic-2018, vn-epi-fic-2018-ipv).");
		in(od, "deliveryDate", 0, "1", "date", "A woman's delivery date: adds tetanusProtectedAtDelivery.");
		out(od, "recommendation", 1, "1", "ImmunizationRecommendation", "One recommendation per antigen series.");
		out(od, "evaluation", 0, "*", "ImmunizationEvaluation", "One evaluation per administered dose and antigen; notvalid doses carry doseStatusReason.");
		var fic = out(od, "fullyImmunizedBeforeFirstBirthday", 0, "1", null, "Fully immunized before the first birthday.");
		part(fic, "definition", 1, "1", "string", "definition id|version used");
		part(fic, "firstBirthday", 1, "1", "date", "the first birthday");
		part(fic, "value", 0, "1", "boolean", "the flag; absent while the child is under one and not yet complete");
		part(fic, "note", 0, "1", "string", "why value is absent");
		part(fic, "missing", 0, "*", "string", "series and valid/needed doses");
		var utd = out(od, "upToDateForAge", 0, "1", null, "Up to date for age on the assessment date.");
		part(utd, "value", 1, "1", "boolean", "the flag");
		part(utd, "date", 1, "1", "date", "assessment date");
		part(utd, "overdue", 0, "*", "string", "series and dose overdue or missed");
		out(od, "hepBBirthDoseWithin24h", 0, "1", "boolean", "HepB birth dose given on the day of birth or the next day.");
		var tt = out(od, "tetanusProtectedAtDelivery", 0, "1", null, "A woman's tetanus protection at delivery (needs deliveryDate).");
		part(tt, "value", 1, "1", "boolean", "protected");
		part(tt, "deliveryDate", 1, "1", "date", "delivery date");
		part(tt, "validDoses", 1, "1", "integer", "valid TT/Td doses at least 1 month before delivery");
		part(tt, "protectedUntil", 0, "1", "date", "end of protection (absent = for life)");
		part(tt, "explanation", 1, "1", "string", "reasoning");
		out(od, "issues", 0, "1", "OperationOutcome", "Immunizations that could not be evaluated (unknown vaccine code, no date).");
		return od;
	}

	private static OperationDefinition.OperationDefinitionParameterComponent in(OperationDefinition od, String name, int min,
			String max, String type, String doc) {
		return od.addParameter().setName(name).setUse(OperationDefinition.OperationParameterUse.IN).setMin(min).setMax(max)
				.setType(type).setDocumentation(doc);
	}

	private static OperationDefinition.OperationDefinitionParameterComponent out(OperationDefinition od, String name, int min,
			String max, String type, String doc) {
		var p = od.addParameter().setName(name).setUse(OperationDefinition.OperationParameterUse.OUT).setMin(min).setMax(max)
				.setDocumentation(doc);
		if (type != null) p.setType(type);
		return p;
	}

	private static void part(OperationDefinition.OperationDefinitionParameterComponent parent, String name, int min, String max,
			String type, String doc) {
		parent.addPart().setName(name).setUse(OperationDefinition.OperationParameterUse.OUT).setMin(min).setMax(max)
				.setType(type).setDocumentation(doc);
	}

	public static String activityDefinitionUrl(String vaccineCode) {
		return BASE + "/ActivityDefinition/vn-epi-vaccine-" + vaccineCode;
	}

	ActivityDefinition activityDefinition(Vaccine v) {
		ActivityDefinition ad = common(new ActivityDefinition(), "ActivityDefinition", "vn-epi-vaccine-" + v.code(),
				"VnEpiVaccine" + v.code().replace("-", "").toUpperCase(), "Give " + v.display());
		ad.setDescription(v.displayVi() + " / " + v.display() + ": counts for " + String.join(", ", v.antigens()) + ".");
		ad.setKind(ActivityDefinition.ActivityDefinitionKind.IMMUNIZATIONRECOMMENDATION);
		CodeableConcept product = new CodeableConcept().addCoding(
				new Coding(ScheduleCatalog.VACCINE_SYSTEM, v.code(), v.display()));
		if (v.cvx() != null && "equivalent".equals(v.cvx().equivalence())) {
			product.addCoding(new Coding(CVX, v.cvx().code(), v.cvx().display()));
		}
		product.setText(v.displayVi());
		ad.setProduct(product);
		return ad;
	}

	PlanDefinition planDefinition(ScheduleVersion version) {
		PlanDefinition pd = common(new PlanDefinition(), "PlanDefinition", version.id(),
				"VnEpiSchedule" + version.version(), version.title());
		pd.setVersion(version.version());
		pd.setSubtitle(version.titleVi());
		pd.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/plan-definition-type",
				"clinical-protocol", "Clinical Protocol")));
		pd.setDescription("Viet Nam EPI schedule in force " + version.effectiveFrom() + " to "
				+ (version.effectiveTo() == null ? "(open)" : version.effectiveTo()) + ". " + version.legalBasis()
				+ ". Each dose action gives the recommended age (timingAge), the minimum age (applicability condition), "
				+ "the minimum interval from the previous dose (relatedAction offset) and the recommended vaccine "
				+ "(definitionCanonical). Doses before the minimum age or interval minus " + version.graceDays()
				+ " days are not counted. A child is judged by the version in force on the date each dose was due. "
				+ "Generated from vn/eccd/terminology/immunization/" + version.id() + " data.");
		pd.getEffectivePeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(version.effectiveFrom().toString()));
		if (version.effectiveTo() != null) {
			pd.getEffectivePeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType(version.effectiveTo().toString()));
		}
		pd.addRelatedArtifact().setType(RelatedArtifact.RelatedArtifactType.CITATION).setCitation(version.legalBasis());
		for (Series s : version.series()) {
			PlanDefinition.PlanDefinitionActionComponent sa = pd.addAction();
			sa.setId(s.id());
			sa.setPrefix(s.titleVi());
			sa.setTitle(s.title());
			sa.setDescription("target: " + s.target() + "; programme: " + s.programme() + "; accepted vaccines: "
					+ String.join(", ", s.acceptedVaccines())
					+ (s.maximumAge() == null ? "" : "; maximum age " + s.maximumAge())
					+ (s.note() == null ? "" : "; " + s.note()));
			sa.addCode(antigen(s.antigen()));
			sa.setSelectionBehavior(PlanDefinition.ActionSelectionBehavior.ALL);
			for (DoseRule d : s.doses()) {
				PlanDefinition.PlanDefinitionActionComponent da = sa.addAction();
				da.setId(s.id() + "-" + d.dose());
				da.setTitle(s.title() + " dose " + d.dose());
				StringBuilder desc = new StringBuilder("recommended age ").append(d.recommendedAge())
						.append("; minimum age ").append(d.minimumAge());
				if (d.minimumInterval() != null) desc.append("; minimum interval ").append(d.minimumInterval());
				if (d.recommendedInterval() != null) desc.append("; recommended interval ").append(d.recommendedInterval());
				desc.append("; overdue after ").append(d.overdueAfter() != null ? d.overdueAfter() : version.defaultOverdueAfter());
				if (d.effectiveFrom() != null) desc.append("; in force from ").append(d.effectiveFrom());
				if (d.effectiveTo() != null) desc.append("; in force to ").append(d.effectiveTo());
				desc.append("; confidence ").append(d.confidence());
				if (d.note() != null) desc.append("; ").append(d.note());
				da.setDescription(desc.toString());
				da.addCode(antigen(s.antigen()));
				Period rec = d.recommendedAgePeriod();
				if (s.forChildren() && singleUnit(rec) && !rec.isZero()) { // Age must be positive: birth doses say "at birth" in the description
					da.setTiming(age(rec));
				}
				if (s.forChildren()) {
					da.addCondition().setKind(PlanDefinition.ActionConditionKind.APPLICABILITY)
							.setExpression(new Expression().setLanguage("text/fhirpath")
									.setDescription("minimum age " + d.minimumAge())
									.setExpression("%patient.birthDate + " + fhirPath(d.minimumAgePeriod()) + " <= today()"));
					if (d.effectiveFrom() != null) {
						da.addCondition().setKind(PlanDefinition.ActionConditionKind.APPLICABILITY)
								.setExpression(new Expression().setLanguage("text/fhirpath")
										.setDescription("dose in the schedule only when due on or after " + d.effectiveFrom())
										.setExpression("%patient.birthDate + " + fhirPath(rec) + " >= @" + d.effectiveFrom()));
					}
				}
				if (d.dose() > 1 && d.minimumInterval() != null) {
					da.addRelatedAction().setActionId(s.id() + "-" + (d.dose() - 1))
							.setRelationship(PlanDefinition.ActionRelationshipType.AFTEREND)
							.setOffset(duration(d.minimumIntervalPeriod()));
				}
				String vaccine = d.vaccines() == null || d.vaccines().isEmpty() ? s.acceptedVaccines().get(0) : d.vaccines().get(0);
				da.setDefinition(new org.hl7.fhir.r4.model.CanonicalType(activityDefinitionUrl(vaccine)));
			}
		}
		return pd;
	}

	private CodeableConcept antigen(String code) {
		return new CodeableConcept(new Coding(ScheduleCatalog.ANTIGEN_SYSTEM, code, catalog.antigens().get(code).display()));
	}

	private static boolean singleUnit(Period p) {
		int units = (p.getYears() != 0 ? 1 : 0) + (p.getMonths() != 0 ? 1 : 0) + (p.getDays() != 0 ? 1 : 0);
		return units <= 1;
	}

	private static Age age(Period p) {
		Age a = new Age();
		fill(p, (value, code) -> { a.setValue(value); a.setUnit(code); a.setSystem(UCUM); a.setCode(code); });
		return a;
	}

	private static Duration duration(Period p) {
		Duration d = new Duration();
		fill(p, (value, code) -> { d.setValue(value); d.setUnit(code); d.setSystem(UCUM); d.setCode(code); });
		return d;
	}

	private static void fill(Period p, java.util.function.BiConsumer<Long, String> setter) {
		if (p.getYears() != 0) setter.accept((long) p.getYears(), "a");
		else if (p.getMonths() != 0) setter.accept((long) p.getMonths(), "mo");
		else if (p.getDays() != 0 && p.getDays() % 7 == 0) setter.accept((long) p.getDays() / 7, "wk");
		else setter.accept((long) p.getDays(), "d");
	}

	private static String fhirPath(Period p) {
		List<String> parts = new ArrayList<>();
		if (p.getYears() != 0) parts.add(p.getYears() + " years");
		if (p.getMonths() != 0) parts.add(p.getMonths() + " months");
		if (p.getDays() != 0) parts.add(p.getDays() % 7 == 0 ? p.getDays() / 7 + " weeks" : p.getDays() + " days");
		if (parts.isEmpty()) parts.add("0 days");
		return String.join(" + ", parts);
	}

	/** Serialises as the IG files are written (pretty JSON, trailing newline). */
	public static String toJson(FhirContext ctx, MetadataResource r) {
		IParser parser = ctx.newJsonParser().setPrettyPrint(true);
		return parser.encodeResourceToString(r) + "\n";
	}

	/** Rewrites the generated files: {@code java ... ImmunizationIgResources profiles/src/main/fhir}. */
	public static void main(String[] args) throws IOException {
		Path dir = Path.of(args.length > 0 ? args[0] : "profiles/src/main/fhir");
		FhirContext ctx = FhirContext.forR4();
		for (Map.Entry<String, MetadataResource> e : new ImmunizationIgResources(ScheduleCatalog.loadFromClasspath()).generate().entrySet()) {
			Files.writeString(dir.resolve(e.getKey()), toJson(ctx, e.getValue()), StandardCharsets.UTF_8);
		}
	}
}
