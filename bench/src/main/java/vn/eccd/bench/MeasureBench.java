package vn.eccd.bench;

import ca.uhn.fhir.context.FhirContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;

/**
 * The analysts' benchmark (docs/benchmarks.md, "Measures"): times every indicator Measure of our IG on a loaded
 * server — all at once through {@code Measure/$evaluate} (stratified population reports, SQL evaluator), each one
 * through {@code $evaluate-measure} with the SQL evaluator, and optionally each one through HAPI's CQL engine
 * ({@code engine=cql}) on the same data — and checks that both engines count the same.
 */
final class MeasureBench {

	/** @param only Measure ids to time one by one (empty = every indicator Measure on the server) */
	record Options(String base, String periodStart, String periodEnd, int iterations, boolean cql, long cqlTimeoutSeconds,
			String subject, List<String> only) {
		Options(String base, String periodStart, String periodEnd, int iterations, boolean cql, long cqlTimeoutSeconds,
				String subject) {
			this(base, periodStart, periodEnd, iterations, cql, cqlTimeoutSeconds, subject, List.of());
		}
	}

	private record Timing(String measureId, double sqlMedianMs, Integer sqlDenominator, Integer sqlNumerator,
			Double cqlMs, Integer cqlDenominator, Integer cqlNumerator, String cqlNote) {}

	private MeasureBench() {}

	static String run(Options o) {
		FhirContext ctx = FhirContext.forR4Cached();
		Http http = new Http(o.base(), 1, 1, Duration.ofSeconds(Math.max(600, o.cqlTimeoutSeconds())), false);
		List<String> ids = measureIds(ctx, http);
		if (!o.only().isEmpty()) {
			List<String> unknown = o.only().stream().filter(id -> !ids.contains(id)).toList();
			if (!unknown.isEmpty()) {
				throw new IllegalArgumentException("no such indicator Measure on the server: " + unknown);
			}
			ids.retainAll(o.only());
		}
		if (ids.isEmpty()) {
			throw new IllegalStateException("no Measure with url https://fhir.eccd.vn/Measure/... on " + o.base());
		}
		String period = "periodStart=" + o.periodStart() + "&periodEnd=" + o.periodEnd()
				+ (o.subject() == null ? "" : "&subject=" + o.subject());

		// all indicators at once, as an analyst's six-month or annual report asks for them
		List<Double> all = new ArrayList<>();
		int reports = 0;
		for (int i = 0; i < o.iterations() + 1; i++) {
			Http.Result r = http.get("/Measure/$evaluate?" + period + "&reportType=population");
			check(r, "Measure/$evaluate");
			if (i > 0) { // the first call warms caches and the JIT
				all.add(r.micros() / 1000.0);
			}
			reports = ctx.newJsonParser().parseResource(Bundle.class, r.body()).getEntry().size();
		}

		Map<String, Timing> timings = new LinkedHashMap<>();
		for (String id : ids) {
			List<Double> sql = new ArrayList<>();
			MeasureReport sqlReport = null;
			for (int i = 0; i < o.iterations() + 1; i++) {
				Http.Result r = http.get("/Measure/" + id + "/$evaluate-measure?" + period + "&reportType=population&engine=sql");
				check(r, id + " (sql)");
				if (i > 0) {
					sql.add(r.micros() / 1000.0);
				}
				sqlReport = ctx.newJsonParser().parseResource(MeasureReport.class, r.body());
			}
			Double cqlMs = null;
			MeasureReport cqlReport = null;
			String note = "";
			if (o.cql()) {
				Http.Result r = http.get("/Measure/" + id + "/$evaluate-measure?" + period + "&reportType=population&engine=cql");
				if (r.status() == 200) {
					cqlMs = r.micros() / 1000.0;
					cqlReport = ctx.newJsonParser().parseResource(MeasureReport.class, r.body());
				} else {
					note = "HTTP " + r.status() + (r.status() == -1 ? " (" + r.body() + ")" : "");
				}
			}
			Timing timing = new Timing(id, median(sql), count(sqlReport, "denominator"), count(sqlReport, "numerator"), cqlMs,
					count(cqlReport, "denominator"), count(cqlReport, "numerator"), note);
			timings.put(id, timing);
			// a CQL run of all indicators takes hours: say how far it got as it goes (the table comes at the end)
			System.err.printf(Locale.ROOT, "%s %s: SQL %.0f ms %s / %s%s%n", java.time.Instant.now(), NAMES.getOrDefault(id, id),
					timing.sqlMedianMs(), timing.sqlDenominator(), timing.sqlNumerator(), !o.cql() ? ""
							: cqlMs == null ? ", CQL " + note
							: String.format(Locale.ROOT, ", CQL %.0f ms %s / %s", cqlMs, timing.cqlDenominator(), timing.cqlNumerator()));
		}
		return markdown(o, ids.size(), reports, all, timings);
	}

