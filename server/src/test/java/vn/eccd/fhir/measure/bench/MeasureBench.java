package vn.eccd.fhir.measure.bench;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.npm.NpmPackage;
import vn.eccd.fhir.measure.MeasureTestPopulationAccess;

/**
 * Benchmark of the indicators over HTTP against a running server (docs/measures.md, "Benchmark"). Commands:
 * <pre>
 *   load-definitions BASE                      PUT the IG's Measures and Libraries
 *   load-fhir BASE CHILDREN [SEED]             POST a synthetic population through the FHIR API (transactions of 100 children)
 *   load-flat JDBC_URL USER PASSWORD CHILDREN  insert a synthetic population straight into the flattened tables
 *   evaluate BASE ENGINE REPEAT [SUBJECT]      time $evaluate-measure of every indicator (engine sql|cql), all strata
 *                                              (environment BENCH_INDICATORS=imm-dtp3,imm-mcv1 limits the indicators)
 * </pre>
 */
public final class MeasureBench {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(30)).build();
	private static final List<String> INDICATORS = List.of("imm-bcg", "imm-hepb-birth-dose", "imm-dtp3", "imm-opv3",
			"imm-ipv1", "imm-mcv1", "imm-dtp4", "imm-mr");

	private MeasureBench() {}

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "load-definitions" -> loadDefinitions(args[1]);
			case "load-fhir" -> loadFhir(args[1], Integer.parseInt(args[2]), args.length > 3 ? Long.parseLong(args[3]) : 1000L);
			case "load-flat" -> loadFlat(args[1], args[2], args[3], Integer.parseInt(args[4]));
			case "evaluate" -> evaluate(args[1], args[2], Integer.parseInt(args[3]), args.length > 4 ? args[4] : null);
			default -> throw new IllegalArgumentException("unknown command " + Arrays.toString(args));
		}
	}

	static void loadDefinitions(String base) throws Exception {
		try (var tgz = MeasureBench.class.getClassLoader().getResourceAsStream("vn/eccd/ig/package.tgz")) {
			NpmPackage npm = NpmPackage.fromPackage(tgz);
			for (String type : List.of("Library", "Measure")) {
				for (String file : npm.listResources(type)) {
					try (var in = npm.loadResource(file)) {
						Resource resource = (Resource) FHIR.newJsonParser().parseResource(in);
						send("PUT", base + "/" + type + "/" + resource.getIdElement().getIdPart(),
								FHIR.newJsonParser().encodeResourceToString(resource));
					}
				}
			}
		}
		System.out.println("definitions loaded");
	}

	static void loadFhir(String base, int children, long seed) throws Exception {
		long start = System.nanoTime();
		int batch = 100;
		int resources = 0;
		for (int done = 0; done < children; done += batch) {
			Bundle bundle = MeasureTestPopulationAccess.build(Math.min(batch, children - done), seed + done);
			resources += bundle.getEntry().size();
			send("POST", base, FHIR.newJsonParser().encodeResourceToString(bundle));
			if ((done / batch) % 10 == 9) {
				System.out.printf("%d children, %d resources, %.0f resources/s%n", done + batch, resources,
						resources / ((System.nanoTime() - start) / 1e9));
			}
		}
		System.out.printf("loaded %d children (%d resources) in %.1f s%n", children, resources, (System.nanoTime() - start) / 1e9);
	}

	/** Same distributions as the FHIR population, written directly as flattened rows (for sizes the FHIR load cannot reach here). */
	static void loadFlat(String url, String user, String password, int children) throws Exception {
		String[] communes = communes(url, user, password);
		Random random = new Random(42);
		String[] vaccines = {"hepb", "bcg", "dtp-hepb-hib", "dtp-hepb-hib", "dtp-hepb-hib", "bopv", "bopv", "bopv", "ipv", "measles", "dtp", "mr"};
		int[] months = {0, 0, 2, 3, 4, 2, 3, 4, 5, 9, 18, 18};
		long start = System.nanoTime();
		try (Connection c = DriverManager.getConnection(url, user, password)) {
			c.setAutoCommit(false);
			try (PreparedStatement p = c.prepareStatement("insert into eccd_flat_patient (patient_id, birth_date, sex, ethnicity_code, commune_code, organization_id, deceased) values (?,?,?,?,?,?,?)");
					PreparedStatement i = c.prepareStatement("insert into eccd_flat_immunization (immunization_id, patient_id, vaccine_code, occurrence_date, status, dose_valid, organization_id) values (?,?,?,?,?,?,?)")) {
				int doses = 0;
				for (int n = 0; n < children; n++) {
					String id = "bench-" + n;
					LocalDate birth = LocalDate.of(2020, 1, 1).plusDays(random.nextInt(6 * 365));
					String commune = communes[random.nextInt(communes.length)];
					p.setString(1, id);
					p.setDate(2, java.sql.Date.valueOf(birth));
					p.setString(3, random.nextBoolean() ? "female" : "male");
					p.setString(4, String.format("%02d", 1 + random.nextInt(54)));
					p.setString(5, commune);
					p.setString(6, "bench-org-" + commune);
					p.setNull(7, java.sql.Types.BOOLEAN);
					p.addBatch();
					double compliance = 0.55 + random.nextDouble() * 0.45;
					for (int v = 0; v < vaccines.length; v++) {
						if (random.nextDouble() < compliance) {
							i.setString(1, id + "-" + v);
							i.setString(2, id);
							i.setString(3, vaccines[v]);
							i.setDate(4, java.sql.Date.valueOf(birth.plusMonths(months[v]).plusDays(v < 2 ? random.nextInt(4) : random.nextInt(60))));
							i.setString(5, "completed");
							i.setNull(6, java.sql.Types.BOOLEAN);
							i.setString(7, "bench-org-" + commune);
							i.addBatch();
							doses++;
						}
					}
					if (n % 1000 == 999) {
						p.executeBatch();
						i.executeBatch();
						c.commit();
					}
				}
				p.executeBatch();
				i.executeBatch();
				c.commit();
				System.out.printf("inserted %d children and %d doses in %.1f s%n", children, doses, (System.nanoTime() - start) / 1e9);
			}
		}
	}

	private static String[] communes(String url, String user, String password) throws Exception {
		List<String> codes = new ArrayList<>();
		try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select code from eccd_admin_unit where list_version = '2025' and level = 'commune' and parent_code in ('38', '01', '04') order by code")) {
			while (rs.next()) {
				codes.add(rs.getString(1));
			}
		}
		return codes.toArray(String[]::new);
	}

	static void evaluate(String base, String engine, int repeat, String subject) throws Exception {
		Map<String, long[]> times = new HashMap<>();
		System.out.printf("%-22s %8s %8s %8s %8s %7s  (engine=%s, period 2025, %s)%n", "indicator", "ip", "num",
				"best_ms", "mean_ms", "strata", engine, subject == null ? "all subjects" : subject);
		long total = 0;
		String only = System.getenv("BENCH_INDICATORS");
		for (String id : only == null || only.isBlank() ? INDICATORS : List.of(only.split(","))) {
			long best = Long.MAX_VALUE;
			long sum = 0;
			MeasureReport report = null;
			for (int r = 0; r < repeat; r++) {
				long t0 = System.nanoTime();
				String body = send("GET", base + "/Measure/" + id + "/$evaluate-measure?periodStart=2025-01-01&periodEnd=2025-12-31&engine="
						+ engine + (subject == null ? "" : "&subject=" + subject), null);
				long ms = (System.nanoTime() - t0) / 1_000_000;
				best = Math.min(best, ms);
				sum += ms;
				report = FHIR.newJsonParser().parseResource(MeasureReport.class, body);
			}
			total += best;
			int strata = report.getGroupFirstRep().getStratifier().stream().mapToInt(s -> s.getStratum().size()).sum();
			System.out.printf("%-22s %8d %8d %8d %8d %7d%n", id, report.getGroupFirstRep().getPopulation().get(0).getCount(),
					report.getGroupFirstRep().getPopulation().stream().filter(p -> "numerator".equals(p.getCode().getCodingFirstRep().getCode()))
							.findFirst().orElseThrow().getCount(), best, sum / repeat, strata);
			times.put(id, new long[] {best});
		}
		System.out.printf("indicators above (best runs summed): %d ms%n", total);
		if ("sql".equals(engine)) {
			long t0 = System.nanoTime();
			send("GET", base + "/Measure/$evaluate?periodStart=2025-01-01&periodEnd=2025-12-31" + (subject == null ? "" : "&subject=" + subject), null);
			System.out.printf("Measure/$evaluate (all indicators in one Bundle): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
		}
	}

	static String send(String method, String url, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofHours(2))
				.header("Accept", "application/fhir+json");
		if (body != null) {
			request.header("Content-Type", "application/fhir+json");
		}
		request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(method + " " + url + " -> " + response.statusCode() + " " + response.body());
		}
		return response.body();
	}
}
