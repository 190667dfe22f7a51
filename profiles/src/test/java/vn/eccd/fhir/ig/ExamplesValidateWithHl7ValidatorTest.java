package vn.eccd.fhir.ig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.convertors.loaders.loaderR5.NullLoaderKnowledgeProviderR5;
import org.hl7.fhir.convertors.loaders.loaderR5.R4ToR5Loader;
import org.hl7.fhir.r5.context.SimpleWorkerContext;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example validates with zero errors through HL7's own validator (org.hl7.fhir.validation's
 * InstanceValidator on an R5 worker context, as the HL7 Java validator CLI uses it), independently of HAPI's
 * validation-support chain. Offline: the FHIR R4 core definitions are read from hapi-fhir-validation-resources-r4
 * and converted R4 → R5 by HL7's loader, our package from target/npm/package, and no terminology server is used
 * (codes of LOINC/SNOMED CT cannot be checked; our own code systems are loaded and checked).
 */
class ExamplesValidateWithHl7ValidatorTest {

	static InstanceValidator validator;

	@BeforeAll
	static void setUp() throws IOException {
		SimpleWorkerContext context = new SimpleWorkerContext.SimpleWorkerContextBuilder()
				.withAllowLoadingDuplicates(true).fromNothing();
		context.setCanRunWithoutTerminology(true);
		context.setNoTerminologyServer(true);
		R4ToR5Loader loader = new R4ToR5Loader(
				Set.of("StructureDefinition", "ValueSet", "CodeSystem", "ConceptMap", "NamingSystem", "Questionnaire"),
				new NullLoaderKnowledgeProviderR5(), "4.0.1");
		for (String file : List.of("profile/profiles-types.xml", "profile/profiles-resources.xml",
				"profile/profiles-others.xml", "valueset/valuesets.xml", "valueset/v3-codesystems.xml",
				"valueset/v2-tables.xml")) {
			try (InputStream in = ExamplesValidateWithHl7ValidatorTest.class.getResourceAsStream("/org/hl7/fhir/r4/model/" + file)) {
				context.loadFromFile(in, file, loader, skipDuplicates(context));
			}
		}
		for (Path p : Stream.concat(IgPackageFixture.jsonFiles(IgPackageFixture.PACKAGE_DIR).stream(),
				IgPackageFixture.jsonFiles(IgPackageFixture.TEST_DEPS_DIR).stream()).toList()) {
			if (p.getFileName().toString().startsWith("ImplementationGuide")) {
				continue;
			}
			// our JSON resources: parsed as R4 and converted to R5 by HL7's converter, then cached in the context
			try (InputStream in = Files.newInputStream(p)) {
				org.hl7.fhir.r4.model.Resource r4 = new org.hl7.fhir.r4.formats.JsonParser().parse(in);
				org.hl7.fhir.r5.model.Resource r5 = org.hl7.fhir.convertors.factory.VersionConvertorFactory_40_50.convertResource(r4);
				// test copies of others' code systems only stand in when the package does not have the real one
				if (r5 instanceof org.hl7.fhir.r5.model.CanonicalResource cr
						&& context.hasResource(org.hl7.fhir.r5.model.Resource.class, cr.getUrl())) {
					continue;
				}
				context.cacheResource(r5);
			}
		}
		// the context learns its FHIR version from a core package; we loaded the core definitions file by file
		setVersion(context, "4.0.1");
		context.setExpansionParameters(new org.hl7.fhir.r5.model.Parameters());
		// UCUM is checked locally (no terminology server), as the HL7 validator does with its bundled UCUM essence
		try (InputStream ucum = ExamplesValidateWithHl7ValidatorTest.class.getResourceAsStream("/ucum-essence.xml")) {
			context.setUcumService(new org.fhir.ucum.UcumEssenceService(ucum));
		} catch (org.fhir.ucum.UcumException e) {
			throw new IllegalStateException(e);
		}
		validator = new InstanceValidator(context, null, null, null, new ValidatorSettings());
		validator.setAnyExtensionsAllowed(true);
		validator.setFetcher(new ExampleResolution(context));
		// examples reference each other by Type/id; they are validated one at a time
		validator.setAssumeValidRestReferences(true);
	}