	/** Measure id → the indicator's short name (the last segment of its canonical URL). */
	private static final Map<String, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

	private static List<String> measureIds(FhirContext ctx, Http http) {
		Http.Result r = http.get("/Measure?url:below=https://fhir.eccd.vn/Measure/&_count=500&_elements=url");
		check(r, "Measure search");
		List<String> ids = new ArrayList<>();
		for (Bundle.BundleEntryComponent e : ctx.newJsonParser().parseResource(Bundle.class, r.body()).getEntry()) {
			Measure m = (Measure) e.getResource();
			String id = m.getIdElement().getIdPart();
			ids.add(id);
			NAMES.put(id, m.getUrl().substring(m.getUrl().lastIndexOf('/') + 1));
		}
		ids.sort(java.util.Comparator.comparing(id -> NAMES.get(id)));
		return ids;
	}

	private static void check(Http.Result r, String what) {
		if (r.status() != 200) {
			throw new IllegalStateException(what + " -> HTTP " + r.status() + ": "
					+ r.body().substring(0, Math.min(400, r.body().length())));
		}
	}

	private static Integer count(MeasureReport report, String population) {
		if (report == null || report.getGroup().isEmpty()) {
			return null;
		}
		MeasureReportGroupComponent group = report.getGroupFirstRep();
		return group.getPopulation().stream()
				.filter(p -> p.getCode().getCoding().stream().anyMatch(c -> population.equals(c.getCode())))
				.map(MeasureReport.MeasureReportGroupPopulationComponent::getCount).findFirst().orElse(null);
	}

	private static double median(List<Double> values) {
		double[] a = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
	}

	private static String markdown(Options o, int measures, int reports, List<Double> all, Map<String, Timing> timings) {
		StringBuilder b = new StringBuilder();
		b.append(String.format(Locale.ROOT, "### Measures, period %s..%s%s%n%n", o.periodStart(), o.periodEnd(),
				o.subject() == null ? "" : ", subject " + o.subject()));
		b.append(String.format(Locale.ROOT, "All %d indicators at once (`Measure/$evaluate`, stratified population reports, "
				+ "%d MeasureReports): median %.0f ms, min %.0f ms, max %.0f ms over %d runs.%n%n", measures, reports,
				median(all), all.stream().mapToDouble(d -> d).min().orElse(Double.NaN),
				all.stream().mapToDouble(d -> d).max().orElse(Double.NaN), all.size()));
		b.append("| Measure | SQL median ms | SQL den / num |").append(o.cql() ? " CQL ms | CQL den / num | CQL/SQL | same counts |" : "")
				.append('\n').append("|---|---|---|").append(o.cql() ? "---|---|---|---|" : "").append('\n');
		double sqlSum = 0;
		double cqlSum = 0;
		for (Timing t : timings.values()) {
			sqlSum += t.sqlMedianMs();
			b.append(String.format(Locale.ROOT, "| %s | %.0f | %s / %s |", NAMES.getOrDefault(t.measureId(), t.measureId()), t.sqlMedianMs(), t.sqlDenominator(),
					t.sqlNumerator()));
			if (o.cql()) {
				if (t.cqlMs() == null) {
					b.append(" ").append(t.cqlNote()).append(" | | | |");
				} else {
					cqlSum += t.cqlMs();
					boolean same = java.util.Objects.equals(t.sqlDenominator(), t.cqlDenominator())
							&& java.util.Objects.equals(t.sqlNumerator(), t.cqlNumerator());
					b.append(String.format(Locale.ROOT, " %.0f | %s / %s | %.0f | %s |", t.cqlMs(), t.cqlDenominator(),
							t.cqlNumerator(), t.cqlMs() / t.sqlMedianMs(), same ? "yes" : "**no**"));
				}
			}
			b.append('\n');
		}
		b.append(String.format(Locale.ROOT, "| **sum** | %.0f | |%s%n", sqlSum,
				o.cql() ? String.format(Locale.ROOT, " %.0f | | %.0f | |", cqlSum, sqlSum == 0 ? Double.NaN : cqlSum / sqlSum) : ""));
		return b.toString();
	}
}
