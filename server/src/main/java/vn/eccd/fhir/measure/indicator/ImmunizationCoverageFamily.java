package vn.eccd.fhir.measure.indicator;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.eccd.fhir.measure.flat.FhirRepresentation;

/**
 * Counts {@link ImmunizationCoverageRule} indicators: two indexed queries (the cohort's children by birth date, and
 * their doses of the indicator's vaccines), then the rule per child in Java — the same rule code the unit tests
 * exercise on hand-built children.
 */
@Component
public class ImmunizationCoverageFamily implements IndicatorFamily<ImmunizationCoverageRule> {

	private final JdbcTemplate jdbc;

	public ImmunizationCoverageFamily(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Class<ImmunizationCoverageRule> ruleType() {
		return ImmunizationCoverageRule.class;
	}

	@Override
	public IndicatorResult evaluate(ImmunizationCoverageRule rule, LocalDate periodStart, LocalDate periodEnd,
			SubjectFilter subject) {
		LocalDate from = rule.earliestBirthDate(periodStart);
		LocalDate to = rule.latestBirthDate(periodEnd);

		List<Object> args = new ArrayList<>();
		args.add(FhirRepresentation.ADMIN_UNIT_LIST);
		args.add(Date.valueOf(from));
		args.add(Date.valueOf(to));
		String where = SubjectSql.clause(subject, args);
		String childSql = "select p.patient_id, p.birth_date, p.sex, p.ethnicity_code, p.commune_code, au.parent_code "
				+ "from eccd_flat_patient p left join eccd_admin_unit au on au.list_version = ? and au.code = p.commune_code "
				+ "where p.birth_date between ? and ?" + where;
		Map<String, CohortMember> children = new HashMap<>();
		jdbc.query(childSql, rs -> {
			LocalDate birth = rs.getDate(2).toLocalDate();
			if (rule.inInitialPopulation(birth, periodStart, periodEnd)) {
				String id = rs.getString(1);
				children.put(id, new CohortMember(id, birth, rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
			}
		}, args.toArray());

		Map<String, List<ImmunizationCoverageRule.Dose>> doses = new HashMap<>();
		if (!children.isEmpty()) {
			List<Object> doseArgs = new ArrayList<>();
			doseArgs.add(Date.valueOf(from));
			doseArgs.add(Date.valueOf(to));
			String doseWhere = SubjectSql.clause(subject, doseArgs);
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
		children.values().stream().sorted(Comparator.comparing(CohortMember::id)).forEach(child -> {
			boolean numerator = rule.inNumerator(child.birthDate(), doses.getOrDefault(child.id(), List.of()));
			result.add(child.id(), numerator, child.strata());
		});
		return result;
	}
}
