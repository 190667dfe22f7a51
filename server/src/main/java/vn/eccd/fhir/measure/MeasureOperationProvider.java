package vn.eccd.fhir.measure;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.opencds.cqf.fhir.cr.hapi.common.StringTimePeriodHandler;
import org.opencds.cqf.fhir.cr.hapi.r4.R4MeasureEvaluatorSingleFactory;
import org.opencds.cqf.fhir.utility.monad.Eithers;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.eccd.fhir.measure.async.AsyncRequestAccepted;
import vn.eccd.fhir.measure.async.MeasureJobService;
import vn.eccd.fhir.measure.async.MeasureJobStatusProvider;
import vn.eccd.fhir.measure.flat.FhirRepresentation;
import vn.eccd.fhir.measure.indicator.Indicator;
import vn.eccd.fhir.measure.indicator.IndicatorCatalog;
import vn.eccd.fhir.measure.indicator.IndicatorResult;
import vn.eccd.fhir.measure.indicator.SqlIndicatorEvaluator;
import vn.eccd.fhir.measure.indicator.SubjectFilter;

/**
 * {@code Measure/$evaluate-measure} (instance, and type-level with {@code measure} = canonical URL[|version]).
 * Our indicators (canonical URL under https://fhir.eccd.vn/Measure/ and implemented in {@link IndicatorCatalog})
 * are evaluated in SQL over the flattened tables; every other Measure by HAPI's clinical-reasoning CQL engine.
 * The non-standard parameter {@code engine} (sql | cql) forces one engine, e.g. to cross-check our SQL against the
 * Measure's own CQL Library.
 */
public class MeasureOperationProvider {

	private final DaoRegistry daoRegistry;
	private final SqlIndicatorEvaluator sqlEvaluator;
	private final R4MeasureEvaluatorSingleFactory cqlEvaluator;
	private final StringTimePeriodHandler periodHandler;
	private final JdbcTemplate jdbc;
	private final MeasureJobService jobs;

	public MeasureOperationProvider(DaoRegistry daoRegistry, SqlIndicatorEvaluator sqlEvaluator,
			R4MeasureEvaluatorSingleFactory cqlEvaluator, StringTimePeriodHandler periodHandler, JdbcTemplate jdbc,
			MeasureJobService jobs) {
		this.jobs = jobs;
		this.daoRegistry = daoRegistry;
		this.sqlEvaluator = sqlEvaluator;
		this.cqlEvaluator = cqlEvaluator;
		this.periodHandler = periodHandler;
		this.jdbc = jdbc;
	}

