package vn.eccd.fhir.growth;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
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

	public GrowthDerivationInterceptor(GrowthDerivationService service) {
		this.service = service;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		if (resource instanceof Observation o && isMeasurement(o)) {
			service.measurementChanged(null, o);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource oldResource, IBaseResource newResource) {
		if (newResource instanceof Observation after) {
			Observation before = oldResource instanceof Observation o ? o : null;
			if (isMeasurement(after) || (before != null && isMeasurement(before))) {
				service.measurementChanged(before, after);
			}
		} else if (newResource instanceof Patient after && oldResource instanceof Patient before) {
			if (!Objects.equals(before.getGender(), after.getGender())
					|| !Objects.equals(before.getBirthDateElement().getValueAsString(),
							after.getBirthDateElement().getValueAsString())) {
				service.patientChanged(after);
			}
		}
	}

	/**
	 * Before the delete (and before HAPI checks that nothing references the resource): drop or re-derive the
	 * derived Observations that point at the measurement being deleted.
	 */
	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void deleting(IBaseResource resource) {
		if (resource instanceof Observation o && isMeasurement(o)) {
			service.measurementChanged(o, null);
		}
	}

	private static boolean isMeasurement(Observation o) {
		return GrowthMeasurements.kindOf(o).isPresent() && !GrowthMeasurements.isDerived(o);
	}
}
