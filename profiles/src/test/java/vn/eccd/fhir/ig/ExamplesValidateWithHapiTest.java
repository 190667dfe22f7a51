package vn.eccd.fhir.ig;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of the IG validates with zero errors against the profile it declares, using HAPI's validator
 * over the built package (snapshots included) and the FHIR R4 core definitions, offline.
 */
class ExamplesValidateWithHapiTest {

	static final FhirContext CTX = FhirContext.forR4Cached();
	static FhirValidator validator;

	@BeforeAll
	static void setUp() {
		PrePopulatedValidationSupport ig = new PrePopulatedValidationSupport(CTX);
		// test copies first, so that the package's real code systems (when present) replace them
		Stream.concat(IgPackageFixture.jsonFiles(IgPackageFixture.TEST_DEPS_DIR).stream(),
						IgPackageFixture.jsonFiles(IgPackageFixture.PACKAGE_DIR).stream())
				.map(p -> IgPackageFixture.parse(CTX, p))
				.forEach(r -> {
					if (r instanceof StructureDefinition sd) {
						assertThat(sd.getSnapshot().getElement()).as("snapshot of " + sd.getUrl()).isNotEmpty();
						ig.addStructureDefinition(sd);
					} else if (r instanceof CodeSystem cs) {
						ig.addCodeSystem(cs);
					} else if (r instanceof ValueSet vs) {
						ig.addValueSet(vs);
					} else {
						ig.addResource(r);
					}
				});
		UnknownCodeSystemWarningValidationSupport unknown = new UnknownCodeSystemWarningValidationSupport(CTX);
		unknown.setNonExistentCodeSystemSeverity(IValidationSupportSeverity.WARNING);
		ValidationSupportChain chain = new ValidationSupportChain(
				new DefaultProfileValidationSupport(CTX), ig,
				new InMemoryTerminologyServerValidationSupport(CTX),
				new CommonCodeSystemsTerminologyService(CTX),
				new SnapshotGeneratingValidationSupport(CTX),
				unknown);
		validator = CTX.newValidator();
		FhirInstanceValidator module = new FhirInstanceValidator(chain);
		module.setAnyExtensionsAllowed(true);
		validator.registerValidatorModule(module);
	}

	static List<Path> examples() {
		return IgPackageFixture.jsonFiles(IgPackageFixture.EXAMPLE_DIR);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void exampleHasNoErrors(Path file) {
		IBaseResource example = IgPackageFixture.parse(CTX, file);
		ValidationResult result = validator.validateWithResult(example);
		List<String> errors = result.getMessages().stream()
				.filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
				.map(ExamplesValidateWithHapiTest::describe)
				.toList();
		assertThat(errors).as(file.getFileName().toString()).isEmpty();
		if (example instanceof Resource r && r.getMeta().hasProfile()) {
			assertThat(r.getMeta().getProfile().get(0).getValue()).startsWith("https://fhir.eccd.vn/StructureDefinition/");
		}
	}

	static String describe(SingleValidationMessage m) {
		return m.getSeverity() + " @ " + m.getLocationString() + ": " + m.getMessage();
	}

	/** Severity enum is nested in UnknownCodeSystemWarningValidationSupport's API as IValidationSupport.IssueSeverity. */
	private static final class IValidationSupportSeverity {
		static final ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity WARNING =
				ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity.WARNING;
	}
}
