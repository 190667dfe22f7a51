package vn.eccd.fhir.measure.cql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.runtime.Date;
import org.opencds.cqf.fhir.cr.measure.common.FhirResourceAndCqlTypeUtils;
import org.opencds.cqf.fhir.cr.measure.common.HashSetForFhirResourcesAndCqlTypes;
import vn.eccd.fhir.support.LibraryVersion;

/**
 * Guards our replacement of cqf-fhir-cr's {@code HashSetForFhirResourcesAndCqlTypes} (the set the CQL measure
 * evaluator collects evaluated resources in; the original scans itself on every add, O(n²) per population): it is
 * the class in use, the library is still the version it was checked against, and it behaves exactly like the
 * upstream class, which this test loads from the library jar and runs side by side on the same random operations.
 */
class CqlEvaluatedResourceSetTest {

	private static final String CLASS_NAME = HashSetForFhirResourcesAndCqlTypes.class.getName();

	@Test
	void theLibraryIsTheVersionTheReplacementWasCheckedAgainst() {
		assertThat(LibraryVersion.of("org.opencds.cqf.fhir", "cqf-fhir-cr"))
				.as("cqf-fhir-cr was upgraded: compare server/src/main/java/org/opencds/cqf/fhir/cr/measure/common/"
						+ "HashSetForFhirResourcesAndCqlTypes.java with the new upstream class (keep it in step, or delete it "
						+ "if upstream no longer scans the set on every add)")
				.isEqualTo(HashSetForFhirResourcesAndCqlTypes.REPLACES_CQF_FHIR_CR_VERSION);
	}

	@Test
	void theReplacementIsTheClassInUse() {
		String ours = HashSetForFhirResourcesAndCqlTypes.class.getProtectionDomain().getCodeSource().getLocation().toString();
		String library = FhirResourceAndCqlTypeUtils.class.getProtectionDomain().getCodeSource().getLocation().toString();
		assertThat(library).contains("cqf-fhir-cr");
		assertThat(ours).isNotEqualTo(library);
	}

	@Test
	void resourcesAreTheSameByClassAndIdLikeUpstream() {
		Set<Object> set = new HashSetForFhirResourcesAndCqlTypes<>();
		assertThat(set.add(patient("Patient/nguyen-an"))).isTrue();
		assertThat(set.add(patient("Patient/nguyen-an"))).as("another instance, same id").isFalse();
		assertThat(set.add(observation("nguyen-an"))).as("same id part, other type").isTrue();
		assertThat(set.add(patient("Patient/nguyen-an/_history/2"))).as("a versioned id is another id").isTrue();
		Patient withoutId = new Patient();
		assertThat(set.add(withoutId)).isTrue();
		assertThat(set.add(withoutId)).isFalse();
		assertThat(set.contains(patient("Patient/nguyen-an"))).isTrue();
		assertThat(set.remove(patient("Patient/nguyen-an"))).isTrue();
		assertThat(set.contains(patient("Patient/nguyen-an"))).isFalse();
		assertThat(set.add(new Date(2024, 3, 15))).isTrue();
		assertThat(set.add(new Date(2024, 3, 15))).as("CQL equal dates").isFalse();
		assertThat(set).hasSize(4);
	}

	@Test
	void manyResourcesAreAddedInLinearTime() {
		// 200,000 distinct resources: the upstream scan would need 2·10^10 comparisons; this completes at once
		Set<Object> set = new HashSetForFhirResourcesAndCqlTypes<>();
		for (int i = 0; i < 200_000; i++) {
			set.add(immunization("imm-" + i));
			set.add(immunization("imm-" + (i / 2)));
		}
		assertThat(set).hasSize(200_000);
	}

	@Test
	void behavesLikeTheUpstreamClassOnRandomOperations() throws Exception {
		Class<?> upstream = upstreamClass();
		assertThat(upstream).isNotEqualTo(HashSetForFhirResourcesAndCqlTypes.class);
		for (long seed = 1; seed <= 40; seed++) {
			compareOn(seed, () -> newSet(upstream), HashSetForFhirResourcesAndCqlTypes::new);
		}
	}

