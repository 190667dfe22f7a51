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
 * immunization data and the server's growth/immunization operations when it declares them), then the analyst
 * paths for each generated province and one period: {@code Measure/{id}/$evaluate-measure} for every Measure on
 * the server and {@code Measure/$evaluate} (all indicators in one Bundle), with the province's administrative
 * area as subject. N concurrent clients, percentiles per kind; the two phases do not overlap.
 */
final class QueryRunner {
	/** @param period the analysts' period: a year (yyyy), evaluated from its first to its last day */
	record Options(Path input, int concurrency, int iterations, int sampleSize, int measureIterations,
			long maxSeconds, LocalDate asOf, int period) {
	}

	/** The default analysts' period: the last full calendar year before the reference date. */
	static int lastFullYear(LocalDate asOf) {
		return asOf.getYear() - 1;
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
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.maxSeconds());
		ExecutorService pool = Executors.newFixedThreadPool(o.concurrency());
		for (int i = 0; i < o.iterations(); i++) {
			Child c = sample.get(i % sample.size());
			for (Map.Entry<String, Function<Child, String>> q : clinician.entrySet()) {
				String url = q.getValue().apply(c);
				pool.submit(() -> {
					if (System.nanoTime() < deadline) {
						record(q.getKey(), http.get(url));
					}
				});
			}
		}
		finish(pool, deadline);
		analysts(deadline);
	}

	/** Analyst paths: every Measure, and all indicators at once, for each generated province and the period. */
	private void analysts(long deadline) throws IOException, InterruptedException {
		List<String[]> measures = measures();
		if (measures.isEmpty()) {
			return;
		}
		String period = "periodStart=" + o.period() + "-01-01&periodEnd=" + o.period() + "-12-31";
		ExecutorService pool = Executors.newFixedThreadPool(o.concurrency());
		Map<String, String> firstReports = new java.util.concurrent.ConcurrentHashMap<>();
		for (String province : provinces()) {
			String location = provinceLocation(province);
			if (location == null) {
				continue;
			}
			String subject = "&subject=" + enc(location);
			String where = "province " + province + ", " + o.period();
			for (int i = 0; i < o.measureIterations(); i++) {
				for (String[] m : measures) {
					String url = "/Measure/" + m[0] + "/$evaluate-measure?" + period + subject;
					// named by the canonical's last segment (imm-dtp3): server ids are just numbers
					String name = m[1] == null ? m[0] : m[1].substring(m[1].lastIndexOf('/') + 1);
					String kind = "Measure/" + name + "/$evaluate-measure (" + where + ")";
					pool.submit(() -> {
						if (System.nanoTime() < deadline) {
							Http.Result r = http.get(url);
							record(kind, r);
							if (r.status() == 200) {
								firstReports.putIfAbsent(name + " (" + where + ")", r.body());
							}
						}
					});
				}
				String all = "/Measure/$evaluate?" + period + subject;
				pool.submit(() -> {
					if (System.nanoTime() < deadline) {
						record("Measure/$evaluate, all indicators (" + where + ")", http.get(all));
					}
				});
			}
		}
		finish(pool, deadline);
		new java.util.TreeMap<>(firstReports).forEach((what, body) -> notes.add(scoreNote(what, body)));
	}

	private void finish(ExecutorService pool, long deadline) throws InterruptedException {
		pool.shutdown();
		long left = Math.max(0, deadline - System.nanoTime());
		if (!pool.awaitTermination(TimeUnit.NANOSECONDS.toSeconds(left) + 120, TimeUnit.SECONDS)) {
			pool.shutdownNow();
			notes.add("query phase stopped at its time bound");
		}
	}

	/** "imm-dtp3 (province 38, 2024): 2,900 / 3,400 = 85.3%": what the indicator says about the generated data. */
	private String scoreNote(String what, String body) {
		org.hl7.fhir.r4.model.MeasureReport report = parser.parseResource(org.hl7.fhir.r4.model.MeasureReport.class, body);
		var group = report.getGroupFirstRep();
		int numerator = -1;
		int denominator = -1;
		for (var pop : group.getPopulation()) {
			String code = pop.getCode().getCodingFirstRep().getCode();
			if ("numerator".equals(code)) {
				numerator = pop.getCount();
			} else if ("denominator".equals(code)) {
				denominator = pop.getCount();
			}
		}
		String score = group.hasMeasureScore() && group.getMeasureScore().hasValue()
				? String.format(Locale.ROOT, "%.1f%%", 100 * group.getMeasureScore().getValue().doubleValue()) : "-";
		return String.format(Locale.ROOT, "%s: numerator %,d / denominator %,d = %s", what, numerator, denominator, score);
	}

	/** Province codes of the generated data (the first two digits of the stations' facility codes). */
	private List<String> provinces() throws IOException {
		java.util.TreeSet<String> codes = new java.util.TreeSet<>();
		Path stations = o.input().resolve("bundles").resolve("stations.ndjson");
		for (String line : Files.readAllLines(stations, StandardCharsets.UTF_8)) {
			if (line.isBlank()) {
				continue;
			}
			Bundle b = parser.parseResource(Bundle.class, line);
			for (Bundle.BundleEntryComponent e : b.getEntry()) {
				if (e.getResource() instanceof org.hl7.fhir.r4.model.Organization org) {
					org.getIdentifier().stream().filter(i -> Conventions.SID_HEALTH_FACILITY.equals(i.getSystem()))
							.forEach(i -> codes.add(i.getValue().substring(0, 2)));
				}
			}
		}
		return new ArrayList<>(codes);
	}

	/**
	 * The province's administrative area (Location with its vn-admin-unit-2025 code), the subject an analyst
	 * evaluates a province by. Created by a conditional create when the server has none: harmless to repeat.
	 */
	private String provinceLocation(String code) {
		String search = "identifier=" + Conventions.CS_ADMIN_UNIT + "|" + code;
		Http.Result found = http.get("/Location?identifier=" + enc(Conventions.CS_ADMIN_UNIT + "|" + code) + "&_elements=id");
		if (found.status() == 200) {
			Bundle b = parser.parseResource(Bundle.class, found.body());
			if (!b.getEntry().isEmpty()) {
				return "Location/" + b.getEntryFirstRep().getResource().getIdElement().getIdPart();
			}
		}
		org.hl7.fhir.r4.model.Location area = new org.hl7.fhir.r4.model.Location();
		area.addIdentifier().setSystem(Conventions.CS_ADMIN_UNIT).setValue(code);
		area.setStatus(org.hl7.fhir.r4.model.Location.LocationStatus.ACTIVE);
		area.setMode(org.hl7.fhir.r4.model.Location.LocationMode.INSTANCE);
		area.setName(new Geography().provinceName(code));
		area.setPhysicalType(new org.hl7.fhir.r4.model.CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
				"http://terminology.hl7.org/CodeSystem/location-physical-type", "jdn", "Jurisdiction")));
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		tx.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.nameUUIDFromBytes(("admin-area-" + code).getBytes(StandardCharsets.UTF_8)))
				.setResource(area).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Location").setIfNoneExist(search);
		Http.Result created = http.post("", parser.encodeResourceToString(tx));
		if (created.status() != 200) {
			notes.add("creating the administrative area of province " + code + " failed: HTTP " + created.status()
					+ ": analyst paths for it not measured");
			return null;
		}
		Bundle response = parser.parseResource(Bundle.class, created.body());
		String location = response.getEntryFirstRep().getResponse().getLocation();
		notes.add("province " + code + ": the server had no administrative-area Location; created " + location
				+ " (conditional create on its vn-admin-unit-2025 code)");
		return new org.hl7.fhir.r4.model.IdType(location).toUnqualifiedVersionless().getValue();
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

	/** [id, canonical url] of every Measure on the server. */
	private List<String[]> measures() {
		List<String[]> out = new ArrayList<>();
		Http.Result r = http.get("/Measure?_elements=id,url&_count=200");
		if (r.status() != 200) {
			notes.add("GET /Measure: HTTP " + r.status());
			return out;
		}
		Bundle b = parser.parseResource(Bundle.class, r.body());
		for (Bundle.BundleEntryComponent e : b.getEntry()) {
			org.hl7.fhir.r4.model.Measure m = (org.hl7.fhir.r4.model.Measure) e.getResource();
			out.add(new String[] {m.getIdElement().getIdPart(), m.getUrl()});
		}
		out.sort((a, c) -> a[0].compareTo(c[0]));
		if (out.isEmpty()) {
			notes.add("no Measure resources on the server: analyst path not measured");
		}
		return out;
	}

	String markdown() {
		StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "### Queries: %d concurrent clients, %d iterations per clinician path, "
				+ "%d per analyst path (period %d)%n%n", o.concurrency(), o.iterations(), o.measureIterations(), o.period()));
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
