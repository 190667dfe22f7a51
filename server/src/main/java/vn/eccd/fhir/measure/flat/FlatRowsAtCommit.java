package vn.eccd.fhir.measure.flat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Collects the flattened-row changes of one database transaction and applies them in batches just before it
 * commits, in the same transaction (so rows still commit or roll back with their resources). A visit bundle writes
 * about a dozen Observations (measurements and the growth records derived from them); written one by one, each
 * costs a delete per flattened Observation table and an insert, every statement a round trip to the database.
 * Collected, the transaction costs one batched delete and one batched insert per table. When a resource changes
 * twice in a transaction only its last state is written. Outside a Spring-managed transaction changes apply at once.
 */
@Component
public class FlatRowsAtCommit {

	/** The flattened-row changes of a resource written or deleted now. */
	public void upsert(FlatRowSink sink, IBaseResource resource) {
		change(sink, resource.fhirType(), resource.getIdElement().getIdPart(), resource);
	}

	public void delete(FlatRowSink sink, String resourceType, String idPart) {
		change(sink, resourceType, idPart, null);
	}

	private void change(FlatRowSink sink, String resourceType, String idPart, IBaseResource current) {
		Pending pending = pending();
		if (pending == null) {
			sink.replace(resourceType, List.of(idPart), current == null ? List.of() : List.of(current));
		} else {
			pending.put(sink, resourceType, idPart, current);
		}
	}

	/** This transaction's changes (bound to it on first use), or null when no transaction is active. */
	private Pending pending() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return null;
		}
		Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
		if (pending == null) {
			Pending created = new Pending();
			TransactionSynchronizationManager.bindResource(this, created);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void beforeCommit(boolean readOnly) {
					created.apply();
				}

				// a transaction started inside this one (REQUIRES_NEW) collects its own changes
				@Override
				public void suspend() {
					TransactionSynchronizationManager.unbindResourceIfPossible(FlatRowsAtCommit.this);
				}

				@Override
				public void resume() {
					TransactionSynchronizationManager.bindResource(FlatRowsAtCommit.this, created);
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(FlatRowsAtCommit.this);
				}
			});
			pending = created;
		}
		return pending;
	}

	/** Per sink and resource type, the last state of each changed resource (null = deleted), in order of change. */
	private static final class Pending {

		private final Map<FlatRowSink, Map<String, Map<String, IBaseResource>>> changes = new LinkedHashMap<>();

		void put(FlatRowSink sink, String resourceType, String idPart, IBaseResource current) {
			changes.computeIfAbsent(sink, s -> new LinkedHashMap<>())
					.computeIfAbsent(resourceType, t -> new LinkedHashMap<>())
					.put(idPart, current);
		}

		void apply() {
			changes.forEach((sink, byType) -> byType.forEach((type, byId) -> {
				List<IBaseResource> current = new ArrayList<>();
				byId.values().forEach(resource -> {
					if (resource != null) {
						current.add(resource);
					}
				});
				sink.replace(type, byId.keySet(), current);
			}));
			changes.clear();
		}
	}
}
