package vn.eccd.fhir.measure.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedReadsTest {

	private final SharedReads shared = new SharedReads();
	private final AtomicInteger reads = new AtomicInteger();

	private Integer read(String key) {
		return shared.read(key, reads::incrementAndGet);
	}

	@Test
	void insideOneScopeAnIdenticalReadIsDoneOnce() {
		shared.within(() -> {
			assertThat(read("children 2020-2024")).isEqualTo(1);
			assertThat(read("children 2020-2024")).isEqualTo(1);
			assertThat(read("children 2016-2019")).isEqualTo(2); // another key is another read
			return null;
		});
		assertThat(reads).hasValue(2);
	}

	@Test
	void outsideAScopeEveryReadGoesToTheDatabase() {
		read("visits");
		read("visits");
		assertThat(reads).hasValue(2);
	}

	@Test
	void theNextScopeSeesCurrentDataAndNestedScopesJoinTheOuterOne() {
		shared.within(() -> shared.within(() -> read("visits")) + read("visits"));
		assertThat(reads).hasValue(1);
		shared.within(() -> read("visits"));
		assertThat(reads).hasValue(2);
	}
}
