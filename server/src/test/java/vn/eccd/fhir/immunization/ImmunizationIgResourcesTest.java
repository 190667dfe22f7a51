package vn.eccd.fhir.immunization;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The immunization resources in profiles/src/main/fhir/ are generated from the schedule data: this test fails
 * when they differ (regenerate with {@code -Dimmunization.ig.write=true}) and validates every one with HAPI's
 * instance validator (FHIR R4 core definitions, our code systems pre-loaded).
 */
class ImmunizationIgResourcesTest {

	static final FhirContext CTX = FhirContext.forR4Cached();
	static final Path IG_DIR = Path.of("..", "profiles", "src", "main", "fhir");
	static ScheduleCatalog catalog;
	static Map<String, MetadataResource> generated;

	@BeforeAll
	static void generate() throws IOException {
		catalog = ScheduleCatalog.loadFromClasspath();
		generated = new ImmunizationIgResources(catalog).generate();
		if (Boolean.getBoolean("immunization.ig.write")) {
			for (var e : generated.entrySet()) {
				Files.writeString(IG_DIR.resolve(e.getKey()), ImmunizationIgResources.toJson(CTX, e.getValue()), StandardCharsets.UTF_8);
			}
		}
	}

	@Test
	void filesInTheIgMatchTheScheduleData() throws IOException {
		for (var e : generated.entrySet()) {
			Path file = IG_DIR.resolve(e.getKey());
			assertThat(file).as("generated file " + e.getKey() + " (run with -Dimmunization.ig.write=true)").exists();
			assertThat(Files.readString(file, StandardCharsets.UTF_8)).as(e.getKey())
					.isEqualTo(ImmunizationIgResources.toJson(CTX, e.getValue()));
		}
	}

	@Test
	void resourcesValidateWithHapiValidator() {
		PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(CTX);
		generated.values().stream().filter(r -> r instanceof CodeSystem).forEach(ours::addCodeSystem);
		ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(CTX),
				new InMemoryTerminologyServerValidationSupport(CTX), new CommonCodeSystemsTerminologyService(CTX),
				new SnapshotGeneratingValidationSupport(CTX), ours);
		FhirValidator validator = CTX.newValidator();
		validator.registerValidatorModule(new FhirInstanceValidator(chain));
		List<String> errors = new ArrayList<>();
		for (var e : generated.entrySet()) {
			ValidationResult result = validator.validateWithResult(e.getValue());
			for (SingleValidationMessage m : result.getMessages()) {
				if (m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
					errors.add(e.getKey() + " " + m.getLocationString() + ": " + m.getMessage());
				}
			}
		}
		assertThat(errors).isEmpty();
	}

	@Test
	void vaccineCodeSystemHasTheConventionCodesAndAntigens() {
		CodeSystem cs = (CodeSystem) generated.get("CodeSystem-vn-epi-vaccine.json");
		assertThat(cs.getUrl()).isEqualTo("https://fhir.eccd.vn/CodeSystem/vn-epi-vaccine");
		assertThat(cs.getConcept()).extracting(CodeSystem.ConceptDefinitionComponent::getCode).containsExactly(
				"bcg", "hepb", "dtp-hepb-hib", "bopv", "ipv", "measles", "mr", "dtp", "je-inactivated", "rota", "tt", "td");
		var pentavalent = cs.getConcept().stream().filter(c -> c.getCode().equals("dtp-hepb-hib")).findFirst().orElseThrow();
		assertThat(pentavalent.getProperty()).extracting(p -> p.getValueCodeType().getCode())
				.containsExactly("diphtheria", "tetanus", "pertussis", "hepb", "hib");
		CodeSystem antigens = (CodeSystem) generated.get("CodeSystem-vn-epi-antigen.json");
		assertThat(antigens.getConcept()).extracting(CodeSystem.ConceptDefinitionComponent::getCode).containsExactly(
				"tb", "hepb", "diphtheria", "tetanus", "pertussis", "hib", "polio", "measles", "rubella", "je", "rotavirus");
	}

	@Test
	void planDefinitionsCarryEveryDoseOfTheData() {
		for (ScheduleCatalog.ScheduleVersion v : catalog.versions()) {
			PlanDefinition pd = (PlanDefinition) generated.get("PlanDefinition-" + v.id() + ".json");
			assertThat(pd.getEffectivePeriod().getStartElement().getValueAsString()).isEqualTo(v.effectiveFrom().toString());
			int doses = v.series().stream().mapToInt(s -> s.doses().size()).sum();
			assertThat(pd.getAction().stream().mapToInt(a -> a.getAction().size()).sum()).isEqualTo(doses);
		}
		PlanDefinition tt10 = (PlanDefinition) generated.get("PlanDefinition-vn-epi-tt10-2024.json");
		var ipv2 = tt10.getAction().stream().filter(a -> a.getId().equals("polio-ipv")).findFirst().orElseThrow().getAction().get(1);
		assertThat(ipv2.getTimingAge().getValue().intValue()).isEqualTo(9);
		assertThat(ipv2.getTimingAge().getCode()).isEqualTo("mo");
		assertThat(ipv2.getRelatedActionFirstRep().getOffsetDuration().getValue().intValue()).isEqualTo(4);
		assertThat(ipv2.getDefinitionCanonicalType().getValue()).isEqualTo("https://fhir.eccd.vn/ActivityDefinition/vn-epi-vaccine-ipv");
	}

	@Test
	void igPackageOnTheServerClasspathCarriesTheResources() throws IOException {
		try (var in = getClass().getClassLoader().getResourceAsStream("vn/eccd/ig/package.tgz")) {
			assertThat(in).as("IG package built by the profiles module").isNotNull();
			org.hl7.fhir.utilities.npm.NpmPackage pkg = org.hl7.fhir.utilities.npm.NpmPackage.fromPackage(in);
			for (String file : generated.keySet()) {
				assertThat(pkg.hasFile("package", file)).as(file + " in package.tgz").isTrue();
			}
			assertThat(pkg.listResources("PlanDefinition")).contains("PlanDefinition-vn-epi-tt38-2017.json", "PlanDefinition-vn-epi-tt10-2024.json");
		}
	}
}
