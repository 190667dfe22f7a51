package vn.eccd.fhir.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.eccd.fhir.EccdFhirServerApplication;

/**
 * Base of every HTTP integration test: the real application on a random port, backed by the run's
 * PostgreSQL database ({@link TestDatabase}). All subclasses share one Spring context, so never add
 * annotations that change the context configuration (@MockBean, @TestPropertySource, profiles...) here or in a
 * subclass: each variation costs another ~30 s start.
 */
@SpringBootTest(classes = EccdFhirServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class AbstractFhirServerIT {

	protected static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final HttpClient HTTP = HttpClient.newHttpClient();

	static {
		FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		FHIR.getRestfulClientFactory().setSocketTimeout(120_000);
	}

	@LocalServerPort
	protected int port;

	protected IGenericClient client;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		TestDatabase database = TestDatabase.shared();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
	}

	@BeforeEach
	void createClient() {
		client = FHIR.newRestfulGenericClient(fhirBase());
	}

	protected String serverBase() {
		return "http://localhost:" + port;
	}

	protected String fhirBase() {
		return serverBase() + "/fhir";
	}

	/** Raw HTTP, for what the generic client would not send (malformed bodies, unknown types, headers). */
	protected HttpResponse<String> http(String method, String pathAndQuery, String contentType, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serverBase() + pathAndQuery))
				.header("Accept", pathAndQuery.startsWith("/fhir") ? "application/fhir+json" : "application/json");
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		request.method(method, body == null
				? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new IllegalStateException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	protected HttpResponse<String> get(String pathAndQuery) {
		return http("GET", pathAndQuery, null, null);
	}
}
