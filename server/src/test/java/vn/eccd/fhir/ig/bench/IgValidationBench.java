package vn.eccd.fhir.ig.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import vn.eccd.fhir.ig.IgPackage;
import vn.eccd.fhir.ig.IgProperties;
import vn.eccd.fhir.ig.ProfileSelector;
import vn.eccd.fhir.ig.ProfileValidationInterceptor;

/**
 * Benchmark of the cost of profile validation per resource, without the database: the same validator and
 * support chain the server uses on every write (minus the database fallback), warmed up, then every IG example
 * validated {@code iterations} times. Prints the mean and 95th percentile per profile.
 *
 * <p>Run: {@code server/bench/ig-validation-bench.sh [iterations]} (see docs/ig/validation.md).
 */
public final class IgValidationBench {

	public static void main(String[] args) throws Exception {
		int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20;
		FhirContext ctx = FhirContext.forR4Cached();
		long t0 = System.nanoTime();
		NpmPackageValidationSupport ig = new NpmPackageValidationSupport(ctx);
		ig.loadPackageFromClasspath("classpath:vn/eccd/ig/package.tgz");
		PrePopulatedValidationSupport deps = new PrePopulatedValidationSupport(ctx);
		for (org.springframework.core.io.Resource r : new PathMatchingResourcePatternResolver()
				.getResources("classpath:vn/eccd/fhir/ig/test-deps/*.json")) {
			try (InputStream in = r.getInputStream()) {
				Resource res = (Resource) ctx.newJsonParser().parseResource(in);
				if (res instanceof CodeSystem cs) {
					deps.addCodeSystem(cs);
				} else if (res instanceof ValueSet vs) {
					deps.addValueSet(vs);
				}
			}
		}
		ValidationSupportChain chain = new ValidationSupportChain(ValidationSupportChain.CacheConfiguration.defaultValues(),
				new DefaultProfileValidationSupport(ctx), ig, deps, new InMemoryTerminologyServerValidationSupport(ctx),
				new CommonCodeSystemsTerminologyService(ctx), new SnapshotGeneratingValidationSupport(ctx));
		IgPackage pkg = IgPackage.fromClasspath("vn/eccd/ig/package.tgz");
		IgProperties.Validation settings = new IgProperties(null, null, null).validation();
		ProfileValidationInterceptor validator = new ProfileValidationInterceptor(ctx, chain,
				new ProfileSelector(pkg.structureDefinitions(ctx), Map.of()), settings);
		long t1 = System.nanoTime();
		validator.warmUp();
		long t2 = System.nanoTime();

		Map<String, Resource> examples = new LinkedHashMap<>();
		try (InputStream in = new ClassPathResource("vn/eccd/ig/package.tgz").getInputStream()) {
			NpmPackage npm = NpmPackage.fromPackage(in);
			NpmPackage.NpmPackageFolder folder = npm.getFolders().get("example");
			for (String f : folder.listFiles()) {
				if (f.endsWith(".json") && !f.startsWith(".")) {
					Resource r = (Resource) ctx.newJsonParser().parseResource(new String(folder.fetchFile(f), java.nio.charset.StandardCharsets.UTF_8));
					examples.put(f, r);
				}
			}
		}
		// one untimed pass (first use of each profile), then the timed passes
		examples.values().forEach(validator::validate);
		Map<String, List<Long>> byProfile = new TreeMap<>();
		for (int i = 0; i < iterations; i++) {
			for (Resource r : examples.values()) {
				long s = System.nanoTime();
				try {
					validator.validate(r);
				} catch (UnprocessableEntityException e) {
					throw new IllegalStateException("example refused: " + r.getIdElement(), e);
				}
				long us = (System.nanoTime() - s) / 1000;
				String profile = r.getMeta().hasProfile() ? r.getMeta().getProfile().get(0).getValue()
						.replace("https://fhir.eccd.vn/StructureDefinition/", "") : r.fhirType();
				byProfile.computeIfAbsent(profile, k -> new ArrayList<>()).add(us);
			}
		}
		System.out.printf("set-up (package + chain) %d ms, warm-up (first validation) %d ms%n", (t1 - t0) / 1_000_000,
				(t2 - t1) / 1_000_000);
		System.out.printf("%-34s %8s %10s %10s%n", "profile", "n", "mean µs", "p95 µs");
		List<Long> all = new ArrayList<>();
		byProfile.forEach((p, times) -> {
			all.addAll(times);
			System.out.printf("%-34s %8d %10d %10d%n", p, times.size(), mean(times), p95(times));
		});
		System.out.printf("%-34s %8d %10d %10d%n", "ALL", all.size(), mean(all), p95(all));
	}

	private static long mean(List<Long> t) {
		return t.stream().mapToLong(Long::longValue).sum() / Math.max(1, t.size());
	}

	private static long p95(List<Long> t) {
		List<Long> s = new ArrayList<>(t);
		s.sort(null);
		return s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.95) - 1));
	}
}
