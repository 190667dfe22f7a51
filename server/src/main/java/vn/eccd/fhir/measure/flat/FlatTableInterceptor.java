package vn.eccd.fhir.measure.flat;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;

/**
 * Keeps the flattened tables in step with every write, inside the write's own database transaction
 * (HAPI's pre-commit storage pointcuts): a transaction Bundle that fails anywhere leaves no flattened row behind.
 * Patient and Immunization rows are written at once (a dose's validity is recomputed from the child's other rows);
 * growth rows are collected and written at commit ({@link FlatRowsAtCommit}).
 * Registered on HAPI's interceptor service (so it sees every write, REST or internal) by {@link FlatTableConfig}.
 */
@Interceptor
public class FlatTableInterceptor {

	private final FlatTableWriter writer;
	private final FlatRowsAtCommit atCommit;

	public FlatTableInterceptor(FlatTableWriter writer, FlatRowsAtCommit atCommit) {
		this.writer = writer;
		this.atCommit = atCommit;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		if (resource instanceof Observation) {
			atCommit.upsert(writer.growthRows(), resource);
		} else {
			writer.insert(resource);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource oldResource, IBaseResource newResource) {
		if (newResource instanceof Observation) {
			atCommit.upsert(writer.growthRows(), newResource);
		} else {
			writer.upsert(newResource);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		String type = resource.getIdElement().getResourceType();
		if (type == null) {
			type = resource.fhirType();
		}
		if ("Observation".equals(type)) {
			atCommit.delete(writer.growthRows(), type, resource.getIdElement().getIdPart());
		} else if (FlatTableWriter.isFlattened(type)) {
			writer.delete(type, resource.getIdElement().getIdPart());
		}
	}
}
