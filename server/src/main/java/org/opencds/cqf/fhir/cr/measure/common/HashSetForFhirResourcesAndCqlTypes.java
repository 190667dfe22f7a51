package org.opencds.cqf.fhir.cr.measure.common;

import jakarta.annotation.Nonnull;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.opencds.cqf.cql.engine.runtime.CqlType;

/**
 * Replaces cqf-fhir-cr's {@code HashSetForFhirResourcesAndCqlTypes} (clinical-reasoning 4.4.0, Apache-2.0,
 * cqframework) with the same public API and the same equality rules (two resources are the same when they have the
 * same class and logical id; CQL values are compared with CQL {@code equal()}), but with a hash index of the resources
 * it holds.
 *
 * <p>Why: the original looks for an equal element by scanning the whole set on every {@code add} and
 * {@code contains}. The measure evaluator adds every resource each subject's criteria touched into one such set per
 * population ({@code PopulationDef.getEvaluatedResources()}), so a population evaluation costs O(n²) in the number of
 * evaluated resources: on 1,000 children 85 % of a CQL {@code $evaluate-measure} was this scan (JFR), and on 10,000
 * children one immunization Measure did not finish in 1,000 s (docs/measures.md). With the index, adding and finding a
 * resource is O(1); CQL values (rare in these sets) keep the original scan.
 *
 * <p>The index maps (resource class, id value) to the element. Elements can leave the set without passing through this
 * class ({@code iterator().remove()}, {@code removeIf}, {@code clear}, {@code retainAll} of the superclass); nothing
 * can enter it without {@link #add}. So the index is rebuilt whenever the set's size differs from the size it was built
 * for, and dropped when this class changes a set whose index is already out of step. A resource's id must not change while it is in the set (the original compared the ids at lookup time).
 *
 * <p>This class wins over the library's because the application's own classes come first on the class path (the
 * Spring Boot jar's {@code BOOT-INF/classes}, Maven's {@code target/classes}). {@code CqlEvaluatedResourceSetTest}
 * fails when the library version changes, so the replacement is re-checked against the new upstream class (or removed
 * once upstream indexes the set).
 */
@SuppressWarnings("squid:S3776")
public class HashSetForFhirResourcesAndCqlTypes<T> extends HashSet<T> {

	/** Which cqf-fhir-cr version this class was checked against. */
	public static final String REPLACES_CQF_FHIR_CR_VERSION = "4.4.0";

	// no initialisers: HashSet's constructors call add() before this class's fields would be initialised
	private transient Map<ResourceKey, T> resourceIndex;
	private transient int indexedSize;

	public HashSetForFhirResourcesAndCqlTypes() {
		super();
	}

	public HashSetForFhirResourcesAndCqlTypes(Collection<T> collection) {
		super(collection);
	}

	public HashSetForFhirResourcesAndCqlTypes(Iterable<T> iterable) {
		super();
		for (T value : iterable) {
			this.add(value);
		}
	}

	public HashSetForFhirResourcesAndCqlTypes(T singleValue) {
		super();
		this.add(singleValue);
	}

	/** FHIR resource identity as {@link FhirResourceAndCqlTypeUtils#areEqualResources} defines it. */
	private record ResourceKey(Class<?> type, String id) {

		/** null when the resource can only equal itself (no id element). */
		static ResourceKey of(IBaseResource resource) {
			IIdType id = resource.getIdElement();
			return id == null ? null : new ResourceKey(resource.getClass(), id.getValue());
		}
	}

	private Map<ResourceKey, T> index() {
		if (!isIndexCurrent()) {
			Map<ResourceKey, T> rebuilt = new HashMap<>();
			for (T element : this) {
				if (element instanceof IBaseResource resource) {
					ResourceKey key = ResourceKey.of(resource);
					if (key != null) {
						rebuilt.putIfAbsent(key, element);
					}
				}
			}
			resourceIndex = rebuilt;
			indexedSize = super.size();
		}
		return resourceIndex;
	}

	/** The element of this set equal to the resource, or null. */
	@SuppressWarnings("unchecked")
	private T findResource(IBaseResource resource) {
		ResourceKey key = ResourceKey.of(resource);
		if (key == null) {
			// equal to itself only; resources do not override equals(), so this is an identity lookup
			return super.contains(resource) ? (T) resource : null;
		}
		return index().get(key);
	}

	/**
	 * This logic is triggered by retainAll() and removeAll(), whose behaviour we're trying to modify to use FHIR
	 * resource identity rules.
	 */
	@Override
	public boolean contains(Object other) {
		if (other instanceof IBaseResource resource) {
			return findResource(resource) != null;
		}
		if (other instanceof CqlType) {
			return containsInner(this, other);
		}
		return super.contains(other);
	}

