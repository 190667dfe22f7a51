package vn.eccd.fhir.growth.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import vn.eccd.fhir.growth.AnthropometricInput;
import vn.eccd.fhir.growth.GrowthDerivation;
import vn.eccd.fhir.growth.MeasuringPosition;
import vn.eccd.fhir.growth.NutritionClassifier;
import vn.eccd.fhir.growth.Sex;
import vn.eccd.fhir.growth.WhoGrowthCalculator;

/**
 * Benchmark of the growth derivation (a runnable main, not a test; docs/growth.md "Benchmark").
 *
 * <ol>
 * <li>in-process: the engine (6 indicators) and a whole visit's derivation (engine, classification and the
 * derived FHIR resources) — median time per call over many calls after warm-up;</li>
 * <li>with a base URL argument, end to end against a running server: the median latency of POSTing a growth
 * measurement (which derives in the same transaction) minus that of POSTing a comparable Observation that
 * derives nothing (heart rate, same patient, same size), i.e. what deriving adds per measurement, including its
 * database reads and writes.</li>
 * </ol>
 * Run: {@code mvn -o -q -pl server -am test-compile} then
 * {@code java -cp "server/target/test-classes:server/target/classes:terminology/target/classes:$(cat /tmp/cp.txt)" vn.eccd.fhir.growth.bench.GrowthDerivationBench [http://localhost:8081/fhir [iterations]]}
 * (classpath from {@code mvn -o -q -pl server dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}).
 */
public final class GrowthDerivationBench {

	private GrowthDerivationBench() {
	}

	public static void main(String[] args) throws Exception {
		inProcess();
		if (args.length > 0) {
			endToEnd(args[0], args.length > 1 ? Integer.parseInt(args[1]) : 200);
		}
	}

	private static void inProcess() {
		WhoGrowthCalculator calculator = new WhoGrowthCalculator();
		GrowthDerivation derivation = new GrowthDerivation(calculator, NutritionClassifier.fromClasspath());
		Patient child = new Patient();
		child.setId("Patient/1");
		child.setGender(AdministrativeGender.FEMALE);
		child.setBirthDateElement(new DateType("2023-01-01"));
		GrowthDerivation.Visit visit = new GrowthDerivation.Visit("Patient/1", "2024-03-01");
		List<Observation> members = List.of(
				measurement("1", "29463-7", "2024-03-01", "8.1", "kg"),
				measurement("2", "8306-3", "2024-03-01", "72.5", "cm"),
				measurement("3", "9843-4", "2024-03-01", "44.0", "cm"),
				measurement("4", "56072-2", "2024-03-01", "14.1", "cm"));
		AnthropometricInput input = AnthropometricInput.builder(Sex.FEMALE, 425).weight(8.1)
				.lengthHeight(72.5, MeasuringPosition.LYING).headCircumference(44.0).muac(14.1).build();

		double engine = medianNanos(() -> calculator.assess(input).zScores().size(), 20_000, 200);
		double visitDerivation = medianNanos(() -> derivation.derive(child, visit, members).resources().size(), 5_000, 200);
		System.out.printf(Locale.ROOT, "in-process  engine, 6 indicators           median %8.2f µs per call%n", engine / 1000);
		System.out.printf(Locale.ROOT, "in-process  visit derivation (4 inputs)    median %8.2f µs per call%n",
				visitDerivation / 1000);
	}

	/** Median over {@code rounds} of the mean time of {@code batch} calls (after the same amount of warm-up). */
	private static double medianNanos(java.util.function.IntSupplier work, int batch, int rounds) {
		long sink = 0;
		for (int i = 0; i < batch * 20; i++) {
			sink += work.getAsInt();
		}
		double[] perCall = new double[rounds];
		for (int r = 0; r < rounds; r++) {
			long t0 = System.nanoTime();
			for (int i = 0; i < batch; i++) {
				sink += work.getAsInt();
			}
			perCall[r] = (System.nanoTime() - t0) / (double) batch;
		}
		if (sink == 42) {
			System.out.println();
		}
		Arrays.sort(perCall);
		return perCall[rounds / 2];
	}

