package vn.eccd.fhir.measure.indicator;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.eccd.fhir.measure.flat.FhirRepresentation;

/**
 * Evaluates an {@link Indicator} over the flattened tables: two indexed queries (the cohort's children by birth
 * date, and their doses of the indicator's vaccines), then the indicator's rule per child in Java. The rule code is
 * the same that the unit tests exercise on hand-built children.
 */
@Component
public class SqlIndicatorEvaluator {

	private final JdbcTemplate jdbc;

	public SqlIndicatorEvaluator(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	record Child(String id, LocalDate birthDate, String sex, String ethnicity, String commune, String province) {}

	public IndicatorResult evaluate(Indicator indicator, LocalDate periodStart, LocalDate periodEnd, SubjectFilter subject) {
		ImmunizationCoverageRule rule = indicator.rule();
		LocalDate from = rule.earliestBirthDate(periodStart);
		LocalDate to = rule.latestBirthDate(periodEnd);

		List<Object> args = new ArrayList<>();
		args.add(FhirRepresentation.ADMIN_UNIT_LIST);
		args.add(Date.valueOf(from));
		args.add(Date.valueOf(to));
		String where = subjectClause(subject, args);
		String childSql = "select p.patient_id, p.birth_date, p.sex, p.ethnicity_code, p.commune_code, au.parent_code "
				+ "from eccd_flat_patient p left join eccd_admin_unit au on au.list_version = ? and au.code = p.commune_code "
				+ "where p.birth_date between ? and ?" + where;
		Map<String, Child> children = new HashMap<>();
		jdbc.query(childSql, rs -> {
			LocalDate birth = rs.getDate(2).toLocalDate();
			if (rule.inInitialPopulation(birth, periodStart, periodEnd)) {
				String id = rs.getString(1);
				children.put(id, new Child(id, birth, rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
			}
		}, args.toArray());

		Map<String, List<ImmunizationCoverageRule.Dose>> doses = new HashMap<>();
		if (!children.isEmpty()) {
			List<Object> doseArgs = new ArrayList<>();
			doseArgs.add(Date.valueOf(from));
			doseArgs.add(Date.valueOf(to));
			String doseWhere = subjectClause(subject, doseArgs);
			String vaccines = String.join(",", rule.vaccines().stream().map(v -> "?").toList());
			doseArgs.addAll(rule.vaccines());
			String doseSql = "select i.patient_id, i.vaccine_code, i.occurrence_date, i.status, i.dose_valid "
					+ "from eccd_flat_immunization i join eccd_flat_patient p on p.patient_id = i.patient_id "
					+ "where p.birth_date between ? and ?" + doseWhere + " and i.vaccine_code in (" + vaccines + ")";
			jdbc.query(doseSql, rs -> {
				String patientId = rs.getString(1);
				if (children.containsKey(patientId)) {
					Date date = rs.getDate(3);
					boolean validNull = rs.getObject(5) == null;
					doses.computeIfAbsent(patientId, k -> new ArrayList<>()).add(new ImmunizationCoverageRule.Dose(
							rs.getString(2), date == null ? null : date.toLocalDate(), rs.getString(4),
							validNull ? null : rs.getBoolean(5)));
				}
			}, doseArgs.toArray());
		}

		IndicatorResult result = new IndicatorResult();
		children.values().stream().sorted(java.util.Comparator.comparing(Child::id)).forEach(child -> {
			boolean numerator = rule.inNumerator(child.birthDate(), doses.getOrDefault(child.id(), List.of()));
			Map<String, String> strata = new HashMap<>();
			strata.put("commune", child.commune());
			strata.put("province", child.province());
			strata.put("sex", child.sex());
			strata.put("ethnicity", child.ethnicity());
			result.add(child.id(), numerator, strata);
		});
		return result;
	}

	private static String subjectClause(SubjectFilter subject, List<Object> args) {
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
