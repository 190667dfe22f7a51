package vn.eccd.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Pushes generated transaction bundles to a running server as the commune systems would: the stations first,
 * then N concurrent clients, each sending whole communes (one commune's bundles in date order, like one commune
 * system), retrying 5xx / 409 / 429 / connection errors with backoff (re-sending is harmless: conditional creates).
 */
final class Loader {
	private static final Pattern KIND = Pattern.compile("\"value\":\"" + OutputWriter.VISIT_ID_PREFIX + "([a-z]+)-");

	/** @param progressSeconds how often a progress line goes to stdout (0 = never): long loads report as they go */
	record Options(Path input, int concurrency, long maxSeconds, long maxBundles, int maxAttempts, long progressSeconds) {
		Options(Path input, int concurrency, long maxSeconds, long maxBundles, int maxAttempts) {
			this(input, concurrency, maxSeconds, maxBundles, maxAttempts, 0);
		}
	}

	record Result(Latencies latencies, long bundles, long entries, long created, long errors, long retries,
			double seconds) {
		double entriesPerSecond() {
			return entries / seconds;
		}

		double createdPerSecond() {
			return created / seconds;
		}
	}

	static Result run(Http http, Options o) throws IOException, InterruptedException {
		Latencies lat = new Latencies();
		AtomicLong bundles = new AtomicLong();
		AtomicLong entries = new AtomicLong();
		AtomicLong created = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		AtomicLong retries = new AtomicLong();
		AtomicBoolean stop = new AtomicBoolean();
		Path errorLog = o.input().resolve("load-errors.ndjson");
		long deadline = System.nanoTime() + Duration.ofSeconds(o.maxSeconds()).toNanos();
		long t0 = System.nanoTime();
		java.util.concurrent.ScheduledExecutorService progress = null;
		if (o.progressSeconds() > 0) {
			long total = countBundles(o.input().resolve("bundles"));
			progress = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
				Thread t = new Thread(r, "load-progress");
				t.setDaemon(true);
				return t;
			});
			long[] last = {t0, 0};
			progress.scheduleAtFixedRate(() -> {
				long now = System.nanoTime();
				long c = created.get();
				double s = (now - t0) / 1e9;
				double window = (now - last[0]) / 1e9;
				double recent = (c - last[1]) / window;
				last[0] = now;
				last[1] = c;
				long b = bundles.get();
				double eta = b == 0 ? Double.NaN : (total - b) * s / b / 60;
				System.out.printf(Locale.ROOT, "progress %s: %,d / %,d bundles (%.1f%%), %,d entries, %,d created, %d errors;"
						+ " %.1f created/s over the last %.0f s, %.1f overall; about %.0f min left%n",
						java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), b, total, 100.0 * b / total,
						entries.get(), c, errors.get(), recent, window, c / s, eta);
				System.out.flush();
			}, o.progressSeconds(), o.progressSeconds(), java.util.concurrent.TimeUnit.SECONDS);
		}
		try (Writer errorsOut = Files.newBufferedWriter(errorLog, StandardCharsets.UTF_8)) {
			Sender sender = (line) -> {
				if (stop.get() || System.nanoTime() > deadline || bundles.get() >= o.maxBundles()) {
					stop.set(true);
					return;
				}
				Matcher m = KIND.matcher(line.length() > 400 ? line.substring(0, 400) : line);
				String kind = m.find() ? m.group(1) : "stations";
				int n = count(line, "\"request\":");
				Http.Result r = http.post("", line);
				Latencies.Kind k = lat.kind(kind);
				k.record(r.micros(), r.status());
				bundles.incrementAndGet();
				retries.addAndGet(r.attempts() - 1);
				if (r.status() == 200) {
					entries.addAndGet(n);
					k.entries.addAndGet(n);
					int c = count(r.body(), "\"201 Created\"");
					created.addAndGet(c);
					k.created.addAndGet(c);
				} else {
					errors.incrementAndGet();
					k.errors.incrementAndGet();
					synchronized (errorsOut) {
						if (errors.get() <= 200) {
							String body = r.body() == null ? "" : r.body().replace('\n', ' ');
							errorsOut.write("{\"status\":" + r.status() + ",\"kind\":\"" + kind + "\",\"response\":"
									+ (body.startsWith("{") ? body : "\"" + body.replace("\"", "'") + "\"") + "}\n");
						}
					}
				}
			};
			Path dir = o.input().resolve("bundles");
			// 1. stations, sequentially
			forEachLine(dir.resolve("stations.ndjson"), sender);
			// 2. communes, N clients
			ConcurrentLinkedQueue<Path> queue = new ConcurrentLinkedQueue<>();
			try (Stream<Path> files = Files.list(dir)) {
				files.filter(p -> p.getFileName().toString().endsWith(".ndjson.gz")).sorted().forEach(queue::add);
			}
			List<Thread> threads = new ArrayList<>();
			List<Throwable> failures = new ArrayList<>();
			for (int i = 0; i < o.concurrency(); i++) {
				Thread t = new Thread(() -> {
					Path p;
					while (!stop.get() && (p = queue.poll()) != null) {
						try {
							forEachLine(p, sender);
						} catch (IOException | RuntimeException e) {
							synchronized (failures) {
								failures.add(e);
							}
							stop.set(true);
						}
					}
				}, "commune-client-" + i);
				t.start();
				threads.add(t);
			}
			for (Thread t : threads) {
				t.join();
			}
			if (!failures.isEmpty()) {
				throw new IOException("load aborted", failures.get(0));
			}
		} finally {
			if (progress != null) {
				progress.shutdownNow();
			}
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		return new Result(lat, bundles.get(), entries.get(), created.get(), errors.get(), retries.get(), seconds);
	}

	/** The number of bundles to send: one per line of the stations file and of every commune file. */
	static long countBundles(Path dir) throws IOException {
		long[] n = {0};
		try (Stream<Path> files = Files.list(dir)) {
			for (Path p : files.filter(f -> f.getFileName().toString().contains(".ndjson")).toList()) {
				forEachLine(p, line -> n[0]++);
			}
		}
		return n[0];
	}

	interface Sender {
		void send(String line) throws IOException;
	}

	static void forEachLine(Path file, Sender s) throws IOException {
		var in = Files.newInputStream(file);
		var stream = file.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
		try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16)) {
			String line;
			while ((line = r.readLine()) != null) {
				if (!line.isBlank()) {
					s.send(line);
				}
			}
		} catch (UncheckedIOException e) {
			throw e.getCause();
		}
	}

	static int count(String s, String needle) {
		if (s == null) {
			return 0;
		}
		int n = 0;
		for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
			n++;
		}
		return n;
	}

	static String markdown(Result r, Options o, String label) {
		StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT,
				"### Load (%s): %d bundles, %d entries in %.1f s = **%.1f entries/s** (%.1f newly created resources/s), "
						+ "%d errors, %d retries, %d concurrent clients%n%n",
				label, r.bundles(), r.entries(), r.seconds(), r.entriesPerSecond(), r.createdPerSecond(), r.errors(),
				r.retries(), o.concurrency()));
		sb.append("| request kind | bundles | entries | created | errors | p50 ms | p95 ms | p99 ms | HTTP statuses |\n");
		sb.append("|---|---|---|---|---|---|---|---|---|\n");
		r.latencies().all().forEach((name, k) -> sb.append(String.format(Locale.ROOT,
				"| POST transaction (%s) | %d | %d | %d | %d | %s | %s | %s | %s |%n", name, k.count(), k.entries.get(),
				k.created.get(), k.errors.get(), Latencies.ms(k.percentileMs(50)), Latencies.ms(k.percentileMs(95)),
				Latencies.ms(k.percentileMs(99)), k.statuses())));
		return sb.toString();
	}
}