	/** Adds the element unless an equal one (FHIR identity, CQL equal) is already in the set. */
	@Override
	public boolean add(T newElement) {
		if (newElement instanceof IBaseResource resource) {
			if (findResource(resource) != null) {
				return false;
			}
			return addIndexed(newElement, ResourceKey.of(resource));
		}
		if (newElement instanceof CqlType && containsInner(this, newElement)) {
			return false;
		}
		return addIndexed(newElement, null);
	}

	/** Removes the element equal to the candidate (FHIR identity, CQL equal), if present. */
	@Override
	public boolean remove(Object removalCandidate) {
		if (removalCandidate instanceof IBaseResource resource) {
			T present = findResource(resource);
			return present != null && removeIndexed(present, ResourceKey.of(resource));
		}
		if (removalCandidate instanceof CqlType removalCandidateCqlType) {
			for (T next : this) {
				if (next instanceof CqlType nextCqlType
						&& FhirResourceAndCqlTypeUtils.areEqualCqlTypes(nextCqlType, removalCandidateCqlType)) {
					return removeIndexed(next, null);
				}
			}
			return false;
		}
		return removeIndexed(removalCandidate, null);
	}

	private boolean isIndexCurrent() {
		return resourceIndex != null && indexedSize == super.size();
	}

	/** super.add, keeping a current index current; a stale one is dropped and rebuilt when next needed. */
	private boolean addIndexed(T element, ResourceKey key) {
		boolean indexCurrent = isIndexCurrent();
		boolean added = super.add(element);
		if (!indexCurrent) {
			resourceIndex = null; // stale (elements left behind our back): an add could bring the size back in step
		} else if (added) {
			indexedSize = super.size();
			if (key != null) {
				resourceIndex.put(key, element);
			}
		}
		return added;
	}

	private boolean removeIndexed(Object element, ResourceKey key) {
		boolean indexCurrent = isIndexCurrent();
		boolean removed = super.remove(element);
		if (!indexCurrent) {
			resourceIndex = null;
		} else if (removed) {
			indexedSize = super.size();
			if (key != null) {
				resourceIndex.remove(key);
			}
		}
		return removed;
	}

	/** Keeps the elements that have an equal (FHIR identity, CQL equal) element in the other collection. */
	@Override
	public boolean retainAll(@Nonnull Collection<?> otherCollection) {
		Objects.requireNonNull(otherCollection);

		// Both are HashSetForFhirResourcesAndCqlTypes: the default implementation calls otherCollection.contains()
		if (otherCollection instanceof HashSetForFhirResourcesAndCqlTypes) {
			return super.retainAll(otherCollection);
		}

		// Another Collection: index its resources once instead of scanning it for every element of this set
		Set<ResourceKey> otherResources = new HashSet<>();
		for (Object item : otherCollection) {
			if (item instanceof IBaseResource resource) {
				ResourceKey key = ResourceKey.of(resource);
				if (key != null) {
					otherResources.add(key);
				}
			}
		}
		boolean modified = false;
		Iterator<T> it = iterator();
		while (it.hasNext()) {
			if (!containedIn(otherCollection, otherResources, it.next())) {
				it.remove();
				modified = true;
			}
		}
		return modified;
	}

	private static boolean containedIn(Collection<?> collection, Set<ResourceKey> resourceKeys, Object obj) {
		if (obj instanceof IBaseResource resource) {
			ResourceKey key = ResourceKey.of(resource);
			if (key != null) {
				return resourceKeys.contains(key);
			}
			return containsInner(collection, obj);
		}
		if (obj instanceof CqlType) {
			return containsInner(collection, obj);
		}
		return collection.contains(obj);
	}

	private static boolean containsInner(Collection<?> collection, Object obj) {
		for (Object item : collection) {
			if (FhirResourceAndCqlTypeUtils.areObjectsEqual(obj, item)) {
				return true;
			}
		}
		return false;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object clone() {
		HashSetForFhirResourcesAndCqlTypes<T> copy = (HashSetForFhirResourcesAndCqlTypes<T>) super.clone();
		copy.resourceIndex = null; // never share the index with the copy
		return copy;
	}

	@Override
	public String toString() {
		if (isEmpty()) {
			return "[]";
		}

		final T firstElement = iterator().next();

		if (firstElement instanceof IBaseResource) {
			return stream()
					.map(IBaseResource.class::cast)
					.map(IBaseResource::getIdElement)
					.map(IPrimitiveType::getValueAsString)
					.collect(Collectors.joining(",", "[", "]"));
		}

		return super.toString();
	}
}