	@Operation(name = "$evaluate-measure", idempotent = true, type = Measure.class)
	public MeasureReport evaluateMeasure(
			@IdParam(optional = true) IdType id,
			@OperationParam(name = "measure") String measureCanonical,
			@OperationParam(name = "periodStart") String periodStart,
			@OperationParam(name = "periodEnd") String periodEnd,
			@OperationParam(name = "reportType") String reportType,
			@OperationParam(name = "subject") String subject,
			@OperationParam(name = "practitioner") String practitioner,
			@OperationParam(name = "lastReceivedOn") String lastReceivedOn,
			@OperationParam(name = "engine") String engine,
			RequestDetails request) {
		Measure measure = resolveMeasure(id, measureCanonical, request);
		LocalDate start = MeasurePeriod.start(periodStart);
		LocalDate end = MeasurePeriod.end(periodEnd);
		if (end.isBefore(start)) {
			throw new InvalidRequestException("periodEnd (" + periodEnd + ") is before periodStart (" + periodStart + ")");
		}
		SubjectFilter filter = resolveSubject(subject, request);
		MeasureReportBuilder.ReportType type;
		try {
			type = MeasureReportBuilder.ReportType.parse(reportType, filter instanceof SubjectFilter.OnePatient);
		} catch (IllegalArgumentException e) {
			throw new InvalidRequestException(e.getMessage());
		}
		String chosen = engine == null || engine.isBlank() ? "auto" : engine;
		if (!Set.of("auto", "sql", "cql").contains(chosen)) {
			throw new InvalidRequestException("engine must be sql or cql, not '" + engine + "'");
		}
		if (respondAsync(request)) {
			String jobId = jobs.submit("$evaluate-measure", request.getCompleteUrl(), () -> evaluateMeasure(id, measureCanonical,
					periodStart, periodEnd, reportType, subject, practitioner, lastReceivedOn, engine, new SystemRequestDetails()));
			throw accepted(request, jobId);
		}
		Optional<Indicator> indicator = IndicatorCatalog.byUrl(measure.getUrl());
		if (!"cql".equals(chosen) && indicator.isPresent()) {
			IndicatorResult result = sqlEvaluator.evaluate(indicator.get(), start, end, filter);
			MeasureReport report = MeasureReportBuilder.build(measure, result, type, start, end, subject);
			MeasureReportBuilder.copyDefinitionExtensions(measure, report);
			return report;
		}
		if ("sql".equals(chosen)) {
			throw new InvalidRequestException("Measure " + measure.getUrl() + " has no SQL implementation; use engine=cql");
		}
		if (filter instanceof SubjectFilter.ManagingOrganization || filter instanceof SubjectFilter.Commune
				|| filter instanceof SubjectFilter.Province) {
			throw new InvalidRequestException("The CQL engine evaluates a Patient or a Group; subject " + subject
					+ " is supported for the indicators evaluated in SQL only");
		}
		try {
			MeasureReport report = cqlEvaluator.create(request).evaluate(
					Eithers.forMiddle3(measure.getIdElement().toUnqualifiedVersionless()),
					periodHandler.getStartZonedDateTime(periodStart, request),
					periodHandler.getEndZonedDateTime(periodEnd, request),
					type == MeasureReportBuilder.ReportType.SUBJECT ? "subject"
							: type == MeasureReportBuilder.ReportType.SUBJECT_LIST ? "subject-list" : "population",
					subject, lastReceivedOn, null, null, null, null, null, null, practitioner);
			report.addExtension(MeasureReportBuilder.EXT_EVALUATOR, new org.hl7.fhir.r4.model.StringType("cql"));
			MeasureReportBuilder.copyDefinitionExtensions(measure, report);
			if (measure.hasVersion() && report.hasMeasure() && !report.getMeasure().contains("|")) {
				report.setMeasure(report.getMeasure() + "|" + measure.getVersion());
			}
			return report;
		} catch (BaseServerResponseException e) {
			throw e;
		} catch (RuntimeException e) {
			// a Measure whose CQL does not compile or whose Library is missing: the definition, not the server, is at fault
			throw new UnprocessableEntityException("Measure " + measure.getUrl() + " could not be evaluated by the CQL engine: "
					+ e.getMessage());
		}
	}

	/**
	 * {@code Measure/$evaluate}: several indicators at once for one period and subject, as one Bundle (type
	 * collection) of MeasureReports. Without {@code measureUrl}, every indicator the SQL evaluator implements whose
	 * Measure is on the server. (DEQM's $evaluate answers a Parameters of Bundles; ours answers the Bundle itself.)
	 */
	@Operation(name = "$evaluate", idempotent = true, type = Measure.class)
	public org.hl7.fhir.r4.model.Bundle evaluateAll(
			@OperationParam(name = "measureUrl") List<String> measureUrls,
			@OperationParam(name = "periodStart") String periodStart,
			@OperationParam(name = "periodEnd") String periodEnd,
			@OperationParam(name = "reportType") String reportType,
			@OperationParam(name = "subject") String subject,
			@OperationParam(name = "engine") String engine,
			RequestDetails request) {
		if (respondAsync(request)) {
			MeasurePeriod.start(periodStart); // a malformed request is refused now, not at the status endpoint
			MeasurePeriod.end(periodEnd);
			resolveSubject(subject, request);
			String jobId = jobs.submit("$evaluate", request.getCompleteUrl(), () -> evaluateAll(measureUrls, periodStart, periodEnd,
					reportType, subject, engine, new SystemRequestDetails()));
			throw accepted(request, jobId);
		}
		List<String> urls = measureUrls == null || measureUrls.isEmpty()
				? IndicatorCatalog.all().stream().map(Indicator::url).toList()
				: measureUrls;
		org.hl7.fhir.r4.model.Bundle bundle = new org.hl7.fhir.r4.model.Bundle();
		bundle.setType(org.hl7.fhir.r4.model.Bundle.BundleType.COLLECTION);
		bundle.setTimestamp(new java.util.Date());
		// the indicators of one report read the same children and visits: read them once
		sqlEvaluator.together(() -> {
			for (String url : urls) {
				if ((measureUrls == null || measureUrls.isEmpty()) && !measureExists(url, request)) {
					continue; // an indicator whose Measure is not (yet) loaded on this server
				}
				bundle.addEntry().setResource(evaluateMeasure(null, url, periodStart, periodEnd, reportType, subject, null,
						null, engine, request));
			}
			return bundle;
		});
		if (bundle.getEntry().isEmpty()) {
			throw new InvalidRequestException("No Measure to evaluate: none of our indicator Measures is loaded on this server");
		}
		return bundle;
	}

