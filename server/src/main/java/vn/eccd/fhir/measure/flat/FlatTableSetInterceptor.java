package vn.eccd.fhir.measure.flat;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Keeps every {@link FlatTableSet} in step with each write, inside the write's own database transaction (HAPI's
 * pre-commit storage pointcuts): the changes of a transaction are collected and written in batches when it commits
 * ({@link FlatRowsAtCommit}).
 */
@Interceptor
public class FlatTableSetInterceptor {

	private final List<FlatTableSet> sets;
	private final FlatRowsAtCommit atCommit;

	public FlatTableSetInterceptor(List<FlatTableSet> sets, FlatRowsAtCommit atCommit) {
		this.sets = List.copyOf(sets);
		this.atCommit = atCommit;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		changed(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource oldResource, IBaseResource newResource) {
		changed(newResource);
	}

	private void changed(IBaseResource resource) {
		String resourceType = resource.fhirType();
		sets.stream().filter(set -> set.projects(resourceType)).forEach(set -> atCommit.upsert(set, resource));
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		String type = resource.getIdElement().getResourceType();
		String resourceType = type != null ? type : resource.fhirType();
		sets.stream().filter(set -> set.projects(resourceType))
				.forEach(set -> atCommit.delete(set, resourceType, resource.getIdElement().getIdPart()));
	}
}