	/** References between examples (Patient/child-lo-van-minh, Organization/tyt-muong-lat...) resolve to the examples. */
	static final class ExampleResolution implements org.hl7.fhir.r5.utils.validation.IValidatorResourceFetcher {
		private final SimpleWorkerContext context;

		ExampleResolution(SimpleWorkerContext context) {
			this.context = context;
		}

		@Override
		public org.hl7.fhir.r5.elementmodel.Element fetch(org.hl7.fhir.r5.utils.validation.IResourceValidator v, Object ctx, String url)
				throws IOException {
			String[] parts = url.split("/");
			if (parts.length < 2) {
				return null;
			}
			Path file = IgPackageFixture.EXAMPLE_DIR.resolve(parts[parts.length - 2] + "-" + parts[parts.length - 1] + ".json");
			if (!Files.exists(file)) {
				return null;
			}
			try (InputStream in = Files.newInputStream(file)) {
				return org.hl7.fhir.r5.elementmodel.Manager.parseSingle(context, in, FhirFormat.JSON);
			}
		}

		@Override
		public boolean resolveURL(org.hl7.fhir.r5.utils.validation.IResourceValidator v, Object ctx, String path, String url,
				String type, boolean canonical, List<org.hl7.fhir.r5.model.CanonicalType> targets) {
			return true;
		}

		@Override
		public byte[] fetchRaw(org.hl7.fhir.r5.utils.validation.IResourceValidator v, String url) {
			return null;
		}

		@Override
		public org.hl7.fhir.r5.utils.validation.IValidatorResourceFetcher setLocale(java.util.Locale locale) {
			return this;
		}

		@Override
		public org.hl7.fhir.r5.model.CanonicalResource fetchCanonicalResource(org.hl7.fhir.r5.utils.validation.IResourceValidator v,
				Object ctx, String url) {
			return null;
		}

		@Override
		public boolean fetchesCanonicalResource(org.hl7.fhir.r5.utils.validation.IResourceValidator v, String url) {
			return false;
		}

		@Override
		public Set<org.hl7.fhir.r5.utils.validation.IValidatorResourceFetcher.ResourceVersionInformation> fetchCanonicalResourceVersions(
				org.hl7.fhir.r5.utils.validation.IResourceValidator v, Object ctx, String url) {
			return Set.of();
		}
	}

	private static void setVersion(SimpleWorkerContext context, String version) {
		try {
			java.lang.reflect.Field field = org.hl7.fhir.r5.context.BaseWorkerContext.class.getDeclaredField("version");
			field.setAccessible(true);
			field.set(context, version);
		} catch (ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The core bundles repeat a few code systems the context already knows (e.g. spdx-license): keep the first. */
	static SimpleWorkerContext.ILoadFilter skipDuplicates(SimpleWorkerContext context) {
		return new SimpleWorkerContext.ILoadFilter() {
			@Override
			public boolean isOkToLoad(org.hl7.fhir.r5.model.Resource resource) {
				return !(resource instanceof org.hl7.fhir.r5.model.CanonicalResource cr)
						|| !context.hasResource(org.hl7.fhir.r5.model.Resource.class, cr.getUrl());
			}

			@Override
			public boolean isOkToLoad(String resourceType) {
				return true;
			}
		};
	}

	static List<Path> examples() {
		return IgPackageFixture.jsonFiles(IgPackageFixture.EXAMPLE_DIR);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void exampleHasNoErrors(Path file) throws IOException {
		List<ValidationMessage> messages = new ArrayList<>();
		byte[] json = IgPackageFixture.read(file).getBytes(StandardCharsets.UTF_8);
		validator.validate(null, messages, new ByteArrayInputStream(json), FhirFormat.JSON);
		List<String> errors = messages.stream()
				.filter(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR
						|| m.getLevel() == ValidationMessage.IssueSeverity.FATAL)
				// same policy as the server: codes of external code systems cannot be checked without a
				// terminology server (here UCUM inside the core vital-signs unit value set); ours are checked
				.filter(m -> !(m.getMessage().contains("could not be found, so the code cannot be validated")
						&& !m.getMessage().contains("CodeSystem 'https://fhir.eccd.vn/")))
				.map(m -> m.getLevel() + " @ " + m.getLocation() + ": " + m.getMessage())
				.toList();
		assertThat(errors).as(file.getFileName().toString()).isEmpty();
	}
}
