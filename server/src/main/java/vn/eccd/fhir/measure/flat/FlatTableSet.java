package vn.eccd.fhir.measure.flat;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A group of flattened tables fed by some resource types, kept in the write transaction by
 * {@link FlatTableSetInterceptor} and recreated by {@link FlatTableRebuilder}. Each indicator family that needs
 * tables of its own adds one Spring bean of this type, without touching the tables of the others.
 */
public interface FlatTableSet {

	/** Short name, reported by $rebuild-flat-tables with the number of resources copied. */
	String name();

	/** The resource types whose current versions this set projects. */
	List<Class<? extends IBaseResource>> sourceTypes();

	/** Replaces the row(s) of a created or updated resource (a resource this set does not project is ignored). */
	void upsert(IBaseResource resource);

	/** Removes the row(s) of a deleted resource. */
	void delete(String resourceType, String idPart);

	/** Empties every table of the set (first step of a rebuild, in the rebuild's transaction). */
	void truncate();

	/** Inserts the rows of a chunk of stored resources of one of {@link #sourceTypes()} (rebuild). */
	void insertAll(List<? extends IBaseResource> resources);
}
