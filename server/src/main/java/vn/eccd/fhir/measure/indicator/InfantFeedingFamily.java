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
 * Counts {@link InfantFeedingRule} indicators: the children whose birth date can place them in the cohort, their
 * breastfeeding records of the indicator's kind, and the rule per child in Java.
 */
@Component
public class InfantFeedingFamily implements IndicatorFamily<InfantFeedingRule> {

	private final JdbcTemplate jdbc;

	public InfantFeedingFamily(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Class<InfantFeedingRule> ruleType() {
		return InfantFeedingRule.class;
	}

	@Override
	public IndicatorResult evaluate(InfantFeedingRule rule, LocalDate periodStart, LocalDate periodEnd, SubjectFilter subject) {
		boolean early = rule.criterion() == InfantFeedingRule.Criterion.EARLY_INITIATION;
		// born in the period, or (exclusive breastfeeding) under 6 months on some day of the period
		LocalDate from = early ? periodStart : periodStart.minusMonths(6).minusDays(1);
		List<Object> childArgs = new ArrayList<>(List.of(Date.valueOf(from), Date.valueOf(periodEnd)));
		String where = " where p.birth_date between ? and ?" + SubjectSql.clause(subject, childArgs);

		Map<String, CohortMember> children = new HashMap<>();
		List<Object> args = new ArrayList<>();
		args.add(FhirRepresentation.ADMIN_UNIT_LIST);
		args.addAll(childArgs);
		jdbc.query("select p.patient_id, p.birth_date, p.sex, p.ethnicity_code, p.commune_code, au.parent_code "
				+ "from eccd_flat_patient p left join eccd_admin_unit au on au.list_version = ? and au.code = p.commune_code"
				+ where, rs -> {
					children.put(rs.getString(1), new CohortMember(rs.getString(1), rs.getDate(2).toLocalDate(),
							rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
				}, args.toArray());

		Map<String, List<InfantFeedingRule.Feeding>> records = new HashMap<>();
		List<Object> recordArgs = new ArrayList<>(List.of(early ? "early-breastfeeding" : "breastfeeding-status"));
		recordArgs.addAll(childArgs);
		jdbc.query("select b.patient_id, b.kind, b.effective_date, b.status, b.value_code from eccd_flat_breastfeeding b "
				+ "join eccd_flat_patient p on p.patient_id = b.patient_id where b.kind = ? and"
				+ where.substring(" where".length()), rs -> {
					records.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new InfantFeedingRule.Feeding(
							rs.getString(2), MaternalCareFamily.date(rs, 3), rs.getString(4), rs.getString(5)));
				}, recordArgs.toArray());

		IndicatorResult result = new IndicatorResult();
		children.values().stream().sorted(Comparator.comparing(CohortMember::id)).forEach(child -> {
			List<InfantFeedingRule.Feeding> own = records.getOrDefault(child.id(), List.of());
			if (rule.inInitialPopulation(child.birthDate(), own, periodStart, periodEnd)) {
				result.add(child.id(), rule.inNumerator(child.birthDate(), own, periodStart, periodEnd), child.strata());
			}
		});
		return result;
	}
}
