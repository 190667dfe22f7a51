package vn.eccd.fhir.measure.flat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The per-transaction collection of flattened-row changes, on a real Spring transaction manager (in-memory H2). */
class FlatRowsAtCommitTest {

	/** What a sink was asked to do: one call per resource type and transaction. */
	record Call(String type, List<String> ids, List<String> current) {}

	static final class RecordingSink implements FlatRowSink {
		final List<Call> calls = new ArrayList<>();

		@Override
		public void replace(String resourceType, Collection<String> ids, List<IBaseResource> current) {
			calls.add(new Call(resourceType, List.copyOf(ids),
					current.stream().map(r -> r.getIdElement().getIdPart() + "@" + ((Observation) r).getStatus().toCode()).toList()));
		}
	}

	private final FlatRowsAtCommit atCommit = new FlatRowsAtCommit();
	private final RecordingSink growth = new RecordingSink();
	private final RecordingSink development = new RecordingSink();
	private final TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(
			new DriverManagerDataSource("jdbc:h2:mem:flat-rows-at-commit;DB_CLOSE_DELAY=-1", "sa", "")));

	private static Observation observation(String id, Observation.ObservationStatus status) {
		Observation o = new Observation();
		o.setId("Observation/" + id);
		o.setStatus(status);
		return o;
	}

	@Test
	void aTransactionsChangesAreWrittenOnceAtCommitWithTheLastStateOfEachResource() {
		transaction.executeWithoutResult(status -> {
			atCommit.upsert(growth, observation("can-nang", Observation.ObservationStatus.PRELIMINARY));
			atCommit.upsert(growth, observation("chieu-cao", Observation.ObservationStatus.FINAL));
			atCommit.upsert(development, observation("asq-3", Observation.ObservationStatus.FINAL));
			atCommit.upsert(growth, observation("can-nang", Observation.ObservationStatus.FINAL)); // corrected
			atCommit.upsert(growth, observation("vong-dau", Observation.ObservationStatus.FINAL));
			atCommit.delete(growth, "Observation", "vong-dau"); // entered and removed in the same bundle
			assertThat(growth.calls).as("nothing written before the commit").isEmpty();
		});

		assertThat(growth.calls).containsExactly(new Call("Observation", List.of("can-nang", "chieu-cao", "vong-dau"),
				List.of("can-nang@final", "chieu-cao@final")));
		assertThat(development.calls).containsExactly(new Call("Observation", List.of("asq-3"), List.of("asq-3@final")));
	}

	@Test
	void aRolledBackTransactionWritesNothingAndLeavesNothingForTheNext() {
		assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
			atCommit.upsert(growth, observation("can-nang", Observation.ObservationStatus.FINAL));
			throw new IllegalStateException("a later entry of the bundle failed");
		})).isInstanceOf(IllegalStateException.class);
		assertThat(growth.calls).isEmpty();

		transaction.executeWithoutResult(status -> atCommit.upsert(growth, observation("chieu-cao", Observation.ObservationStatus.FINAL)));
		assertThat(growth.calls).containsExactly(new Call("Observation", List.of("chieu-cao"), List.of("chieu-cao@final")));
	}

	@Test
	void withoutATransactionChangesApplyAtOnce() {
		atCommit.upsert(growth, observation("can-nang", Observation.ObservationStatus.FINAL));
		atCommit.delete(growth, "Observation", "chieu-cao");

		assertThat(growth.calls).containsExactly(
				new Call("Observation", List.of("can-nang"), List.of("can-nang@final")),
				new Call("Observation", List.of("chieu-cao"), List.of()));
	}

	@Test
	void aTransactionStartedInsideAnotherCommitsItsOwnChanges() {
		TransactionTemplate requiresNew = new TransactionTemplate(transaction.getTransactionManager());
		requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

		transaction.executeWithoutResult(outer -> {
			atCommit.upsert(growth, observation("can-nang", Observation.ObservationStatus.FINAL));
			requiresNew.executeWithoutResult(inner -> atCommit.upsert(growth, observation("chieu-cao", Observation.ObservationStatus.FINAL)));
			assertThat(growth.calls).as("the inner transaction committed its own change only")
					.containsExactly(new Call("Observation", List.of("chieu-cao"), List.of("chieu-cao@final")));
			atCommit.upsert(growth, observation("vong-dau", Observation.ObservationStatus.FINAL));
		});

		assertThat(growth.calls).containsExactly(
				new Call("Observation", List.of("chieu-cao"), List.of("chieu-cao@final")),
				new Call("Observation", List.of("can-nang", "vong-dau"), List.of("can-nang@final", "vong-dau@final")));
	}
}
