package vn.eccd.fhir.measure.flat;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Keeps the flattened tables in step with every write, inside the write's own database transaction
 * (HAPI's pre-commit storage pointcuts): a transaction Bundle that fails anywhere leaves no flattened row behind.
 * Registered on HAPI's interceptor service (so it sees every write, REST or internal) by {@link FlatTableConfig}.
 */
@Interceptor
public class FlatTableInterceptor {

	private final FlatTableWriter writer;

	public FlatTableInterceptor(FlatTableWriter writer) {
		this.writer = writer;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		writer.insert(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource oldResource, IBaseResource newResource) {
		writer.upsert(newResource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		String type = resource.getIdElement().getResourceType();
		if (type == null) {
			type = resource.fhirType();
		}
		if (FlatTableWriter.isFlattened(type)) {
			writer.delete(type, resource.getIdElement().getIdPart());
		}
	}
}
