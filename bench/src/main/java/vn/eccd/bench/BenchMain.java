package vn.eccd.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command line: {@code java -jar bench/target/eccd-bench.jar <generate|load|query|all> [--option value ...]}.
 * See docs/benchmarks.md.
 */
public final class BenchMain {
	private BenchMain() {
	}

	static final String USAGE = """
			usage: java -jar bench/target/eccd-bench.jar <command> [options]
			  generate  --seed 20251031 --provinces 38[,08] --children 10000 --out target/synth [--as-of 2025-10-31] [--no-ndjson]
			  load      --base http://localhost:8084/fhir --in target/synth [--concurrency 4] [--max-seconds 3600]
			            [--max-bundles N] [--label "validation off"] [--progress-seconds 60]
			  query     --base http://localhost:8084/fhir --in target/synth [--concurrency 4] [--iterations 100]
			            [--sample 50] [--measure-iterations 20] [--period 2024] [--max-seconds 600]
			            (analyst period: a year, default the last full year before --as-of)
			  validate  --in target/synth [--ig path/to/package.tgz] [--bundles 2000] [--concurrency 2] [--max-seconds 600]
			            (validates bundles with the server's validator set-up: zero errors expected; time per bundle)
			  measures  --base http://localhost:8084/fhir [--period-start 2025-01-01] [--period-end 2025-12-31] [--iterations 5]
			            [--cql] [--cql-timeout-seconds 3600] [--subject Location/...] [--measures id,id] [--out dir]
			            (every indicator Measure: all at once, each with the SQL evaluator, each with the CQL engine)
			  scale-flat --jdbc jdbc:postgresql://127.0.0.1:5432/db --factor 10  (benchmark databases only: copies every
			            eccd_flat_* row factor-1 times under new ids, to time the SQL evaluator at factor x the population)
			  all       generate + load + query (all options above)
			Results (Markdown) are printed and appended to <in>/results.md.""";

	public static void main(String[] args) throws Exception {
		if (args.length == 0 || args[0].startsWith("-")) {
			System.err.println(USAGE);
			System.exit(2);
		}
		Map<String, String> opt = options(Arrays.copyOfRange(args, 1, args.length));
		String cmd = args[0];
		Path dir = Path.of(opt.getOrDefault("out", opt.getOrDefault("in", "target/synth")));
		LocalDate asOf = LocalDate.parse(opt.getOrDefault("as-of", "2025-10-31"));
		switch (cmd) {
			case "generate" -> generate(opt, dir, asOf);
			case "load" -> load(opt, dir);
			case "query" -> query(opt, dir, asOf);
			case "validate" -> report(dir, ValidationCost.run(new ValidationCost.Options(dir, opt.get("ig"),
					Integer.parseInt(opt.getOrDefault("bundles", "2000")), Integer.parseInt(opt.getOrDefault("concurrency", "2")),
					Long.parseLong(opt.getOrDefault("max-seconds", "600")))), opt);
			case "measures" -> report(dir, MeasureBench.run(new MeasureBench.Options(opt.getOrDefault("base", "http://localhost:8084/fhir"),
					opt.getOrDefault("period-start", "2025-01-01"), opt.getOrDefault("period-end", "2025-12-31"),
					Integer.parseInt(opt.getOrDefault("iterations", "5")), opt.containsKey("cql"),
					Long.parseLong(opt.getOrDefault("cql-timeout-seconds", "3600")), opt.get("subject"),
					opt.containsKey("measures") ? List.of(opt.get("measures").split(",")) : List.of())), opt);
			case "scale-flat" -> report(dir, FlatTableScaler.scale(opt.get("jdbc"), opt.getOrDefault("user", "postgres"),
					opt.getOrDefault("password", ""), Integer.parseInt(opt.getOrDefault("factor", "10"))), opt);
			case "all" -> {
				generate(opt, dir, asOf);
				load(opt, dir);
				query(opt, dir, asOf);
			}
			default -> {
				System.err.println("unknown command " + cmd + "\n" + USAGE);
				System.exit(2);
			}
		}
	}

