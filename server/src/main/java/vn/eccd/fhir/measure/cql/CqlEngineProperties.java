package vn.eccd.fhir.measure.cql;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How HAPI's CQL engine reads this server's data ({@code eccd.measure.cql.*}, docs/configuration.md).
 *
 * @param subjectSearchLimit most matches of one subject's retrieve loaded in one synchronous page; a subject with
 *                           more is read again with a paged search (nothing is dropped). At most HAPI's
 *                           {@code Cache-Control: max-results} upper limit, 1000; the server's largest page
 *                           ({@code eccd.fhir.max-page-size}) applies when smaller.
 */
@ConfigurationProperties(prefix = "eccd.measure.cql")
public record CqlEngineProperties(int subjectSearchLimit) {

	/** HAPI's JpaStorageSettings#getCacheControlNoStoreMaxResultsUpperLimit default, which we do not change. */
	static final int HAPI_MAX_RESULTS_UPPER_LIMIT = 1000;

	public CqlEngineProperties {
		if (subjectSearchLimit <= 0) {
			subjectSearchLimit = HAPI_MAX_RESULTS_UPPER_LIMIT;
		}
		if (subjectSearchLimit > HAPI_MAX_RESULTS_UPPER_LIMIT) {
			throw new IllegalArgumentException("eccd.measure.cql.subject-search-limit must be at most "
					+ HAPI_MAX_RESULTS_UPPER_LIMIT + " (HAPI's Cache-Control max-results limit), was " + subjectSearchLimit);
		}
	}
}
