package vn.eccd.fhir.measure.flat;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A group of flattened tables fed by some resource types, kept in the write transaction by
 * {@link FlatTableSetInterceptor} and recreated by {@link FlatTableRebuilder}. Each indicator family that needs
 * tables of its own adds one Spring bean of this type, without touching the tables of the others.
 */
public interface FlatTableSet extends FlatRowSink {

	/** Short name, reported by $rebuild-flat-tables with the number of resources copied. */
	String name();

	/** The resource types whose current versions this set projects. */
	List<Class<? extends IBaseResource>> sourceTypes();

	/** Whether this set projects resources of the type (an unrelated write needs nothing from it). */
	default boolean projects(String resourceType) {
		return sourceTypes().stream().anyMatch(type -> type.getSimpleName().equals(resourceType));
	}

	/** Empties every table of the set (first step of a rebuild, in the rebuild's transaction). */
	void truncate();

	/** Inserts the rows of a chunk of stored resources of one of {@link #sourceTypes()} (rebuild). */
	void insertAll(List<? extends IBaseResource> resources);
}
