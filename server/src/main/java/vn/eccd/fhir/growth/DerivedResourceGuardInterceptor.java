package vn.eccd.fhir.growth;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;

/**
 * Derived Observations (meta.tag record-origin#derived, or coded in the growth-indicator / nutrition-status code
 * systems) belong to the server: clients cannot create, update or delete them (HTTP 403 with an
 * OperationOutcome). They change when their source measurements change.
 */
@Interceptor
public class DerivedResourceGuardInterceptor {

	static final String MESSAGE = " is derived by the server from growth measurements (record-origin#derived) and"
			+ " cannot be written by clients; create, correct or delete the source measurement instead";

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void creating(IBaseResource resource, RequestDetails request) {
		if (isDerivedObservation(resource) && !GrowthDerivationService.isInternal(request)) {
			throw new ForbiddenOperationException("Observation" + MESSAGE);
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updating(IBaseResource oldResource, IBaseResource newResource, RequestDetails request) {
		if ((isDerivedObservation(oldResource) || isDerivedObservation(newResource))
				&& !GrowthDerivationService.isInternal(request)) {
			throw new ForbiddenOperationException(label(oldResource) + MESSAGE);
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void deleting(IBaseResource resource, RequestDetails request) {
		if (isDerivedObservation(resource) && !GrowthDerivationService.isInternal(request)) {
			throw new ForbiddenOperationException(label(resource) + MESSAGE);
		}
	}

	private static boolean isDerivedObservation(IBaseResource resource) {
		return resource instanceof Observation && GrowthMeasurements.isDerived(resource);
	}

	private static String label(IBaseResource resource) {
		return resource == null || resource.getIdElement() == null || !resource.getIdElement().hasIdPart()
				? "Observation" : "Observation/" + resource.getIdElement().getIdPart();
	}
}
