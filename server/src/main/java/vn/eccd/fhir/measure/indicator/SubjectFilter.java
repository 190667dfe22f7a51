package vn.eccd.fhir.measure.indicator;

import java.util.Set;

/**
 * Whose records an evaluation covers, resolved from the {@code subject} parameter: everything, one child, the
 * children managed by a commune health station, those living in a commune or province, or a Group's members.
 */
public sealed interface SubjectFilter {

	record Everyone() implements SubjectFilter {}

	record OnePatient(String patientId) implements SubjectFilter {}

	record ManagingOrganization(String organizationId) implements SubjectFilter {}

	record Commune(String communeCode) implements SubjectFilter {}

	record Province(String provinceCode) implements SubjectFilter {}

	record Members(Set<String> patientIds) implements SubjectFilter {}
}
