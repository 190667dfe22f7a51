package vn.eccd.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.utilities.npm.NpmPackage;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;

/**
 * The validator the server uses for profile validation (HAPI FhirInstanceValidator over our IG package + the R4
 * core definitions + in-memory terminology), built outside the server to check the generator's output and to
 * measure what validation costs per bundle.
 */
final class Validation {
	static final String IG_CLASSPATH = "vn/eccd/ig/package.tgz";

	final ValidationSupportChain chain;
	final FhirValidator validator;
	final String igSource;
	final int igResources;

	private Validation(ValidationSupportChain chain, FhirValidator validator, String igSource, int igResources) {
		this.chain = chain;
		this.validator = validator;
		this.igSource = igSource;
		this.igResources = igResources;
	}

	/** @param externalPackage a package.tgz path, or null for the profiles module's package on the classpath */
	static Validation create(FhirContext ctx, String externalPackage) throws IOException {
		ValidationSupportChain chain = new ValidationSupportChain();
		List<Object> ig = new ArrayList<>();
		InputStream in = externalPackage != null && !externalPackage.isBlank()
				? Files.newInputStream(Path.of(externalPackage))
				: Validation.class.getClassLoader().getResourceAsStream(IG_CLASSPATH);
		int n = 0;
		String source = "none (base R4 only)";
		if (in != null) {
			PrePopulatedValidationSupport support = new PrePopulatedValidationSupport(ctx);
			Map<String, IBaseResource> questionnaires = new HashMap<>();
			try (in) {
				NpmPackage pkg = NpmPackage.fromPackage(in);
				NpmPackage.NpmPackageFolder folder = pkg.getFolders().get("package");
				for (String file : folder.listFiles()) {
					if (!file.endsWith(".json") || file.equals("package.json") || file.startsWith(".")) {
						continue;
					}
					String json = new String(folder.fetchFile(file), StandardCharsets.UTF_8);
					if (json.contains("\"resourceType\"")) {
						IBaseResource r = ctx.newJsonParser().parseResource(json);
						if (r instanceof Questionnaire q) {
							questionnaires.put(q.getUrl(), q);
						} else {
							support.addResource(r);
						}
						n++;
					}
				}
			}
			chain.addValidationSupport(support);
			chain.addValidationSupport(new QuestionnaireSupport(ctx, questionnaires));
			source = externalPackage != null && !externalPackage.isBlank() ? externalPackage : "classpath:" + IG_CLASSPATH;
			ig.add(support);
		}
		chain.addValidationSupport(new DefaultProfileValidationSupport(ctx));
		chain.addValidationSupport(new InMemoryTerminologyServerValidationSupport(ctx));
		chain.addValidationSupport(new CommonCodeSystemsTerminologyService(ctx));
		chain.addValidationSupport(new SnapshotGeneratingValidationSupport(ctx));
		FhirValidator validator = ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
		return new Validation(chain, validator, source, n);
	}

	/**
	 * The IG's Questionnaires, so that a QuestionnaireResponse is checked against its questionnaire (link ids, item
	 * types, required answers), as the server does (it installs them from the package and its JPA validation support
	 * finds them by canonical URL). PrePopulatedValidationSupport keeps only profiles and terminology.
	 */
	private static final class QuestionnaireSupport implements IValidationSupport {
		private final FhirContext ctx;
		private final Map<String, IBaseResource> byUrl;

		QuestionnaireSupport(FhirContext ctx, Map<String, IBaseResource> byUrl) {
			this.ctx = ctx;
			this.byUrl = byUrl;
		}

		@Override
		public FhirContext getFhirContext() {
			return ctx;
		}

		@Override
		public <T extends IBaseResource> T fetchResource(Class<T> type, String url) {
			if (url == null) {
				return null;
			}
			IBaseResource q = byUrl.get(url.contains("|") ? url.substring(0, url.indexOf('|')) : url);
			if (q == null || (type != null && !type.isInstance(q))) {
				return null;
			}
			@SuppressWarnings("unchecked")
			T t = (T) q;
			return t;
		}
	}

	boolean knowsProfile(String url) {
		return chain.fetchStructureDefinition(url) != null;
	}
}
