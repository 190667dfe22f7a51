package vn.eccd.fhir.measure.async;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.annotation.PreDestroy;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs measure evaluations in the background for {@code Prefer: respond-async}. Each job is a FHIR {@code Task}
 * (status accepted → in-progress → completed | failed) whose output references the saved result (a MeasureReport,
 * or the Bundle of {@code Measure/$evaluate}), so the job's state is in the database, visible to any client, and
 * survives the request. A Task still open after a restart of the server is reported as interrupted.
 */
@Component
public class MeasureJobService {

	private static final Logger log = LoggerFactory.getLogger(MeasureJobService.class);
	static final String OUTPUT_RESULT = "result";
	static final String OUTPUT_HTTP_STATUS = "http-status";
	/** Task.instantiatesUri of our jobs (other Tasks on the server are not measure jobs). */
	static final String JOB_MARKER = "http://hl7.org/fhir/OperationDefinition/Measure-evaluate-measure";

	private final DaoRegistry daoRegistry;
	private final ExecutorService executor;
	/** Jobs accepted by this server process and not yet finished. */
	private final Set<String> running = ConcurrentHashMap.newKeySet();

	public MeasureJobService(DaoRegistry daoRegistry, MeasureAsyncProperties properties) {
		this.daoRegistry = daoRegistry;
		AtomicInteger n = new AtomicInteger();
		this.executor = Executors.newFixedThreadPool(properties.threads(), r -> {
			Thread thread = new Thread(r, "measure-async-" + n.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Records the job as a Task and starts it; returns the Task id. */
	public String submit(String operation, String request, Supplier<? extends Resource> work) {
		Task task = new Task();
		task.setStatus(Task.TaskStatus.ACCEPTED);
		task.setIntent(Task.TaskIntent.ORDER);
		task.setInstantiatesUri(JOB_MARKER);
		task.getCode().setText(operation);
		task.setAuthoredOn(new Date());
		task.addInput().setValue(new StringType(request)).getType().setText("request");
		String id = tasks().create(task, new SystemRequestDetails()).getId().getIdPart();
		running.add(id);
		executor.submit(() -> run(id, work));
		return id;
	}

	private void run(String id, Supplier<? extends Resource> work) {
		SystemRequestDetails system = new SystemRequestDetails();
		try {
			setStatus(id, Task.TaskStatus.INPROGRESS, null, null, null);
			Resource result = work.get();
			result.setId((String) null);
			@SuppressWarnings("unchecked")
			IFhirResourceDao<Resource> dao = (IFhirResourceDao<Resource>) daoRegistry.getResourceDao(result.fhirType());
			IIdType saved = dao.create(result, system).getId().toUnqualifiedVersionless();
			setStatus(id, Task.TaskStatus.COMPLETED, saved, null, null);
		} catch (BaseServerResponseException e) {
			setStatus(id, Task.TaskStatus.FAILED, null, e.getStatusCode(), e.getMessage());
		} catch (RuntimeException e) {
			log.error("Asynchronous measure evaluation {} failed", id, e);
			setStatus(id, Task.TaskStatus.FAILED, null, 500, e.getMessage());
		} finally {
			running.remove(id);
		}
	}

	private void setStatus(String id, Task.TaskStatus status, IIdType result, Integer httpStatus, String message) {
		Task task = tasks().read(new IdType("Task", id), new SystemRequestDetails());
		task.setStatus(status);
		task.setLastModified(new Date());
		if (result != null) {
			task.addOutput().setValue(new Reference(result.getValue())).getType().setText(OUTPUT_RESULT);
		}
		if (httpStatus != null) {
			task.addOutput().setValue(new IntegerType(httpStatus)).getType().setText(OUTPUT_HTTP_STATUS);
			task.getStatusReason().setText(message);
		}
		tasks().update(task, new SystemRequestDetails());
	}

	/** The job's Task, or empty when there is no such job. */
	public Optional<Task> task(String id) {
		try {
			Task task = tasks().read(new IdType("Task", id), new SystemRequestDetails());
			return JOB_MARKER.equals(task.getInstantiatesUri()) ? Optional.of(task) : Optional.empty();
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return Optional.empty();
		}
	}

	/** Accepted or running in this server process (a job left open by a previous process will never finish). */
	public boolean isRunningHere(String id) {
		return running.contains(id);
	}

	private IFhirResourceDao<Task> tasks() {
		return daoRegistry.getResourceDao(Task.class);
	}

	@PreDestroy
	void shutdown() {
		executor.shutdownNow();
	}
}
