package vn.eccd.fhir.growth;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What deriving costs, so that it can be watched in production and benchmarked without guessing: every derivation
 * run (one per visit touched by a write, with its reads and writes of derived Observations) is recorded in the
 * Micrometer timer {@value #METRIC} (GET /actuator/metrics/eccd.growth.derivation) and, summed per request, in the
 * standard {@code Server-Timing} response header ({@code derive;dur=<ms>;desc="<runs> visit(s)"}).
 */
@Interceptor
public class DerivationTiming {

	public static final String METRIC = "eccd.growth.derivation";
	private static final String NANOS = DerivationTiming.class.getName() + ".nanos";
	private static final String RUNS = DerivationTiming.class.getName() + ".runs";

	private final Timer timer;

	public DerivationTiming(MeterRegistry registry) {
		this.timer = Timer.builder(METRIC)
				.description("Time of one growth derivation run (z-scores and nutrition status of one visit, stored)")
				.publishPercentiles(0.5, 0.95, 0.99)
				.register(registry);
	}

	/** Runs one derivation and records its duration against the metric and the request. */
	public void time(RequestDetails request, Runnable derivation) {
		long start = System.nanoTime();
		try {
			derivation.run();
		} finally {
			long nanos = System.nanoTime() - start;
			timer.record(nanos, TimeUnit.NANOSECONDS);
			if (request != null) {
				request.getUserData().merge(NANOS, nanos, (a, b) -> (Long) a + (Long) b);
				request.getUserData().merge(RUNS, 1, (a, b) -> (Integer) a + (Integer) b);
			}
		}
	}

	/** Before HAPI writes the response: report the request's derivation time, if any, as Server-Timing. */
	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean outgoing(RequestDetails request) {
		Object nanos = request.getUserData().get(NANOS);
		if (nanos != null && request instanceof ServletRequestDetails servlet && servlet.getServletResponse() != null) {
			servlet.getServletResponse().addHeader("Server-Timing", String.format(Locale.ROOT, "derive;dur=%.3f;desc=\"%d visit(s)\"",
					(Long) nanos / 1e6, (Integer) request.getUserData().get(RUNS)));
		}
		return true;
	}
}
