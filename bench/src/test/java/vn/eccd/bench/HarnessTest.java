package vn.eccd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** The load harness against a stub HTTP server: retries, counting, per-kind latencies, localhost only. */
class HarnessTest {

	@Test
	void percentilesAreExact() {
		Latencies.Kind k = new Latencies().kind("x");
		for (int i = 100; i >= 1; i--) {
			k.record(i * 1000L, 200);
		}
		assertEquals(50.0, k.percentileMs(50));
		assertEquals(95.0, k.percentileMs(95));
		assertEquals(99.0, k.percentileMs(99));
		assertEquals(100.0, k.percentileMs(100));
	}

	@Test
	void refusesRemoteServers() {
		assertThrows(IllegalArgumentException.class,
				() -> new Http("http://fhir.example.vn/fhir", 1, 1, Duration.ofSeconds(1), false));
	}

	@Test
	void loadsEveryCommuneRetriesServerErrorsAndCountsCreatedResources(@TempDir Path dir) throws Exception {
		Generator.Config cfg = Collecting.config(3, 10);
		Generator g = new Generator();
		try (OutputWriter w = new OutputWriter(dir, false)) {
			g.run(cfg, w);
			w.finish(g.summary(), cfg);
		}
		// stub server: every 10th request fails once with 503 (the client must retry it), else answers with one
		// "201 Created" per entry of the posted transaction
		AtomicInteger requests = new AtomicInteger();
		ConcurrentHashMap<Integer, Boolean> failed = new ConcurrentHashMap<>();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/fhir", ex -> {
			String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			int n = requests.incrementAndGet();
			int hash = body.hashCode();
			byte[] out;
			int status;
			if (n % 10 == 0 && failed.putIfAbsent(hash, true) == null) {
				status = 503;
				out = "{\"resourceType\":\"OperationOutcome\"}".getBytes(StandardCharsets.UTF_8);
			} else {
				status = 200;
				StringBuilder sb = new StringBuilder("{\"resourceType\":\"Bundle\",\"entry\":[");
				int entries = Loader.count(body, "\"request\":");
				for (int i = 0; i < entries; i++) {
					sb.append(i > 0 ? "," : "").append("{\"response\":{\"status\":\"201 Created\"}}");
				}
				out = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
			}
			ex.sendResponseHeaders(status, out.length);
			try (OutputStream os = ex.getResponseBody()) {
				os.write(out);
			}
		});
		server.start();
		try {
			String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
			Loader.Result r = Loader.run(new Http(base, 3, 4, Duration.ofSeconds(10), false),
					new Loader.Options(dir, 3, 120, Long.MAX_VALUE, 4));
			assertEquals(g.summary().totalBundles() + 1, r.bundles(), "every visit bundle + the stations bundle");
			assertEquals(0, r.errors());
			assertTrue(r.retries() > 0, "503s were retried");
			assertEquals(r.entries(), r.created());
			assertTrue(r.latencies().all().keySet().containsAll(java.util.List.of("stations", "epi", "growth", "anc")),
					r.latencies().all().keySet().toString());
			assertTrue(Loader.markdown(r, new Loader.Options(dir, 3, 120, Long.MAX_VALUE, 4), "stub")
					.contains("| POST transaction (epi) |"));
			assertTrue(Files.exists(dir.resolve("load-errors.ndjson")));
		} finally {
			server.stop(0);
		}
	}

	@Test
	void analystPathsEvaluateEveryMeasureAndAllIndicatorsForTheProvince(@TempDir Path dir) throws Exception {
		Generator.Config cfg = Collecting.config(5, 10);
		Generator g = new Generator();
		try (OutputWriter w = new OutputWriter(dir, true)) {
			g.run(cfg, w);
			w.finish(g.summary(), cfg);
		}
		// stub server: knows every child, holds two Measures and no administrative area until the harness creates it
		java.util.List<String> requests = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/fhir", ex -> {
			String uri = ex.getRequestURI().toString();
			requests.add(ex.getRequestMethod() + " " + uri);
			String path = ex.getRequestURI().getPath();
			String out;
			if ("POST".equals(ex.getRequestMethod())) {
				out = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\",\"entry\":[{\"response\":"
						+ "{\"status\":\"201 Created\",\"location\":\"Location/77/_history/1\"}}]}";
			} else if (path.endsWith("/Patient") && uri.contains("_elements=id")) {
				out = "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"5\"}}]}";
			} else if (path.endsWith("/metadata")) {
				out = "{\"resourceType\":\"CapabilityStatement\",\"status\":\"active\",\"kind\":\"instance\"}";
			} else if (path.endsWith("/Measure")) {
				out = "{\"resourceType\":\"Bundle\",\"entry\":["
						+ "{\"resource\":{\"resourceType\":\"Measure\",\"id\":\"1233\",\"url\":\"https://fhir.eccd.vn/Measure/imm-dtp3\"}},"
						+ "{\"resource\":{\"resourceType\":\"Measure\",\"id\":\"1234\",\"url\":\"https://fhir.eccd.vn/Measure/imm-bcg\"}}]}";
			} else if (path.endsWith("/$evaluate-measure")) {
				out = "{\"resourceType\":\"MeasureReport\",\"group\":[{\"population\":["
						+ "{\"code\":{\"coding\":[{\"code\":\"denominator\"}]},\"count\":40},"
						+ "{\"code\":{\"coding\":[{\"code\":\"numerator\"}]},\"count\":34}],\"measureScore\":{\"value\":0.85}}]}";
			} else {
				out = "{\"resourceType\":\"Bundle\"}"; // Location search (none yet), clinician searches, $evaluate
			}
			byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
			ex.sendResponseHeaders(200, bytes.length);
			try (OutputStream os = ex.getResponseBody()) {
				os.write(bytes);
			}
		});
		server.start();
		try {
			String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
			QueryRunner q = new QueryRunner(new Http(base, 2, 1, Duration.ofSeconds(10), false),
					new QueryRunner.Options(dir, 2, 3, 2, 4, 120, Collecting.AS_OF, 2024));
			q.run();

			var kinds = q.latencies.all();
			assertEquals(4, kinds.get("Measure/imm-dtp3/$evaluate-measure (province 38, 2024)").count());
			assertEquals(4, kinds.get("Measure/imm-bcg/$evaluate-measure (province 38, 2024)").count());
			assertEquals(4, kinds.get("Measure/$evaluate, all indicators (province 38, 2024)").count());
			assertTrue(requests.stream().anyMatch(r -> r.startsWith("GET /fhir/Measure/1233/$evaluate-measure?"
					+ "periodStart=2024-01-01&periodEnd=2024-12-31&subject=Location%2F77")), requests.toString());
			assertTrue(requests.stream().anyMatch(r -> r.startsWith("GET /fhir/Measure/$evaluate?"
					+ "periodStart=2024-01-01&periodEnd=2024-12-31&subject=Location%2F77")), requests.toString());
			assertEquals(1, requests.stream().filter(r -> r.startsWith("POST")).count(), "the area is created once");
			String report = q.markdown();
			assertTrue(report.contains("| Measure/$evaluate, all indicators (province 38, 2024) | 4 | 0 |"), report);
			assertTrue(report.contains("imm-dtp3 (province 38, 2024): numerator 34 / denominator 40 = 85.0%"), report);
		} finally {
			server.stop(0);
		}
	}
}
