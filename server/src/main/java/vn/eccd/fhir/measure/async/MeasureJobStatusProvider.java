package vn.eccd.fhir.measure.async;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * {@code GET [base]/$evaluate-measure-status?job={id}}: the status endpoint of an asynchronous evaluation (the URL
 * given in Content-Location when it was accepted). 202 with {@code X-Progress} while it runs; 200 with the saved
 * MeasureReport (or Bundle) when done; the evaluation's own error (e.g. 400 with its OperationOutcome) when it failed;
 * 404 for an unknown job.
 */
public class MeasureJobStatusProvider {

	public static final String OPERATION = "$evaluate-measure-status";

	private final MeasureJobService jobs;
	private final DaoRegistry daoRegistry;

	public MeasureJobStatusProvider(MeasureJobService jobs, DaoRegistry daoRegistry) {
		this.jobs = jobs;
		this.daoRegistry = daoRegistry;
	}

	/** The status URL of a job, for Content-Location. */
	public static String statusUrl(RequestDetails request, String jobId) {
		return request.getFhirServerBase() + "/" + OPERATION + "?job=" + jobId;
	}

	@Operation(name = OPERATION, idempotent = true)
	public IBaseResource status(@OperationParam(name = "job") String job, RequestDetails request) {
		if (job == null || job.isBlank()) {
			throw new InvalidRequestException("job is required (the id in the Content-Location of the accepted request)");
		}
		// read "running" before the Task: a job leaves the running set only after its Task is final, so a Task still
		// open although the job was not running before it was read can only belong to an interrupted process
		boolean runningHere = jobs.isRunningHere(job);
		Task task = jobs.task(job).orElseThrow(() -> new ResourceNotFoundException("Unknown evaluation job " + job));
		switch (task.getStatus()) {
			case COMPLETED: {
				Reference result = output(task, MeasureJobService.OUTPUT_RESULT).map(o -> (Reference) o.getValue())
						.orElseThrow(() -> new InternalErrorException("Job " + job + " completed without a result"));
				IdType id = new IdType(result.getReference());
				return daoRegistry.getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails());
			}
			case FAILED: {
				int status = output(task, MeasureJobService.OUTPUT_HTTP_STATUS)
						.map(o -> ((IntegerType) o.getValue()).getValue()).orElse(500);
				throw BaseServerResponseException.newInstance(status, task.getStatusReason().getText());
			}
			default: {
				if (!runningHere) {
					throw new InternalErrorException("Evaluation job " + job + " was interrupted (the server restarted); submit it again");
				}
				throw new AsyncRequestAccepted("Evaluation " + job + " is " + task.getStatus().toCode(), statusUrl(request, job),
						task.getStatus().toCode());
			}
		}
	}

	private static java.util.Optional<Task.TaskOutputComponent> output(Task task, String type) {
		return task.getOutput().stream().filter(o -> type.equals(o.getType().getText())).findFirst();
	}
}
