package vn.eccd.fhir.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the FHIR endpoint, bound from {@code eccd.fhir.*} in application.yaml (documented in
 * docs/configuration.md).
 *
 * @param serverAddress     public base URL written into links and Location headers; empty = taken from the request
 * @param defaultPageSize   search results per page when the client does not ask (_count)
 * @param maxPageSize       largest page a client may ask for
 * @param allowExternalReferences accept absolute references to other servers (e.g. a national registry)
 * @param expungeEnabled    allow $expunge (physical deletion); off by default because records are medical history
 * @param indexTokenText    index the text of coded values (Coding.display, CodeableConcept.text) for the {@code :text}
 *                          search modifier; off by default: records are coded (the IG binds every code), and the text
 *                          rows were over a quarter of a derived Observation's index rows. Turning it on needs a $reindex.
 */
@ConfigurationProperties(prefix = "eccd.fhir")
public record FhirServerProperties(
		String serverAddress,
		int defaultPageSize,
		int maxPageSize,
		boolean allowExternalReferences,
		boolean expungeEnabled,
		boolean indexTokenText) {

	public FhirServerProperties {
		if (defaultPageSize <= 0) {
			defaultPageSize = 20;
		}
		if (maxPageSize <= 0) {
			maxPageSize = 500;
		}
	}
}
