package vn.eccd.fhir.growth;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.InterceptorInvocationTimingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.util.HashSet;
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

	private static final String DONE_IN_TRANSACTION = GrowthDerivationInterceptor.class.getName() + ".visits";

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request, TransactionDetails transaction,
			InterceptorInvocationTimingEnum invocation) {
		if (resource instanceof Observation o && isMeasurement(o) && firstTimeInTransaction(null, o, transaction, invocation)) {
			timing.time(request, () -> service.measurementChanged(null, o, transaction));
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource oldResource, IBaseResource newResource, RequestDetails request,
			TransactionDetails transaction, InterceptorInvocationTimingEnum invocation) {
		if (newResource instanceof Observation after) {
			Observation before = oldResource instanceof Observation o ? o : null;
			if ((isMeasurement(after) || (before != null && isMeasurement(before)))
					&& firstTimeInTransaction(before, after, transaction, invocation)) {
				timing.time(request, () -> service.measurementChanged(before, after, transaction));
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
	 * In a FHIR transaction HAPI calls the pre-commit hooks after all entries are written (DEFERRED): one
	 * re-derivation per visit then sees every measurement of the bundle, the others would repeat it.
	 */
	private static boolean firstTimeInTransaction(Observation before, Observation after, TransactionDetails transaction,
			InterceptorInvocationTimingEnum timing) {
		if (transaction == null || timing != InterceptorInvocationTimingEnum.DEFERRED) {
			return true;
		}
		Set<GrowthDerivation.Visit> done = transaction.getOrCreateUserData(DONE_IN_TRANSACTION, HashSet::new);
		Set<GrowthDerivation.Visit> visits = new HashSet<>();
		GrowthDerivation.visitOf(before).ifPresent(visits::add);
		GrowthDerivation.visitOf(after).ifPresent(visits::add);
		if (visits.isEmpty()) {
			return true;
		}
		return done.addAll(visits);
	}

	private static boolean isMeasurement(Observation o) {
		return GrowthMeasurements.kindOf(o).isPresent() && !GrowthMeasurements.isDerived(o);
	}
}
