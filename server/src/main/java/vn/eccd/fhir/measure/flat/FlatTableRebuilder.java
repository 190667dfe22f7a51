package vn.eccd.fhir.measure.flat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recreates every flattened table from the current versions of the resources HAPI stores, in one transaction
 * (readers see the old rows until it commits). Uses the same {@link FlatRowMapper} as the write interceptor, so a
 * rebuild of a consistent database yields identical rows.
 */
@Component
public class FlatTableRebuilder {

	private static final Logger log = LoggerFactory.getLogger(FlatTableRebuilder.class);
	private static final int CHUNK = 1000;

	private final DaoRegistry daoRegistry;
	private final FlatTableWriter writer;
	private final TransactionTemplate transaction;
	private final List<FlatTableSet> sets;

	public FlatTableRebuilder(DaoRegistry daoRegistry, FlatTableWriter writer, PlatformTransactionManager transactionManager,
			List<FlatTableSet> sets) {
		this.daoRegistry = daoRegistry;
		this.writer = writer;
		this.transaction = new TransactionTemplate(transactionManager);
		this.sets = List.copyOf(sets);
	}

	/**
	 * @param growthObservations Observations read for the growth table
	 * @param sets resources copied into each {@link FlatTableSet}, by its name
	 */
	public record Result(int patients, int immunizations, int growthObservations, Map<String, Integer> sets, long millis) {}

	public Result rebuild() {
		long start = System.currentTimeMillis();
		Result result = transaction.execute(status -> {
			writer.truncateAll();
			int patients = copy(Patient.class, chunk -> writer.insertPatients(
					chunk.stream().map(FlatRowMapper::patient).toList()));
			int immunizations = copy(Immunization.class, chunk -> writer.insertImmunizations(
					chunk.stream().map(FlatRowMapper::immunization).filter(Objects::nonNull).toList()));
			writer.recomputeAllValidity();
			int growth = copy(Observation.class, chunk -> writer.insertGrowth(
					chunk.stream().map(FlatRowMapper::growth).filter(Objects::nonNull).toList()));
			Map<String, Integer> copied = new LinkedHashMap<>();
			for (FlatTableSet set : sets) {
				set.truncate();
				int count = 0;
				for (Class<? extends org.hl7.fhir.instance.model.api.IBaseResource> type : set.sourceTypes()) {
					count += copy(type, set::insertAll);
				}
				copied.put(set.name(), count);
			}
			return new Result(patients, immunizations, growth, copied, 0);
		});
		long millis = System.currentTimeMillis() - start;
		log.info("Flattened tables rebuilt: {} patients, {} immunizations, {} observations read for growth, sets {} in {} ms",
				result.patients(), result.immunizations(), result.growthObservations(), result.sets(), millis);
		return new Result(result.patients(), result.immunizations(), result.growthObservations(), result.sets(), millis);
	}

	private <T extends org.hl7.fhir.instance.model.api.IBaseResource> int copy(Class<T> type,
			java.util.function.Consumer<List<T>> sink) {
		IFhirResourceDao<T> dao = daoRegistry.getResourceDao(type);
		SystemRequestDetails request = new SystemRequestDetails();
		List<IResourcePersistentId<?>> ids = dao.searchForIds(SearchParameterMap.newSynchronous(), request);
		List<T> chunk = new ArrayList<>(CHUNK);
		int count = 0;
		for (IResourcePersistentId<?> id : ids) {
			T resource = dao.readByPid(id);
			if (resource == null) {
				continue;
			}
			chunk.add(resource);
			count++;
			if (chunk.size() == CHUNK) {
				sink.accept(chunk);
				chunk = new ArrayList<>(CHUNK);
			}
		}
		if (!chunk.isEmpty()) {
			sink.accept(chunk);
		}
		return count;
	}
}
