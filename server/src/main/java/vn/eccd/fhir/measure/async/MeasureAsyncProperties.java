package vn.eccd.fhir.measure.async;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Asynchronous measure evaluation ({@code eccd.measure.async.*}, docs/configuration.md).
 *
 * @param threads evaluations run at the same time in the background (further requests wait in a queue)
 */
@ConfigurationProperties(prefix = "eccd.measure.async")
public record MeasureAsyncProperties(int threads) {

	public MeasureAsyncProperties {
		if (threads <= 0) {
			threads = 2;
		}
	}
}