	/** {@code Prefer: respond-async} (FHIR asynchronous request pattern). */
	private static boolean respondAsync(RequestDetails request) {
		String prefer = request.getHeader(Constants.HEADER_PREFER);
		return prefer != null && RestfulServerUtils.parsePreferHeader(prefer).getRespondAsync();
	}

	private static AsyncRequestAccepted accepted(RequestDetails request, String jobId) {
		return new AsyncRequestAccepted("Evaluation accepted as job " + jobId + "; poll the Content-Location for the result",
				MeasureJobStatusProvider.statusUrl(request, jobId), "accepted");
	}

	private boolean measureExists(String url, RequestDetails request) {
		return !daoRegistry.getResourceDao(Measure.class)
				.search(SearchParameterMap.newSynchronous().add(Measure.SP_URL, new UriParam(url)), request).getAllResources().isEmpty();
	}

	private Measure resolveMeasure(IdType id, String canonical, RequestDetails request) {
		IFhirResourceDao<Measure> dao = daoRegistry.getResourceDao(Measure.class);
		if (id != null && id.hasIdPart()) {
			try {
				return dao.read(id.toUnqualifiedVersionless(), request);
			} catch (ResourceNotFoundException | ResourceGoneException e) {
				throw new InvalidRequestException("Unknown Measure " + id.toUnqualifiedVersionless().getValue());
			}
		}
		if (canonical == null || canonical.isBlank()) {
			throw new InvalidRequestException("Name the Measure: Measure/{id}/$evaluate-measure or measure=<canonical URL>");
		}
		int bar = canonical.indexOf('|');
		String url = bar < 0 ? canonical : canonical.substring(0, bar);
		String version = bar < 0 ? null : canonical.substring(bar + 1);
		SearchParameterMap map = SearchParameterMap.newSynchronous().add(Measure.SP_URL, new UriParam(url));
		if (version != null) {
			map.add(Measure.SP_VERSION, new TokenParam(version));
		}
		IBundleProvider found = dao.search(map, request);
		List<IBaseResource> measures = found.getAllResources();
		return measures.stream().map(Measure.class::cast)
				.max(Comparator.comparing((Measure m) -> m.getMeta().getLastUpdated()))
				.orElseThrow(() -> new InvalidRequestException("Unknown Measure " + canonical));
	}

	private SubjectFilter resolveSubject(String subject, RequestDetails request) {
		if (subject == null || subject.isBlank()) {
			return new SubjectFilter.Everyone();
		}
		IdType id = new IdType(subject);
		if (!id.hasResourceType() || !id.hasIdPart()) {
			throw new InvalidRequestException("subject must be a reference such as Patient/123, Group/…, Organization/… or Location/…");
		}
		String type = id.getResourceType();
		if (!Set.of("Patient", "Group", "Organization", "Location").contains(type)) {
			throw new InvalidRequestException("subject of type " + type + " is not supported (Patient, Group, Organization, Location)");
		}
		IBaseResource resource;
		try {
			resource = daoRegistry.getResourceDao(type).read(id.toUnqualifiedVersionless(), request);
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			throw new InvalidRequestException("Unknown subject " + subject);
		}
		switch (type) {
			case "Patient":
				return new SubjectFilter.OnePatient(id.getIdPart());
			case "Organization":
				return new SubjectFilter.ManagingOrganization(id.getIdPart());
			case "Group": {
				Set<String> members = new LinkedHashSet<>();
				for (Group.GroupMemberComponent member : ((Group) resource).getMember()) {
					IdType entity = new IdType(member.getEntity().getReference());
					if ("Patient".equals(entity.getResourceType()) && !member.getInactive()) {
						members.add(entity.getIdPart());
					}
				}
				return new SubjectFilter.Members(members);
			}
			default: {
				Location location = (Location) resource;
				String code = location.getIdentifier().stream()
						.filter(i -> FhirRepresentation.CS_ADMIN_UNIT_2025.equals(i.getSystem()))
						.map(Identifier::getValue).findFirst()
						.orElseThrow(() -> new InvalidRequestException("Location " + subject
								+ " is not an administrative area (no identifier " + FhirRepresentation.CS_ADMIN_UNIT_2025 + ")"));
				List<String> levels = jdbc.queryForList("select level from eccd_admin_unit where list_version = ? and code = ?",
						String.class, FhirRepresentation.ADMIN_UNIT_LIST, code);
				if (levels.isEmpty()) {
					throw new InvalidRequestException("Location " + subject + " names unknown administrative unit " + code);
				}
				return "province".equals(levels.get(0)) ? new SubjectFilter.Province(code) : new SubjectFilter.Commune(code);
			}
		}
	}
}
