package vn.eccd.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;

/**
 * Validates a sample of the generated transaction bundles with the same HAPI validator configuration the server
 * uses for profile validation, and reports errors (must be zero) and the time per bundle: the CPU cost that
 * profile validation adds to each commune submission on this machine.
 */
final class ValidationCost {
	private static final Pattern KIND = Pattern.compile("\"value\":\"" + OutputWriter.VISIT_ID_PREFIX + "([a-z]+)-");

	record Options(Path input, String igPackage, int bundles, int concurrency, long maxSeconds) {
	}

	static String run(Options o) throws Exception {
		FhirContext ctx = FhirContext.forR4Cached();
		long t0 = System.nanoTime();
		Validation v = Validation.create(ctx, o.igPackage());
		List<String> sample = sample(o.input().resolve("bundles"), o.bundles());
		// warm-up (snapshots, caches), not timed
		for (int i = 0; i < Math.min(20, sample.size()); i++) {
			v.validator.validateWithResult(sample.get(i));
		}
		double setup = (System.nanoTime() - t0) / 1e9;
		Latencies lat = new Latencies();
		AtomicLong entries = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		List<String> errorText = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(o.concurrency());
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.maxSeconds());
		long start = System.nanoTime();
		for (String bundle : sample) {
			pool.submit(() -> {
				if (System.nanoTime() > deadline) {
					return;
				}
				Matcher m = KIND.matcher(bundle.length() > 400 ? bundle.substring(0, 400) : bundle);
				String kind = m.find() ? m.group(1) : "stations";
				long b0 = System.nanoTime();
				ValidationResult r = v.validator.validateWithResult(bundle);
				long micros = (System.nanoTime() - b0) / 1000;
				int n = Loader.count(bundle, "\"request\":");
				Latencies.Kind k = lat.kind(kind);
				k.entries.addAndGet(n);
				entries.addAndGet(n);
				int e = 0;
				for (SingleValidationMessage msg : r.getMessages()) {
					if (msg.getSeverity() == ResultSeverityEnum.ERROR || msg.getSeverity() == ResultSeverityEnum.FATAL) {
						e++;
						synchronized (errorText) {
							if (errorText.size() < 50) {
								errorText.add(kind + " " + msg.getLocationString() + ": " + msg.getMessage());
							}
						}
					}
				}
				k.record(micros, e == 0 ? 200 : 422);
				if (e > 0) {
					errors.addAndGet(e);
					k.errors.addAndGet(e);
				}
			});
		}
		pool.shutdown();
		pool.awaitTermination(o.maxSeconds() + 60, TimeUnit.SECONDS);
		double seconds = (System.nanoTime() - start) / 1e9;
		try (Writer w = Files.newBufferedWriter(o.input().resolve("validate-errors.txt"), StandardCharsets.UTF_8)) {
			for (String e : errorText) {
				w.write(e + "\n");
			}
		}
		StringBuilder sb = new StringBuilder();
		long bundles = lat.all().values().stream().mapToLong(Latencies.Kind::count).sum();
		sb.append(String.format(Locale.ROOT,
				"### Profile validation cost (client-side HAPI FhirInstanceValidator, IG: %s, %d conformance resources)%n%n"
						+ "%d bundles / %d entries validated in %.1f s with %d threads = **%.1f entries/s**; "
						+ "**%d validation errors**; set-up and warm-up %.1f s%n%n",
				v.igSource, v.igResources, bundles, entries.get(), seconds, o.concurrency(), entries.get() / seconds,
				errors.get(), setup));
		sb.append("| bundle kind | bundles | entries | errors | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|---|\n");
		lat.all().forEach((name, k) -> sb.append(String.format(Locale.ROOT, "| validate (%s) | %d | %d | %d | %s | %s | %s |%n",
				name, k.count(), k.entries.get(), k.errors.get(), Latencies.ms(k.percentileMs(50)),
				Latencies.ms(k.percentileMs(95)), Latencies.ms(k.percentileMs(99)))));
		return sb.toString();
	}

	/**
	 * The stations bundle and a uniform random sample (reservoir, fixed seed) of n visit bundles over all communes,
	 * so that every visit kind is represented in proportion.
	 */
	static List<String> sample(Path dir, int n) throws IOException {
		List<Path> files;
		try (Stream<Path> s = Files.list(dir)) {
			files = s.filter(p -> p.getFileName().toString().endsWith(".ndjson.gz")).sorted().toList();
		}
		List<String> reservoir = new ArrayList<>();
		java.util.SplittableRandom rnd = new java.util.SplittableRandom(42);
		long seen = 0;
		for (Path f : files) {
			try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)),
					StandardCharsets.UTF_8))) {
				String line;
				while ((line = r.readLine()) != null) {
					seen++;
					if (reservoir.size() < n) {
						reservoir.add(line);
					} else {
						long j = rnd.nextLong(seen);
						if (j < n) {
							reservoir.set((int) j, line);
						}
					}
				}
			}
		}
		List<String> out = new ArrayList<>(Files.readAllLines(dir.resolve("stations.ndjson"), StandardCharsets.UTF_8));
		out.addAll(reservoir);
		return out;
	}
}