	/** Rounds per child: each round records 3 visit days (single POSTs, a growth bundle, a vital-signs bundle). */
	private static final int ROUNDS_PER_CHILD = 8;

	private static void endToEnd(String base, int iterations) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newHttpClient();
		String organizationId = idOf(location(post(http, base + "/Organization", ORGANIZATION)), "Organization");
		String patientId = null;
		LocalDate day = null;
		List<Long> growth = new ArrayList<>();
		List<Long> control = new ArrayList<>();
		List<Long> visitBundles = new ArrayList<>();
		List<Long> controlBundles = new ArrayList<>();
		// server side: the Server-Timing "derive" duration of each request (the derivation's own reads and writes)
		List<Double> serverSingle = new ArrayList<>();
		List<Double> serverVisit = new ArrayList<>();
		int warmup = Math.max(20, iterations / 5);
		for (int i = 0; i < warmup + iterations; i++) {
			if (i % ROUNDS_PER_CHILD == 0) {
				// a child's record grows like a real one: ~24 visit days (what a child has by age 8), then the next child
				patientId = idOf(location(post(http, base + "/Patient", childJson(organizationId))), "Patient");
				day = LocalDate.of(2020, 1, 1);
			}
			day = day.plusDays(1);
			// (a) single POSTs: a weight and a length on the same day; the second re-derives the visit (4 z-scores + status)
			String weight = observationJson(patientId, organizationId, WEIGHT, day, 3.3 + i * 0.01);
			String length = observationJson(patientId, organizationId, LENGTH, day, 50 + i * 0.03);
			String heartRate = observationJson(patientId, organizationId, HEART_RATE, day, 120 + (i % 20));
			long t0 = System.nanoTime();
			HttpResponse<String> w = post(http, base + "/Observation", weight);
			long t1 = System.nanoTime();
			post(http, base + "/Observation", heartRate);
			long t2 = System.nanoTime();
			HttpResponse<String> l = post(http, base + "/Observation", length);
			long t3 = System.nanoTime();
			// (b) what commune systems send: one transaction per visit, here 4 growth measurements (weight, length,
			// head circumference, MUAC) vs 4 vital signs that derive nothing (heart rate, respiratory rate,
			// temperature, SpO2), on another day
			day = day.plusDays(1);
			String visit = bundle(patientId, organizationId, day, i, WEIGHT, LENGTH, HEAD, MUAC);
			String vitals = bundle(patientId, organizationId, day.plusDays(1), i, HEART_RATE, RESP_RATE, TEMPERATURE, SPO2);
			day = day.plusDays(1);
			long t4 = System.nanoTime();
			HttpResponse<String> v = post(http, base, visit);
			long t5 = System.nanoTime();
			post(http, base, vitals);
			long t6 = System.nanoTime();
			if (i >= warmup) {
				growth.add(t1 - t0);
				growth.add(t3 - t2);
				control.add(t2 - t1);
				visitBundles.add(t5 - t4);
				controlBundles.add(t6 - t5);
				serverSingle.add(deriveMillis(w));
				serverSingle.add(deriveMillis(l));
				serverVisit.add(deriveMillis(v) / 4);
			}
		}
		double g = median(growth) / 1e6;
		double c = median(control) / 1e6;
		double vb = median(visitBundles) / 1e6;
		double cb = median(controlBundles) / 1e6;
		System.out.printf(Locale.ROOT, "end-to-end  POST growth measurement (derives)      median %7.2f ms (n=%d)%n", g, growth.size());
		System.out.printf(Locale.ROOT, "end-to-end  POST heart rate (derives nothing)      median %7.2f ms (n=%d)%n", c, control.size());
		System.out.printf(Locale.ROOT, "end-to-end  added by deriving, single POST         median %7.2f ms per measurement%n", g - c);
		System.out.printf(Locale.ROOT, "end-to-end  visit transaction, 4 growth measures   median %7.2f ms (n=%d)%n", vb, visitBundles.size());
		System.out.printf(Locale.ROOT, "end-to-end  transaction, 4 vital signs (control)   median %7.2f ms (n=%d)%n", cb, controlBundles.size());
		System.out.printf(Locale.ROOT, "end-to-end  added by deriving, visit transaction   median %7.2f ms per measurement%n",
				(vb - cb) / 4);
		System.out.printf(Locale.ROOT, "server-side derivation (Server-Timing), single POST      median %7.2f ms per measurement, p95 %7.2f%n",
				percentile(serverSingle, 50), percentile(serverSingle, 95));
		System.out.printf(Locale.ROOT, "server-side derivation (Server-Timing), visit transaction median %7.2f ms per measurement, p95 %7.2f%n",
				percentile(serverVisit, 50), percentile(serverVisit, 95));
	}

	/** LOINC code, profile, unit and whether it is a vital sign (category) of each kind of Observation sent. */
	private record Kind(String loinc, String profile, String unit) {}

	private static final String PROFILE = "https://fhir.eccd.vn/StructureDefinition/";
	private static final Kind WEIGHT = new Kind("29463-7", PROFILE + "eccd-body-weight", "kg");
	private static final Kind LENGTH = new Kind("8306-3", PROFILE + "eccd-body-length-lying", "cm");
	private static final Kind HEAD = new Kind("9843-4", PROFILE + "eccd-head-circumference", "cm");
	private static final Kind MUAC = new Kind("56072-2", PROFILE + "eccd-muac", "cm");
	private static final Kind HEART_RATE = new Kind("8867-4", "http://hl7.org/fhir/StructureDefinition/heartrate", "/min");
	private static final Kind RESP_RATE = new Kind("9279-1", "http://hl7.org/fhir/StructureDefinition/resprate", "/min");
	private static final Kind TEMPERATURE = new Kind("8310-5", "http://hl7.org/fhir/StructureDefinition/bodytemp", "Cel");
	private static final Kind SPO2 = new Kind("2708-6", "http://hl7.org/fhir/StructureDefinition/oxygensat", "%");

	private static double value(Kind kind, int i) {
		return switch (kind.loinc()) {
			case "29463-7" -> 3.3 + i * 0.01;
			case "8306-3" -> 50 + i * 0.03;
			case "9843-4" -> 35 + i * 0.01;
			case "56072-2" -> 11 + i * 0.005;
			case "8867-4" -> 120 + (i % 20);
			case "9279-1" -> 40 + (i % 10);
			case "8310-5" -> 36.5 + (i % 5) * 0.1;
			default -> 97 + (i % 3);
		};
	}

	private static final String ORGANIZATION = "{\"resourceType\":\"Organization\",\"meta\":{\"profile\":[\"" + PROFILE
			+ "eccd-health-facility\"]},\"identifier\":[{\"system\":\"https://fhir.eccd.vn/sid/vn-health-facility\",\"value\":\"38102\"}],"
			+ "\"active\":true,\"type\":[{\"coding\":[{\"system\":\"https://fhir.eccd.vn/CodeSystem/vn-facility-type\","
			+ "\"code\":\"tram-y-te-xa\"}]}],\"name\":\"Trạm Y tế phường Hạc Thành\",\"address\":[{\"extension\":[{\"url\":"
			+ "\"https://fhir.eccd.vn/StructureDefinition/address-admin-unit\",\"valueCoding\":{\"system\":"
			+ "\"https://fhir.eccd.vn/CodeSystem/vn-admin-unit-2025\",\"code\":\"14797\",\"display\":\"Phường Hạc Thành\"}}],"
			+ "\"text\":\"Phường Hạc Thành, Tỉnh Thanh Hóa\",\"country\":\"VN\"}]}";

	private static String childJson(String organizationId) {
		return "{\"resourceType\":\"Patient\",\"meta\":{\"profile\":[\"" + PROFILE + "eccd-child\"]},"
				+ "\"extension\":[{\"url\":\"https://fhir.eccd.vn/StructureDefinition/ethnicity\",\"valueCoding\":"
				+ "{\"system\":\"https://fhir.eccd.vn/CodeSystem/vn-ethnicity\",\"code\":\"01\",\"display\":\"Kinh\"}}],"
				+ "\"identifier\":[{\"system\":\"https://fhir.eccd.vn/sid/vn-birth-registration\",\"value\":\"bench-"
				+ System.nanoTime() + "\"}],\"name\":[{\"text\":\"Trần Thị Mai\",\"family\":\"Trần\",\"given\":[\"Thị\",\"Mai\"]}],"
				+ "\"gender\":\"female\",\"birthDate\":\"2020-01-01\",\"address\":[{\"use\":\"home\",\"extension\":[{\"url\":"
				+ "\"https://fhir.eccd.vn/StructureDefinition/address-admin-unit\",\"valueCoding\":{\"system\":"
				+ "\"https://fhir.eccd.vn/CodeSystem/vn-admin-unit-2025\",\"code\":\"14797\",\"display\":\"Phường Hạc Thành\"}}],"
				+ "\"text\":\"Phường Hạc Thành, Tỉnh Thanh Hóa\",\"country\":\"VN\"}],"
				+ "\"managingOrganization\":{\"reference\":\"Organization/" + organizationId + "\"}}";
	}

	private static String observationJson(String patientId, String organizationId, Kind kind, LocalDate day, double value) {
		return String.format(Locale.ROOT, "{\"resourceType\":\"Observation\",\"meta\":{\"profile\":[\"%s\"]},"
				+ "\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":"
				+ "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}]}],"
				+ "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"%s\"}]},"
				+ "\"subject\":{\"reference\":\"Patient/%s\"},\"effectiveDateTime\":\"%sT09:00:00+07:00\","
				+ "\"performer\":[{\"reference\":\"Organization/%s\"}],"
				+ "\"valueQuantity\":{\"value\":%.2f,\"unit\":\"%s\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"%s\"}}",
				kind.profile(), kind.loinc(), patientId, day, organizationId, value, kind.unit(), kind.unit());
	}

	private static String bundle(String patientId, String organizationId, LocalDate day, int i, Kind... kinds) {
		StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
		for (int k = 0; k < kinds.length; k++) {
			if (k > 0) {
				b.append(',');
			}
			b.append("{\"resource\":").append(observationJson(patientId, organizationId, kinds[k], day, value(kinds[k], i)))
					.append(",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
		}
		return b.append("]}").toString();
	}

	private static final Pattern DERIVE = Pattern.compile("derive;dur=([0-9.]+)");

	/** The server's own measure of what deriving took in this request (0 when it derived nothing). */
	private static double deriveMillis(HttpResponse<String> response) {
		for (String header : response.headers().allValues("Server-Timing")) {
			Matcher m = DERIVE.matcher(header);
			if (m.find()) {
				return Double.parseDouble(m.group(1));
			}
		}
		return 0;
	}

	private static double percentile(List<Double> values, int p) {
		double[] a = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return a[Math.min(a.length - 1, (int) Math.ceil(p / 100.0 * a.length) - 1)];
	}

	private static double median(List<Long> values) {
		long[] a = values.stream().mapToLong(Long::longValue).sorted().toArray();
		return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2.0;
	}

	private static HttpResponse<String> post(HttpClient http, String url, String json) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/fhir+json")
				.header("Prefer", "return=minimal").POST(HttpRequest.BodyPublishers.ofString(json)).build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
		}
		return response;
	}

	private static String location(HttpResponse<String> response) {
		return response.headers().firstValue("Location").orElse(response.body());
	}

	private static String idOf(String locationOrBody, String type) {
		Matcher m = Pattern.compile(type + "/([^/\"]+)").matcher(locationOrBody);
		if (!m.find()) {
			throw new IllegalStateException("no " + type + " id in " + locationOrBody);
		}
		return m.group(1);
	}

	private static Observation measurement(String id, String loinc, String date, String value, String unit) {
		Observation o = new Observation();
		o.setId("Observation/" + id);
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.getCode().addCoding().setSystem("http://loinc.org").setCode(loinc);
		o.setSubject(new Reference("Patient/1"));
		o.setEffective(new DateTimeType(date + "T09:00:00+07:00"));
		o.setValue(new Quantity().setValue(new BigDecimal(value)).setUnit(unit).setSystem("http://unitsofmeasure.org").setCode(unit));
		return o;
	}
}
