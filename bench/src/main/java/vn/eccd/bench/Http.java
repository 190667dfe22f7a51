package vn.eccd.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The one HTTP client of the harness: localhost only, bounded timeouts, retries with backoff on 5xx/409/429/IO. */
final class Http {
	record Result(int status, String body, long micros, int attempts) {
	}

	private final HttpClient client;
	private final String base;
	private final int maxAttempts;
	private final Duration timeout;

	Http(String base, int threads, int maxAttempts, Duration timeout, boolean allowRemote) {
		URI u = URI.create(base);
		String host = u.getHost();
		if (!allowRemote && !("localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host))) {
			throw new IllegalArgumentException("the harness talks to localhost only (got " + host
					+ "); pass --allow-remote to override deliberately");
		}
		this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		this.maxAttempts = maxAttempts;
		this.timeout = timeout;
		this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(10)).build();
	}

	String base() {
		return base;
	}

	Result post(String path, String body) {
		HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
				.header("Content-Type", "application/fhir+json; charset=utf-8").header("Accept", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
		return send(req);
	}

	Result get(String pathAndQuery) {
		HttpRequest req = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout)
				.header("Accept", "application/fhir+json").GET().build();
		return send(req);
	}

	/** Latency is that of the last attempt; retries are counted separately. */
	private Result send(HttpRequest req) {
		long backoff = 200;
		Result last = null;
		for (int attempt = 1; attempt <= maxAttempts; attempt++) {
			long t0 = System.nanoTime();
			try {
				HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
				long micros = (System.nanoTime() - t0) / 1000;
				last = new Result(r.statusCode(), r.body(), micros, attempt);
				if (!retryable(r.statusCode())) {
					return last;
				}
			} catch (IOException e) {
				last = new Result(-1, e.toString(), (System.nanoTime() - t0) / 1000, attempt);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return new Result(-1, "interrupted", 0, attempt);
			}
			if (attempt < maxAttempts) {
				try {
					Thread.sleep(backoff);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return last;
				}
				backoff = Math.min(backoff * 2, 5000);
			}
		}
		return last;
	}

	static boolean retryable(int status) {
		return status >= 500 || status == 409 || status == 429;
	}
}
