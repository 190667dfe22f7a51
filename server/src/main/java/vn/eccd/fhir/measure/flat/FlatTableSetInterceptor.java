package vn.eccd.fhir.measure.flat;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Keeps every {@link FlatTableSet} in step with each write, inside the write's own database transaction (HAPI's
 * pre-commit storage pointcuts), exactly as {@link FlatTableInterceptor} does for the patient and immunization
 * tables.
 */
@Interceptor
public class FlatTableSetInterceptor {

	private final List<FlatTableSet> sets;

	public FlatTableSetInterceptor(List<FlatTableSet> sets) {
		this.sets = List.copyOf(sets);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		sets.forEach(set -> set.upsert(resource));
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource oldResource, IBaseResource newResource) {
		sets.forEach(set -> set.upsert(newResource));
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		String type = resource.getIdElement().getResourceType();
		String resourceType = type != null ? type : resource.fhirType();
		sets.forEach(set -> set.delete(resourceType, resource.getIdElement().getIdPart()));
	}
}
