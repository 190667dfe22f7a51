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

	private static void endToEnd(String base, int iterations) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newHttpClient();
		String patientJson = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Trần\",\"given\":[\"Thị Mai\"]}],"
				+ "\"gender\":\"female\",\"birthDate\":\"2020-01-01\"}";
		String patientId = idOf(post(http, base + "/Patient", patientJson));
		LocalDate day = LocalDate.of(2020, 1, 1);
		List<Long> growth = new ArrayList<>();
		List<Long> control = new ArrayList<>();
		int warmup = Math.max(20, iterations / 5);
		for (int i = 0; i < warmup + iterations; i++) {
			day = day.plusDays(1);
			// a weight and a length on the same day: the second write re-derives the whole visit (4 z-scores + status)
			String weight = observationJson(patientId, "29463-7", day, 3.3 + i * 0.01, "kg");
			String length = observationJson(patientId, "8306-3", day, 50 + i * 0.03, "cm");
			String heartRate = observationJson(patientId, "8867-4", day, 120 + (i % 20), "/min");
			long t0 = System.nanoTime();
			post(http, base + "/Observation", weight);
			long t1 = System.nanoTime();
			post(http, base + "/Observation", heartRate);
			long t2 = System.nanoTime();
			post(http, base + "/Observation", length);
			long t3 = System.nanoTime();
			if (i >= warmup) {
				growth.add(t1 - t0);
				growth.add(t3 - t2);
				control.add(t2 - t1);
			}
		}
		double g = median(growth) / 1e6;
		double c = median(control) / 1e6;
		System.out.printf(Locale.ROOT, "end-to-end  POST growth measurement (derives)      median %7.2f ms (n=%d)%n", g, growth.size());
		System.out.printf(Locale.ROOT, "end-to-end  POST heart rate (derives nothing)      median %7.2f ms (n=%d)%n", c, control.size());
		System.out.printf(Locale.ROOT, "end-to-end  added by deriving, per measurement     median %7.2f ms%n", g - c);
	}

	private static double median(List<Long> values) {
		long[] a = values.stream().mapToLong(Long::longValue).sorted().toArray();
		return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2.0;
	}

	private static String observationJson(String patientId, String loinc, LocalDate day, double value, String unit) {
		return String.format(Locale.ROOT, "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":"
				+ "[{\"system\":\"http://loinc.org\",\"code\":\"%s\"}]},\"subject\":{\"reference\":\"Patient/%s\"},"
				+ "\"effectiveDateTime\":\"%sT09:00:00+07:00\",\"valueQuantity\":{\"value\":%.2f,\"unit\":\"%s\","
				+ "\"system\":\"http://unitsofmeasure.org\",\"code\":\"%s\"}}", loinc, patientId, day, value, unit, unit);
	}

	private static String post(HttpClient http, String url, String json) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/fhir+json")
				.header("Prefer", "return=minimal").POST(HttpRequest.BodyPublishers.ofString(json)).build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
		}
		return response.headers().firstValue("Location").orElse(response.body());
	}

	private static String idOf(String locationOrBody) {
		Matcher m = Pattern.compile("Patient/([^/\"]+)").matcher(locationOrBody);
		if (!m.find()) {
			throw new IllegalStateException("no Patient id in " + locationOrBody);
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
