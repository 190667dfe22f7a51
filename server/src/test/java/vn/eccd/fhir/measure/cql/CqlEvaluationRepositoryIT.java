package vn.eccd.fhir.measure.cql;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.RestfulServer;
import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.Multimap;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.fhir.utility.iterable.BundleMappingIterable;
import org.opencds.cqf.fhir.utility.repository.ig.IgRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.eccd.fhir.support.AbstractFhirServerIT;
import vn.eccd.fhir.support.TestData;

/**
 * The CQL engine's view of the data through {@link CqlEvaluationRepository}, read the way the engine reads it
 * (first page, then every next link): a subject's retrieve comes back whole whether it fits the synchronous limit
 * or not, and only the one that fits skips the search cache. The limit is set small here so both cases need few
 * resources; the Measure cross-checks (MeasureEvaluationIT and others) run the same class with the configured one.
 * The repository is given a bare {@link SystemRequestDetails}, as a background ({@code Prefer: respond-async})
 * evaluation does.
 */
class CqlEvaluationRepositoryIT extends AbstractFhirServerIT {

	private static final int LIMIT = 5;

	@Autowired
	DaoRegistry daoRegistry;

	@Autowired
	RestfulServer restfulServer;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void subjectRetrieveWithinTheLimitIsReadWholeWithoutTouchingTheSearchCache() {
		String child = childWithWeights("Lò", "Thị Mỷ", 3);

		long before = lastCachedSearch();
		List<String> ids = weightIdsOf(child);

		assertThat(ids).hasSize(3);
		assertThat(searchesCachedSince(before)).isZero();
	}

	@Test
	void subjectRetrieveOverTheLimitIsReadWholeThroughPages() {
		String child = childWithWeights("Hà", "Văn Khải", LIMIT + 4);

		long before = lastCachedSearch();
		List<String> ids = weightIdsOf(child);

		assertThat(ids).hasSize(LIMIT + 4).doesNotHaveDuplicates();
		// the paged repeat goes through the search cache: the count above would have seen a cached search
		assertThat(searchesCachedSince(before)).isPositive();
		assertThat(ids).allSatisfy(id -> assertThat(
				daoRegistry.getResourceDao(Observation.class).read(new IdType(id), new SystemRequestDetails())
						.getSubject().getReference()).isEqualTo(child));
	}

	@Test
	void searchWithoutSubjectIsPagedWithTheLargestPage() {
		childWithWeights("Cầm", "Bá Tùng", 0);
		CqlEvaluationRepository repository = repository();

		long before = lastCachedSearch();
		Bundle firstPage = repository.search(Bundle.class, Patient.class, ArrayListMultimap.create(), Map.of());

		// a persisted, pageable search: a synchronous one would stop silently at HAPI's internal limit (10,000)
		assertThat(searchesCachedSince(before, "Patient")).isPositive();
		int patients = daoRegistry.getResourceDao(Patient.class)
				.search(new SearchParameterMap().setLoadSynchronous(true), new SystemRequestDetails()).sizeOrThrowNpe();
		int maxPage = restfulServer.getPagingProvider().getMaximumPageSize();
		assertThat(firstPage.getEntry()).hasSize(Math.min(patients, maxPage));
		assertThat(new BundleMappingIterable<>(repository, firstPage, e -> e.getResource().getIdElement().getIdPart())
				.toStream().count()).isEqualTo(patients);
	}

	@Test
	void populationSearchRepeatedWithinAMinuteSeesPatientsWrittenInBetween() {
		childWithWeights("Vi", "Thị Hoa", 0);
		CqlEvaluationRepository repository = repository();
		List<String> first = allPatientIds(repository);

		// HAPI would hand the identical search made a moment ago back with its old results (search reuse, 60 s)
		String newborn = childWithWeights("Lường", "Văn Tâm", 0);
		List<String> second = allPatientIds(repository);

		assertThat(first).doesNotContain(newborn);
		assertThat(second).contains(newborn).hasSize(first.size() + 1);
	}

	@Test
	void synchronousLimitNeverExceedsTheLargestPage() {
		// HAPI lowers a _count above the largest page to it: a synchronous search cut there would report a total
		int maxPage = restfulServer.getPagingProvider().getMaximumPageSize();
		assertThat(new CqlEvaluationRepository(daoRegistry, new SystemRequestDetails(), restfulServer, maxPage + 1)
				.synchronousLimit()).isEqualTo(maxPage);
		assertThat(repository().synchronousLimit()).isEqualTo(LIMIT);
	}

	private List<String> weightIdsOf(String child) {
		CqlEvaluationRepository repository = repository();
		Multimap<String, List<IQueryParameterType>> query = ArrayListMultimap.create();
		query.put("subject", List.of(new ReferenceParam(child)));
		query.put("code", List.of(new TokenParam(TestData.LOINC, "29463-7")));
		// the header the engine's RepositoryRetrieveProvider sends with a retrieve in a subject's context
		Bundle firstPage = repository.search(Bundle.class, Observation.class, query,
				Map.of(IgRepository.FHIR_COMPARTMENT_HEADER, child));
		return new BundleMappingIterable<>(repository, firstPage,
				e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.toStream().collect(Collectors.toList());
	}

	private static List<String> allPatientIds(CqlEvaluationRepository repository) {
		Bundle firstPage = repository.search(Bundle.class, Patient.class, ArrayListMultimap.create(), Map.of());
		return new BundleMappingIterable<>(repository, firstPage,
				e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.toStream().collect(Collectors.toList());
	}

	private CqlEvaluationRepository repository() {
		return new CqlEvaluationRepository(daoRegistry, new SystemRequestDetails(), restfulServer, LIMIT);
	}

	/** The newest row of HAPI's search cache: rows after it are searches made since (a clock window would also catch
	 * the searches of the test just before on a fast machine). */
	private long lastCachedSearch() {
		Long pid = jdbc.queryForObject("select coalesce(max(pid), 0) from hfj_search", Long.class);
		return pid == null ? 0 : pid;
	}

	private int searchesCachedSince(long lastBefore) {
		return searchesCachedSince(lastBefore, "Observation");
	}

	private int searchesCachedSince(long lastBefore, String resourceType) {
		Integer count = jdbc.queryForObject("select count(*) from hfj_search where pid > ? and resource_type = ?",
				Integer.class, lastBefore, resourceType);
		return count == null ? 0 : count;
	}

	/** A child of Mường Lát with monthly weights from one month old; returns "Patient/id". */
	private String childWithWeights(String family, String given, int weights) {
		Patient patient = TestData.child(family, given, AdministrativeGender.MALE, "2024-01-10",
				TestData.COMMUNE_MUONG_LAT, "Xã Mường Lát");
		String id = client.create().resource(patient).execute().getId().toUnqualifiedVersionless().getValue();
		LocalDate visit = LocalDate.of(2024, 2, 10);
		for (int i = 0; i < weights; i++) {
			client.create().resource(TestData.weight(new Reference(id), visit.plusMonths(i).toString(), 4.5 + 0.6 * i))
					.execute();
		}
		return id;
	}
}