	static Map<String, String> options(String[] a) {
		Map<String, String> m = new HashMap<>();
		for (int i = 0; i < a.length; i++) {
			if (!a[i].startsWith("--")) {
				throw new IllegalArgumentException("expected --option, got " + a[i] + "\n" + USAGE);
			}
			String key = a[i].substring(2);
			if (i + 1 < a.length && !a[i + 1].startsWith("--")) {
				m.put(key, a[++i]);
			} else {
				m.put(key, "true");
			}
		}
		return m;
	}

	static Generator.Config config(Map<String, String> opt, LocalDate asOf) {
		return new Generator.Config(Long.parseLong(opt.getOrDefault("seed", "20251031")),
				List.of(opt.getOrDefault("provinces", "38").split(",")),
				Integer.parseInt(opt.getOrDefault("children", "10000")), asOf);
	}

	static void generate(Map<String, String> opt, Path dir, LocalDate asOf) throws Exception {
		Generator.Config cfg = config(opt, asOf);
		long t0 = System.nanoTime();
		Generator g = new Generator();
		try (OutputWriter w = new OutputWriter(dir, !opt.containsKey("no-ndjson"))) {
			g.run(cfg, w);
			w.finish(g.summary(), cfg);
		}
		System.out.println(g.summary().markdown(cfg));
		System.out.printf(Locale.ROOT, "generated %d resources in %d bundles into %s in %.1f s%n",
				g.summary().totalResources(), g.summary().totalBundles(), dir, (System.nanoTime() - t0) / 1e9);
	}

	static Http http(Map<String, String> opt) {
		int concurrency = Integer.parseInt(opt.getOrDefault("concurrency", "4"));
		return new Http(opt.getOrDefault("base", "http://localhost:8084/fhir"), concurrency,
				Integer.parseInt(opt.getOrDefault("max-attempts", "5")), Duration.ofSeconds(120),
				opt.containsKey("allow-remote"));
	}

	static void load(Map<String, String> opt, Path dir) throws Exception {
		Loader.Options o = new Loader.Options(dir, Integer.parseInt(opt.getOrDefault("concurrency", "4")),
				Long.parseLong(opt.getOrDefault("max-seconds", "3600")),
				Long.parseLong(opt.getOrDefault("max-bundles", String.valueOf(Long.MAX_VALUE))),
				Integer.parseInt(opt.getOrDefault("max-attempts", "5")),
				Long.parseLong(opt.getOrDefault("progress-seconds", "60")));
		Loader.Result r = Loader.run(http(opt), o);
		report(dir, Loader.markdown(r, o, opt.getOrDefault("label", "server as configured")), opt);
	}

	static void query(Map<String, String> opt, Path dir, LocalDate asOf) throws Exception {
		QueryRunner q = new QueryRunner(http(opt), new QueryRunner.Options(dir,
				Integer.parseInt(opt.getOrDefault("concurrency", "4")),
				Integer.parseInt(opt.getOrDefault("iterations", "100")), Integer.parseInt(opt.getOrDefault("sample", "50")),
				Integer.parseInt(opt.getOrDefault("measure-iterations", "20")),
				Long.parseLong(opt.getOrDefault("query-max-seconds", opt.getOrDefault("max-seconds", "600"))), asOf,
				Integer.parseInt(opt.getOrDefault("period", String.valueOf(QueryRunner.lastFullYear(asOf))))));
		q.run();
		report(dir, q.markdown(), opt);
	}

	static String machine() {
		long mem = 0;
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			mem = os.getTotalMemorySize();
		}
		return String.format(Locale.ROOT, "%s - machine: %d cores, %.1f GiB RAM, %s %s, Java %s", Instant.now(),
				Runtime.getRuntime().availableProcessors(), mem / (1024.0 * 1024 * 1024), System.getProperty("os.name"),
				System.getProperty("os.arch"), System.getProperty("java.version"));
	}

	static void report(Path dir, String markdown, Map<String, String> opt) throws Exception {
		String text = "\n## " + machine() + "\nserver: " + opt.getOrDefault("base", "http://localhost:8084/fhir") + "\n\n"
				+ markdown;
		System.out.println(text);
		Files.createDirectories(dir);
		Files.writeString(dir.resolve("results.md"), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}
}
