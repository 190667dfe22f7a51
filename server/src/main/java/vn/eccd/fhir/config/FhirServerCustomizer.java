package vn.eccd.fhir.config;

import ca.uhn.fhir.rest.server.RestfulServer;

/**
 * A capability's hook into the FHIR endpoint: registers its interceptors, operation providers or other
 * settings on the {@link RestfulServer}. Declare one as a Spring bean in the capability's package.
 */
@FunctionalInterface
public interface FhirServerCustomizer {

	void customize(RestfulServer server);
}
