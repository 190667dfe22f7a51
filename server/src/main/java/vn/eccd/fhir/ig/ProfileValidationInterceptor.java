package vn.eccd.fhir.ig;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates every resource written through the REST API (create, update, and each entry of a transaction or
 * batch) against the IG profile that fits it: the ECCD profiles it declares in {@code meta.profile}, otherwise
 * the default profile for its type/code ({@link ProfileSelector}). A resource with errors is refused with HTTP 422
 * and an OperationOutcome whose issues carry the FHIRPath location of each problem ({@code issue.expression})
 * and a plain message; in a transaction this rolls back the whole bundle.
 *
 * <p>Registered on the RestfulServer, so it sees REST writes only: resources the server itself writes (package
 * installation, derived observations written outside a client request) are not re-validated here.
 *
 * <p>Terminology: our own code systems (https://fhir.eccd.vn/...: administrative units, ethnicity, vaccines...)
 * are strict. External systems (LOINC, SNOMED CT, ...) cannot be checked offline, so "unknown code system" and
 * "cannot validate code" messages about them are reported as warnings, never errors.
 */
public class ProfileValidationInterceptor {

	private static final Logger LOG = LoggerFactory.getLogger(ProfileValidationInterceptor.class);
	private static final Pattern URL = Pattern.compile("(https?://[^\\s'\"#|,)]+|urn:[^\\s'\"#|,)]+)");
	/** Messages the validator gives when it cannot check a code of a system it does not know. */
	private static final List<String> UNCHECKABLE_CODE_MESSAGES = List.of(
			"unknown code system", "could not be found", "can't be validated", "cannot be validated",
			"unable to validate", "unknown codesystem", "unknown code", "not found", "is unknown",
			"no terminology server", "unable to check", "code system is not known", "codesystem is unknown");

	private final FhirContext ctx;
	private final FhirValidator validator;
	private final ProfileSelector selector;
	private final Set<String> skipTypes;
	private final List<String> strictPrefixes;
	/** Metric: time of one resource's profile validation ({@code /actuator/metrics/eccd.ig.validation}). */
	public static final String METRIC = "eccd.ig.validation";
	private final Timer timer;
	private final Counter refused;

	public ProfileValidationInterceptor(FhirContext ctx, IValidationSupport validationSupport,
			ProfileSelector selector, IgProperties.Validation settings) {
		this(ctx, validationSupport, selector, settings, new SimpleMeterRegistry());
	}

	public ProfileValidationInterceptor(FhirContext ctx, IValidationSupport validationSupport,
			ProfileSelector selector, IgProperties.Validation settings, MeterRegistry registry) {
		this.timer = Timer.builder(METRIC)
				.description("Time of one resource's validation against its ECCD profile")
				.publishPercentiles(0.5, 0.95, 0.99)
				.register(registry);
		this.refused = Counter.builder(METRIC + ".refused")
				.description("Resources refused (HTTP 422) because they do not conform to their profile")
				.register(registry);
		FhirInstanceValidator instanceValidator = new FhirInstanceValidator(validationSupport);
		// commune systems may carry their own extensions; ours are still checked against their definitions
		instanceValidator.setAnyExtensionsAllowed(true);
		instanceValidator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		this.ctx = ctx;
		this.validator = ctx.newValidator();
		this.validator.setValidateAgainstStandardSchema(false);
		this.validator.setValidateAgainstStandardSchematron(false);
		this.validator.registerValidatorModule(instanceValidator);
		this.selector = selector;
		this.skipTypes = Set.copyOf(settings.skipResourceTypes());
		this.strictPrefixes = List.copyOf(settings.strictCodeSystemPrefixes());
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		validate(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource oldResource, IBaseResource resource, RequestDetails request) {
		validate(resource);
	}

	/** Validates one resource; throws {@link UnprocessableEntityException} (422) with the outcome on errors. */
	public void validate(IBaseResource resource) {
		validate(resource, true);
	}

	/** @param measured false for the start-up warm-up, which is not a client's validation and stays out of the metrics */
	private void validate(IBaseResource resource, boolean measured) {
		if (resource == null || skipTypes.contains(resource.fhirType())) {
			return;
		}
		long start = System.nanoTime();
		ValidationOptions options = new ValidationOptions();
		List<String> profiles = new ArrayList<>();
		boolean declaresOurs = resource.getMeta().getProfile().stream()
				.anyMatch(p -> ProfileSelector.isOurs(p.getValue()));
		if (!declaresOurs) {
			Optional<String> profile = selector.defaultProfileFor(resource);
			profile.ifPresent(p -> {
				options.addProfile(p);
				profiles.add(p);
			});
		} else {
			resource.getMeta().getProfile().forEach(p -> profiles.add(p.getValue()));
		}
		ValidationResult result = validator.validateWithResult(resource, options);
		OperationOutcome outcome = new OperationOutcome();
		boolean errors = false;
		for (SingleValidationMessage m : result.getMessages()) {
			IssueSeverity severity = severity(m);
			if (severity == IssueSeverity.ERROR || severity == IssueSeverity.FATAL) {
				errors = true;
				outcome.addIssue(issue(m, severity));
			}
		}
		if (measured) {
			timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
		if (errors) {
			if (measured) {
				refused.increment();
			}
			String id = resource.getIdElement().hasIdPart() ? "/" + resource.getIdElement().getIdPart() : "";
			String against = profiles.isEmpty() ? "the FHIR R4 base definition" : String.join(", ", profiles);
			outcome.getIssue().add(0, new OperationOutcome.OperationOutcomeIssueComponent()
					.setSeverity(IssueSeverity.ERROR)
					.setCode(IssueType.INVARIANT)
					.setDiagnostics(resource.fhirType() + id + " does not conform to " + against + ": "
							+ firstError(outcome) + " (" + outcome.getIssue().size() + " error(s) in all, listed below; see docs/ig/)"));
			// keep the other messages (warnings) for the developer, after the errors
			for (SingleValidationMessage m : result.getMessages()) {
				IssueSeverity severity = severity(m);
				if (severity == IssueSeverity.WARNING) {
					outcome.addIssue(issue(m, severity));
				}
			}
			LOG.debug("Refused {}{}: {} error(s)", resource.fhirType(), id, outcome.getIssue().size() - 1);
			throw new UnprocessableEntityException(ctx, outcome);
		}
	}

	private static String firstError(OperationOutcome outcome) {
		OperationOutcome.OperationOutcomeIssueComponent first = outcome.getIssueFirstRep();
		String where = first.getExpression().isEmpty() ? "" : first.getExpression().get(0).getValue() + ": ";
		return where + first.getDiagnostics();
	}

	private IssueSeverity severity(SingleValidationMessage m) {
		ResultSeverityEnum s = m.getSeverity();
		if (s == ResultSeverityEnum.ERROR || s == ResultSeverityEnum.FATAL) {
			if (isUncheckableExternalCode(m.getMessage())) {
				return IssueSeverity.WARNING;
			}
			return s == ResultSeverityEnum.FATAL ? IssueSeverity.FATAL : IssueSeverity.ERROR;
		}
		return s == ResultSeverityEnum.WARNING ? IssueSeverity.WARNING : IssueSeverity.INFORMATION;
	}

	/** An error that only says a code of an external code system could not be checked (no terminology server). */
	boolean isUncheckableExternalCode(String message) {
		if (message == null) {
			return false;
		}
		String lower = message.toLowerCase();
		if (UNCHECKABLE_CODE_MESSAGES.stream().noneMatch(lower::contains)) {
			return false;
		}
		// Anything that names one of our own URLs (code system, value set, profile) stays an error.
		Matcher urls = URL.matcher(message);
		boolean externalSystem = false;
		while (urls.find()) {
			String url = urls.group(1);
			if (strictPrefixes.stream().anyMatch(url::startsWith)) {
				return false;
			}
			if (!url.startsWith("http://hl7.org/fhir/StructureDefinition") && !url.contains("/ValueSet/")) {
				externalSystem = true;
			}
		}
		return externalSystem;
	}

	private static OperationOutcome.OperationOutcomeIssueComponent issue(SingleValidationMessage m, IssueSeverity severity) {
		OperationOutcome.OperationOutcomeIssueComponent issue = new OperationOutcome.OperationOutcomeIssueComponent()
				.setSeverity(severity)
				.setCode(severity == IssueSeverity.WARNING ? IssueType.INFORMATIONAL : IssueType.PROCESSING)
				.setDiagnostics(m.getMessage());
		issue.getDetails().setText(m.getMessage());
		if (m.getLocationString() != null) {
			issue.getExpression().add(new StringType(m.getLocationString()));
			issue.getLocation().add(new StringType(m.getLocationString()));
		}
		return issue;
	}

	/**
	 * Pays the validator's one-off cost (loading the FHIR core definitions and our package, building the
	 * validation context: ~15 s on a loaded 2-core machine) at start-up instead of on a client's first write.
	 */
	public void warmUp() {
		long start = System.nanoTime();
		org.hl7.fhir.r4.model.Patient p = new org.hl7.fhir.r4.model.Patient();
		p.addName().setText("Warm Up");
		p.addAddress().addExtension("https://fhir.eccd.vn/StructureDefinition/address-admin-unit",
				new org.hl7.fhir.r4.model.Coding("https://fhir.eccd.vn/CodeSystem/vn-admin-unit-2025", "14845", null));
		try {
			validate(p, false);
		} catch (UnprocessableEntityException expectedOrNot) {
			// the result does not matter
		}
		LOG.info("Profile validator ready in {} ms", (System.nanoTime() - start) / 1_000_000);
	}

	/** Number of resources validated, refused, and the mean validation time in microseconds. */
	public String stats() {
		return "validated=" + timer.count() + " refused=" + (long) refused.count() + " meanMicros="
				+ (long) timer.mean(TimeUnit.MICROSECONDS);
	}

	static boolean hasProfile(Resource r, String url) {
		return r.getMeta().getProfile().stream().map(CanonicalType::getValue).anyMatch(url::equals);
	}
}
