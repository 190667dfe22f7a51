package vn.eccd.fhir.measure.async;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * A 202 Accepted answer with headers (FHIR asynchronous request pattern): HAPI's plain providers return resources
 * with 200, and the only way they offer to choose another status and add headers without writing the servlet
 * response by hand is a {@link BaseServerResponseException}, rendered with its OperationOutcome as the body.
 */
public class AsyncRequestAccepted extends BaseServerResponseException {

	public AsyncRequestAccepted(String message, String contentLocation, String progress) {
		super(202, message, outcome(message));
		addResponseHeader("Content-Location", contentLocation);
		if (progress != null) {
			addResponseHeader("X-Progress", progress);
		}
	}

	private static OperationOutcome outcome(String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
				.setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics(message);
		return outcome;
	}
}