	@SuppressWarnings("unchecked")
	private static Set<Object> newSet(Class<?> type) {
		try {
			return (Set<Object>) type.getConstructor().newInstance();
		} catch (ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The same random sequence of set operations on both implementations: same results, same contents. */
	private static void compareOn(long seed, Supplier<Set<Object>> upstreamSet, Supplier<Set<Object>> ourSet) {
		Random random = new Random(seed);
		List<Object> pool = pool();
		Set<Object> expected = upstreamSet.get();
		Set<Object> actual = ourSet.get();
		for (int step = 0; step < 400; step++) {
			Object element = pool.get(random.nextInt(pool.size()));
			String operation;
			Object expectedResult;
			Object actualResult;
			switch (random.nextInt(7)) {
				case 0, 1 -> {
					operation = "add";
					expectedResult = expected.add(element);
					actualResult = actual.add(element);
				}
				case 2 -> {
					operation = "contains";
					expectedResult = expected.contains(element);
					actualResult = actual.contains(element);
				}
				case 3 -> {
					operation = "remove";
					expectedResult = expected.remove(element);
					actualResult = actual.remove(element);
				}
				case 4 -> {
					// removal behind the set's back, through its iterator
					operation = "iterator-remove";
					expectedResult = removeThroughIterator(expected, element);
					actualResult = removeThroughIterator(actual, element);
				}
				case 5 -> {
					operation = "retainAll(list)";
					List<Object> keep = sample(pool, random);
					expectedResult = expected.retainAll(keep);
					actualResult = actual.retainAll(keep);
				}
				default -> {
					operation = "addAll";
					List<Object> more = sample(pool, random);
					expectedResult = expected.addAll(more);
					actualResult = actual.addAll(more);
				}
			}
			assertThat(actualResult).as("seed %d step %d %s %s", seed, step, operation, element).isEqualTo(expectedResult);
			assertThat(identities(actual)).as("seed %d step %d contents after %s %s", seed, step, operation, element).isEqualTo(identities(expected));
		}
	}

	private static boolean removeThroughIterator(Set<Object> set, Object element) {
		Iterator<Object> it = set.iterator();
		while (it.hasNext()) {
			if (it.next() == element) {
				it.remove();
				return true;
			}
		}
		return false;
	}

	private static List<Object> sample(List<Object> pool, Random random) {
		List<Object> sample = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			sample.add(pool.get(random.nextInt(pool.size())));
		}
		return sample;
	}

	/** The elements as identity-comparable values (resources by type and id, others as themselves). */
	private static Set<String> identities(Collection<Object> set) {
		Set<String> out = new HashSet<>();
		for (Object o : set) {
			out.add(o instanceof IBaseResource r
					? r.getClass().getSimpleName() + ":" + r.getIdElement().getValue()
					: o.getClass().getSimpleName() + ":" + o);
		}
		assertThat(out).hasSize(set.size());
		return out;
	}

	/** Several instances per identity, two types sharing id parts, an id-less resource, CQL dates, strings. */
	private static List<Object> pool() {
		List<Object> pool = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			pool.add(patient("Patient/tre-" + i));
			pool.add(patient("Patient/tre-" + i));
			pool.add(immunization("tre-" + i));
			pool.add(observation("tre-" + i));
		}
		pool.add(new Patient());
		pool.add(new Date(2024, 1, 15));
		pool.add(new Date(2024, 1, 15));
		pool.add(new Date(2025, 6, 1));
		pool.add("Hà Nội");
		pool.add("Thanh Hóa");
		return pool;
	}

	private static Patient patient(String id) {
		Patient p = new Patient();
		p.setId(id);
		p.addName().setFamily("Nguyễn").addGiven("An");
		return p;
	}

	private static Immunization immunization(String id) {
		Immunization i = new Immunization();
		i.setId(id);
		return i;
	}

	private static Observation observation(String id) {
		Observation o = new Observation();
		o.setId(id);
		return o;
	}

	/** The upstream class, defined from the library jar by a loader that delegates everything else. */
	private static Class<?> upstreamClass() throws Exception {
		URL jar = FhirResourceAndCqlTypeUtils.class.getProtectionDomain().getCodeSource().getLocation();
		byte[] bytes;
		try (JarFile file = new JarFile(new java.io.File(jar.toURI()))) {
			ZipEntry entry = file.getEntry(CLASS_NAME.replace('.', '/') + ".class");
			try (InputStream in = file.getInputStream(entry)) {
				bytes = in.readAllBytes();
			}
		}
		return new ClassLoader(CqlEvaluatedResourceSetTest.class.getClassLoader()) {
			@Override
			protected synchronized Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
				if (name.equals(CLASS_NAME)) {
					Class<?> loaded = findLoadedClass(name);
					return loaded != null ? loaded : defineClass(name, bytes, 0, bytes.length);
				}
				return super.loadClass(name, resolve);
			}
		}.loadClass(CLASS_NAME);
	}
}
