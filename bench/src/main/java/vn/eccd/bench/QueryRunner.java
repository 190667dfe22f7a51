package vn.eccd.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

/**
 * The clinician paths (find a child by personal id and by Vietnamese name, Patient/$everything, growth and
 * immunization data and the server's growth/immunization operations when it declares them) and the analyst path
 * (Measure/$evaluate-measure for every Measure on the server), N concurrent clients, percentiles per kind.
 */
final class QueryRunner {
	record Options(Path input, int concurrency, int iterations, int sampleSize, int measureIterations,
			long maxSeconds, LocalDate asOf) {
	}

	record Child(String personalId, String family, String given, String serverId) {
	}

	private final Http http;
	private final Options o;
	private final IParser parser = FhirContext.forR4Cached().newJsonParser();
	final Latencies latencies = new Latencies();
	final List<String> notes = new ArrayList<>();

	QueryRunner(Http http, Options o) {
		this.http = http;
		this.o = o;
	}

	static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

	void run() throws IOException, InterruptedException {
		List<Child> sample = sample();
		if (sample.isEmpty()) {
			notes.add("no generated children found on the server: load first");
			return;
		}
		// discover operations the server declares (growth / immunization / measure)
		Map<String, Function<Child, String>> clinician = new LinkedHashMap<>();
		clinician.put("search Patient by personal id", c -> "/Patient?identifier=" + enc(Conventions.SID_PERSONAL_ID + "|" + c.personalId()));
		clinician.put("search Patient by Vietnamese name", c -> "/Patient?family=" + enc(c.family()) + "&given=" + enc(c.given()));
		clinician.put("Patient/$everything", c -> "/Patient/" + c.serverId() + "/$everything?_count=500");
		clinician.put("growth observations (search)", c -> "/Observation?subject=Patient/" + c.serverId()
				+ "&code=" + enc("http://loinc.org|29463-7,http://loinc.org|8306-3,http://loinc.org|8308-9") + "&_sort=date&_count=200");
		clinician.put("immunizations (search)", c -> "/Immunization?patient=Patient/" + c.serverId() + "&_sort=date&_count=100");
		for (String op : patientOperations()) {
			clinician.put("Patient/$" + op, c -> "/Patient/" + c.serverId() + "/$" + op);
		}
		ExecutorService pool = Executors.newFixedThreadPool(o.concurrency());
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.maxSeconds());
		for (int i = 0; i < o.iterations(); i++) {
			Child c = sample.get(i % sample.size());
			for (Map.Entry<String, Function<Child, String>> q : clinician.entrySet()) {
				String url = q.getValue().apply(c);
				pool.submit(() -> {
					if (System.nanoTime() < deadline) {
						Http.Result r = http.get(url);
						record(q.getKey(), r);
					}
				});
			}
		}
		// analyst: every Measure on the server
		for (String measure : measures()) {
			String url = "/Measure/" + measure + "/$evaluate-measure?periodStart=" + o.asOf().getYear() + "-01-01&periodEnd="
					+ o.asOf().getYear() + "-12-31";
			for (int i = 0; i < o.measureIterations(); i++) {
				pool.submit(() -> {
					if (System.nanoTime() < deadline) {
						record("Measure/" + measure + "/$evaluate-measure", http.get(url));
					}
				});
			}
		}
		pool.shutdown();
		if (!pool.awaitTermination(o.maxSeconds() + 120, TimeUnit.SECONDS)) {
			pool.shutdownNow();
			notes.add("query phase stopped at its time bound");
		}
	}

	private void record(String kind, Http.Result r) {
		Latencies.Kind k = latencies.kind(kind);
		k.record(r.micros(), r.status());
		if (r.status() < 200 || r.status() >= 300) {
			k.errors.incrementAndGet();
		}
	}

	/** Children from the generated bulk file (deterministic stride), resolved to server ids by identifier. */
	private List<Child> sample() throws IOException {
		Path file = o.input().resolve("ndjson").resolve("Patient.ndjson");
		List<Patient> children = new ArrayList<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			if (line.contains(Conventions.P_CHILD)) {
				children.add(parser.parseResource(Patient.class, line));
			}
		}
		List<Child> out = new ArrayList<>();
		// walk the children in a fixed pseudo-random order (stride coprime with the count) until enough are found
		// on the server: after a time-bounded partial load only some communes are there
		int size = children.size();
		int stride = 7919 % Math.max(1, size) == 0 ? 1 : 7919;
		int tries = 0;
		for (int j = 0; j < size && out.size() < o.sampleSize() && tries < 40 * o.sampleSize(); j++, tries++) {
			int i = (int) ((long) j * stride % size);
			Patient p = children.get(i);
			String pid = p.getIdentifier().stream().filter(id -> Conventions.SID_PERSONAL_ID.equals(id.getSystem()))
					.map(Identifier::getValue).findFirst().orElseThrow();
			Http.Result r = http.get("/Patient?identifier=" + enc(Conventions.SID_PERSONAL_ID + "|" + pid) + "&_elements=id");
			if (r.status() != 200) {
				notes.add("resolving a child failed: HTTP " + r.status());
				continue;
			}
			Bundle b = parser.parseResource(Bundle.class, r.body());
			if (b.getEntry().isEmpty()) {
				continue; // not loaded (e.g. a partial load)
			}
			out.add(new Child(pid, p.getNameFirstRep().getFamily(), p.getNameFirstRep().getGiven().get(1).getValue(),
					b.getEntryFirstRep().getResource().getIdElement().getIdPart()));
		}
		return out;
	}

	private List<String> patientOperations() {
		List<String> ops = new ArrayList<>();
		Http.Result r = http.get("/metadata");
		if (r.status() != 200) {
			notes.add("GET /metadata: HTTP " + r.status());
			return ops;
		}
		CapabilityStatement cs = parser.parseResource(CapabilityStatement.class, r.body());
		for (var rest : cs.getRest()) {
			for (var res : rest.getResource()) {
				if (!"Patient".equals(res.getType())) {
					continue;
				}
				for (var op : res.getOperation()) {
					String name = op.getName().replace("$", "");
					String lower = name.toLowerCase(Locale.ROOT);
					if (lower.contains("growth") || lower.contains("immuniz") || lower.contains("vaccin")
							|| lower.contains("nutrition") || lower.contains("z-score") || lower.contains("zscore")
							|| lower.contains("immds") || lower.contains("forecast")) {
						ops.add(name);
					}
				}
			}
		}
		if (ops.isEmpty()) {
			notes.add("the server declares no Patient growth/immunization operation in its CapabilityStatement");
		}
		return ops;
	}

	private List<String> measures() {
		List<String> ids = new ArrayList<>();
		Http.Result r = http.get("/Measure?_elements=id,url&_count=50");
		if (r.status() != 200) {
			notes.add("GET /Measure: HTTP " + r.status());
			return ids;
		}
		Bundle b = parser.parseResource(Bundle.class, r.body());
		for (Bundle.BundleEntryComponent e : b.getEntry()) {
			Resource res = e.getResource();
			ids.add(res.getIdElement().getIdPart());
		}
		if (ids.isEmpty()) {
			notes.add("no Measure resources on the server: analyst path not measured");
		}
		return ids;
	}

	String markdown() {
		StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "### Queries: %d concurrent clients, %d iterations per clinician path%n%n",
				o.concurrency(), o.iterations()));
		sb.append("| path | requests | errors | p50 ms | p95 ms | p99 ms | HTTP statuses |\n|---|---|---|---|---|---|---|\n");
		latencies.all().forEach((name, k) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s |%n",
				name, k.count(), k.errors.get(), Latencies.ms(k.percentileMs(50)), Latencies.ms(k.percentileMs(95)),
				Latencies.ms(k.percentileMs(99)), k.statuses())));
		for (String n : notes) {
			sb.append("\n- ").append(n);
		}
		sb.append('\n');
		return sb.toString();
	}
}
