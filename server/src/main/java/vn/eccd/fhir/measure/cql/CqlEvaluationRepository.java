package vn.eccd.fhir.measure.cql;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.repository.IRepositoryRestQueryBuilder;
import ca.uhn.fhir.repository.impl.MultiMapRepositoryRestQueryBuilder;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.util.BundleUtil;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.opencds.cqf.fhir.cr.hapi.repository.ClinicalIntelligenceHapiFhirRepository;
import org.opencds.cqf.fhir.utility.repository.ig.IgRepository;

/**
 * The repository through which HAPI's CQL engine reads this server's data: HAPI's own, with its searches shaped
 * the way the engine consumes them. The engine always reads every match of a search (it follows the next links to
 * the end), and a population evaluation issues a few searches per subject, so the server defaults for interactive
 * clients (a persisted search per query, pages of {@code eccd.fhir.default-page-size}) made each subject cost
 * several search-cache writes and page reads.
 * <ul>
 * <li>A retrieve for one subject (the engine marks it with the {@code X-FHIR-Compartment} header) is loaded
 * synchronously in one page, through HAPI's own {@code Cache-Control: no-store, max-results} support: nothing
 * is written to the search cache. If the subject has more matches than the limit, the search is repeated paged,
 * so no match is ever dropped.</li>
 * <li>Any other search (the population's subjects, libraries, value sets) stays a paged search, with the largest
 * page the server allows.</li>
 * <li>No search reuses one HAPI cached earlier ({@code Cache-Control: no-cache}): HAPI hands back an identical
 * search made in the last minute ({@code reuse_cached_search_results_millis}) with the results it had then, so an
 * evaluation right after a batch of writes (or a second evaluation while the first's searches are recent) would
 * count a population without the patients written since.</li>
 * </ul>
 * A search that already names {@code _count} keeps the page size the engine asked for.
 * <p>
 * A background evaluation runs with a {@link SystemRequestDetails}, which by default has no server: HAPI then
 * loads every search synchronously and stops at its internal limit (10,000) without saying so, so a population
 * larger than that lost subjects. Such a request is given this server, and with it the database-backed paging.
 */
public class CqlEvaluationRepository extends ClinicalIntelligenceHapiFhirRepository {

	private final RestfulServer restfulServer;
	private final int subjectSearchLimit;

	/**
	 * @param subjectSearchLimit most matches of one subject's retrieve loaded synchronously; at most HAPI's
	 *                           {@code cacheControlNoStoreMaxResultsUpperLimit} (1000 unless configured); lowered to
	 *                           the server's largest page when above it ({@link #synchronousLimit()})
	 */
	public CqlEvaluationRepository(DaoRegistry daoRegistry, RequestDetails requestDetails, RestfulServer restfulServer,
			int subjectSearchLimit) {
		super(daoRegistry, withPagingServer(requestDetails, restfulServer), restfulServer);
		this.restfulServer = restfulServer;
		this.subjectSearchLimit = subjectSearchLimit;
	}

	private static RequestDetails withPagingServer(RequestDetails requestDetails, RestfulServer restfulServer) {
		if (requestDetails instanceof SystemRequestDetails system
				&& (system.getServer() == null || system.getServer().getPagingProvider() == null)) {
			system.setServer(restfulServer);
		}
		return requestDetails;
	}

	@Override
	public <B extends IBaseBundle, T extends IBaseResource> B search(Class<B> bundleType, Class<T> resourceType,
			IRepositoryRestQueryContributor query, Map<String, String> headers) {
		if (namesCount(query)) {
			return super.search(bundleType, resourceType, query, freshlyComputed(headers));
		}
		if (headers != null && headers.containsKey(IgRepository.FHIR_COMPARTMENT_HEADER)) {
			int limit = synchronousLimit();
			B bundle = super.search(bundleType, resourceType, withCount(query, limit), synchronousUpTo(headers, limit));
			if (isComplete(bundle, limit)) {
				return bundle;
			}
		}
		return super.search(bundleType, resourceType, withCount(query, largestPage()), freshlyComputed(headers));
	}

	/**
	 * The configured limit, but never above the server's largest page: HAPI lowers a larger {@code _count} to it,
	 * and a synchronous search cut at the page size would then report that size as its total.
	 */
	int synchronousLimit() {
		return Math.min(subjectSearchLimit, largestPage());
	}

	/**
	 * A synchronous search reports its total only when it stopped before the limit; without a total it was cut at
	 * the limit (HAPI cannot page a synchronous result, so the rest would be lost).
	 */
	private boolean isComplete(IBaseBundle bundle, int limit) {
		Integer total = BundleUtil.getTotal(fhirContext(), bundle);
		return total != null && total < limit
				&& BundleUtil.getLinkUrlOfType(fhirContext(), bundle, Constants.LINK_NEXT) == null;
	}

	private int largestPage() {
		Integer max = restfulServer.getPagingProvider() == null ? null
				: restfulServer.getPagingProvider().getMaximumPageSize();
		return max == null || max <= 0 ? subjectSearchLimit : max;
	}

	private static boolean namesCount(IRepositoryRestQueryContributor query) {
		return MultiMapRepositoryRestQueryBuilder.contributorToMultimap(query).containsKey(Constants.PARAM_COUNT);
	}

	private static IRepositoryRestQueryContributor withCount(IRepositoryRestQueryContributor query, int count) {
		return (IRepositoryRestQueryBuilder builder) -> {
			query.contributeToQuery(builder);
			builder.addNumericParameter(Constants.PARAM_COUNT, count);
		};
	}

	private static Map<String, String> freshlyComputed(Map<String, String> headers) {
		Map<String, String> withCacheControl = headers == null ? new HashMap<>() : new HashMap<>(headers);
		withCacheControl.putIfAbsent(Constants.HEADER_CACHE_CONTROL, Constants.CACHE_CONTROL_NO_CACHE);
		return withCacheControl;
	}

	private static Map<String, String> synchronousUpTo(Map<String, String> headers, int limit) {
		Map<String, String> withCacheControl = new HashMap<>(headers);
		withCacheControl.put(Constants.HEADER_CACHE_CONTROL,
				Constants.CACHE_CONTROL_NO_STORE + ", " + Constants.CACHE_CONTROL_MAX_RESULTS + "=" + limit);
		return withCacheControl;
	}
}
