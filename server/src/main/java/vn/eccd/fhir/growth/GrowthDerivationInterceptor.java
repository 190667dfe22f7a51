package vn.eccd.fhir.growth;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.InterceptorInvocationTimingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

/**
 * Derives z-scores and nutrition status in the same database transaction as the write of a growth measurement
 * (create, update, delete), and re-derives a child's visits when the Patient's sex or birth date changes.
 * Registered on HAPI's storage interceptor service, so it applies to every write path (REST, transaction
 * bundles, internal loaders).
 */
@Interceptor
public class GrowthDerivationInterceptor {

	private final GrowthDerivationService service;
	private final DerivationTiming timing;

	public GrowthDerivationInterceptor(GrowthDerivationService service, DerivationTiming timing) {
		this.service = service;
		this.timing = timing;
	}

	private static final String PENDING = GrowthDerivationInterceptor.class.getName() + ".pending";

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request, TransactionDetails transaction,
			InterceptorInvocationTimingEnum invocation) {
		if (resource instanceof Observation o && isMeasurement(o)) {
			measurementWritten(null, o, request, transaction, invocation);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource oldResource, IBaseResource newResource, RequestDetails request,
			TransactionDetails transaction, InterceptorInvocationTimingEnum invocation) {
		if (newResource instanceof Observation after) {
			Observation before = oldResource instanceof Observation o ? o : null;
			if (isMeasurement(after) || (before != null && isMeasurement(before))) {
				measurementWritten(before, after, request, transaction, invocation);
			}
		} else if (newResource instanceof Patient after && oldResource instanceof Patient before) {
			if (!Objects.equals(before.getGender(), after.getGender())
					|| !Objects.equals(before.getBirthDateElement().getValueAsString(),
							after.getBirthDateElement().getValueAsString())) {
				timing.time(request, () -> service.patientChanged(after, transaction));
			}
		}
	}

	/**
	 * Before the delete (and before HAPI checks that nothing references the resource): drop or re-derive the
	 * derived Observations that point at the measurement being deleted.
	 */
	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void deleting(IBaseResource resource, RequestDetails request, TransactionDetails transaction) {
		if (resource instanceof Observation o && isMeasurement(o)) {
			timing.time(request, () -> service.measurementChanged(o, null, transaction));
		}
	}

	/**
	 * A single write derives at once. In a FHIR transaction HAPI calls the pre-commit hooks after all entries are
	 * written (DEFERRED): the measurement is only noted, and {@link #transactionProcessed} derives each visit once,
	 * knowing every measurement the transaction wrote.
	 */
	private void measurementWritten(Observation before, Observation after, RequestDetails request,
			TransactionDetails transaction, InterceptorInvocationTimingEnum invocation) {
		if (transaction != null && invocation == InterceptorInvocationTimingEnum.DEFERRED) {
			transaction.getOrCreateUserData(PENDING, PendingVisits::new).add(before, after);
		} else {
			timing.time(request, () -> service.measurementChanged(before, after, transaction));
		}
	}

	/**
	 * Called by HAPI right after the transaction's deferred pre-commit hooks, still inside the database transaction:
	 * a failure here rolls the whole bundle back.
	 */
	@Hook(Pointcut.STORAGE_TRANSACTION_PROCESSED)
	public void transactionProcessed(RequestDetails request, TransactionDetails transaction) {
		PendingVisits pending = transaction.getUserData(PENDING);
		if (pending == null || pending.visits.isEmpty()) {
			return;
		}
		transaction.clearUserData(PENDING);
		Map<Long, Observation> written = GrowthDerivationService.byDatabaseId(pending.written.values());
		for (GrowthDerivation.Visit visit : pending.visits) {
			timing.time(request, () -> service.transactionWritten(visit, written, transaction));
		}
	}

	/** The visits a transaction's measurements touched, and the last version it wrote of each measurement. */
	private static final class PendingVisits {
		private final Set<GrowthDerivation.Visit> visits = new LinkedHashSet<>();
		private final Map<String, Observation> written = new LinkedHashMap<>();

		void add(Observation before, Observation after) {
			GrowthDerivation.visitOf(before).ifPresent(visits::add);
			GrowthDerivation.visitOf(after).ifPresent(visits::add);
			written.put(after.getIdElement().getIdPart(), after);
		}
	}

	private static boolean isMeasurement(Observation o) {
		return GrowthMeasurements.kindOf(o).isPresent() && !GrowthMeasurements.isDerived(o);
	}
}
