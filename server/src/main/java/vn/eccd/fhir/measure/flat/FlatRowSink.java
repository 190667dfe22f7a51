package vn.eccd.fhir.measure.flat;

import java.util.Collection;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Flattened tables whose rows of some resources can be replaced in one go (see {@link FlatRowsAtCommit}). */
public interface FlatRowSink {

	/**
	 * Removes the rows of the resources with these ids, then writes the rows of their current versions.
	 *
	 * @param resourceType the type of every id and resource
	 * @param ids          every resource whose rows change (created, updated or deleted)
	 * @param current      the current version of those not deleted (a subset of {@code ids})
	 */
	void replace(String resourceType, Collection<String> ids, List<IBaseResource> current);
}
