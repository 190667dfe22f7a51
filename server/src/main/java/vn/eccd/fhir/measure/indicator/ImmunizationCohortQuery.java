package vn.eccd.fhir.measure.indicator;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.eccd.fhir.measure.flat.FhirRepresentation;
import vn.eccd.fhir.measure.indicator.ImmunizationCoverageRule.Cohort;
import vn.eccd.fhir.measure.indicator.ImmunizationCoverageRule.Dose;

/**
 * The two indexed queries every immunization indicator family runs: the cohort's children (by birth date, within
 * the subject) and their doses of the indicator's vaccines, with the derived validity of each dose.
 */
@Component
public class ImmunizationCohortQuery {

	/** A cohort member and the doses (of the requested vaccines) recorded for them. */
	public record ChildDoses(CohortMember child, List<Dose> doses) {}

	private final JdbcTemplate jdbc;

	public ImmunizationCohortQuery(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Children whose anchor date ({@code cohort}) is in the period, sorted by id, with their doses of {@code vaccines}. */
	public List<ChildDoses> load(Cohort cohort, LocalDate periodStart, LocalDate periodEnd, SubjectFilter subject,
			Collection<String> vaccines) {
		LocalDate from = cohort.earliestBirthDate(periodStart);
		LocalDate to = cohort.latestBirthDate(periodEnd);

		List<Object> args = new ArrayList<>();
		args.add(FhirRepresentation.ADMIN_UNIT_LIST);
		args.add(Date.valueOf(from));
		args.add(Date.valueOf(to));
		String where = SubjectSql.clause(subject, args);
		String childSql = "select p.patient_id, p.birth_date, p.sex, p.ethnicity_code, p.commune_code, au.parent_code, "
				+ "p.deceased, p.deceased_date "
				+ "from eccd_flat_patient p left join eccd_admin_unit au on au.list_version = ? and au.code = p.commune_code "
				+ "where p.birth_date between ? and ?" + where;
		Map<String, CohortMember> children = new HashMap<>();
		jdbc.query(childSql, rs -> {
			LocalDate birth = rs.getDate(2).toLocalDate();
			LocalDate anchor = cohort.anchor(birth);
			if (!anchor.isBefore(periodStart) && !anchor.isAfter(periodEnd)) {
				String id = rs.getString(1);
				Date died = rs.getDate(8);
				children.put(id, new CohortMember(id, birth, rs.getString(3), rs.getString(4), rs.getString(5),
						rs.getString(6), rs.getObject(7) == null ? null : rs.getBoolean(7), died == null ? null : died.toLocalDate()));
			}
		}, args.toArray());

		Map<String, List<Dose>> doses = new HashMap<>();
		if (!children.isEmpty() && !vaccines.isEmpty()) {
			List<Object> doseArgs = new ArrayList<>();
			doseArgs.add(Date.valueOf(from));
			doseArgs.add(Date.valueOf(to));
			String doseWhere = SubjectSql.clause(subject, doseArgs);
			String placeholders = String.join(",", vaccines.stream().map(v -> "?").toList());
			doseArgs.addAll(vaccines);
			String doseSql = "select i.patient_id, i.vaccine_code, i.occurrence_date, i.status, i.dose_valid "
					+ "from eccd_flat_immunization i join eccd_flat_patient p on p.patient_id = i.patient_id "
					+ "where p.birth_date between ? and ?" + doseWhere + " and i.vaccine_code in (" + placeholders + ")";
			jdbc.query(doseSql, rs -> {
				String patientId = rs.getString(1);
				if (children.containsKey(patientId)) {
					Date date = rs.getDate(3);
					boolean validNull = rs.getObject(5) == null;
					doses.computeIfAbsent(patientId, k -> new ArrayList<>()).add(new Dose(rs.getString(2),
							date == null ? null : date.toLocalDate(), rs.getString(4), validNull ? null : rs.getBoolean(5)));
				}
			}, doseArgs.toArray());
		}
		return children.values().stream().sorted(Comparator.comparing(CohortMember::id))
				.map(child -> new ChildDoses(child, doses.getOrDefault(child.id(), List.of()))).toList();
	}
}
