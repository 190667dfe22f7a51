package vn.eccd.fhir.measure.indicator;

import java.util.List;
import vn.eccd.fhir.measure.flat.FhirRepresentation;

/** The SQL condition restricting eccd_flat_patient (alias {@code p}) to an evaluation's subject. */
public final class SubjectSql {

	private SubjectSql() {}

	/** @return an SQL fragment starting with {@code " and "} (or empty for everyone); its arguments are appended to args */
	public static String clause(SubjectFilter subject, List<Object> args) {
		if (subject instanceof SubjectFilter.OnePatient p) {
			args.add(p.patientId());
			return " and p.patient_id = ?";
		}
		if (subject instanceof SubjectFilter.ManagingOrganization o) {
			args.add(o.organizationId());
			return " and p.organization_id = ?";
		}
		if (subject instanceof SubjectFilter.Commune c) {
			args.add(c.communeCode());
			return " and p.commune_code = ?";
		}
		if (subject instanceof SubjectFilter.Province pr) {
			args.add(FhirRepresentation.ADMIN_UNIT_LIST);
			args.add(pr.provinceCode());
			return " and p.commune_code in (select code from eccd_admin_unit where list_version = ? and parent_code = ?)";
		}
		if (subject instanceof SubjectFilter.Members m) {
			if (m.patientIds().isEmpty()) {
				return " and 1 = 0";
			}
			args.addAll(m.patientIds());
			return " and p.patient_id in (" + String.join(",", m.patientIds().stream().map(x -> "?").toList()) + ")";
		}
		return "";
	}
}
