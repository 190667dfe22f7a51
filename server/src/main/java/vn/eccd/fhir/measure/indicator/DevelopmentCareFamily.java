package vn.eccd.fhir.measure.indicator;

import static vn.eccd.fhir.measure.indicator.MaternalCareFamily.date;

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
 * Counts {@link DevelopmentCareRule} indicators: the children 0-8 years at the end of the period, the records the
 * criterion reads for them, and the rule per child in Java; adds the age-group stratum (0-2, 3-5, 6-8 years).
 */
@Component
public class DevelopmentCareFamily implements IndicatorFamily<DevelopmentCareRule> {

	private final JdbcTemplate jdbc;

	public DevelopmentCareFamily(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Class<DevelopmentCareRule> ruleType() {
		return DevelopmentCareRule.class;
	}

	@Override
	public IndicatorResult evaluate(DevelopmentCareRule rule, LocalDate periodStart, LocalDate periodEnd, SubjectFilter subject) {
		// a superset of the birth dates 0-8 years at period end; the rule decides exactly
		List<Object> childArgs = new ArrayList<>(List.of(
				Date.valueOf(periodEnd.minusYears(DevelopmentCareRule.MAX_AGE_YEARS + 1).minusDays(1)), Date.valueOf(periodEnd)));
		String children = "select p.patient_id from eccd_flat_patient p where p.birth_date between ? and ?"
				+ SubjectSql.clause(subject, childArgs);

		Map<String, CohortMember> members = new HashMap<>();
		List<Object> args = new ArrayList<>();
		args.add(FhirRepresentation.ADMIN_UNIT_LIST);
		args.addAll(childArgs);
		jdbc.query("select p.patient_id, p.birth_date, p.sex, p.ethnicity_code, p.commune_code, au.parent_code "
				+ "from eccd_flat_patient p left join eccd_admin_unit au on au.list_version = ? and au.code = p.commune_code "
				+ "where p.patient_id in (" + children + ")", rs -> {
					members.put(rs.getString(1), new CohortMember(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getString(3),
							rs.getString(4), rs.getString(5), rs.getString(6)));
				}, args.toArray());

		Map<String, List<DevelopmentCareRule.Result>> results = new HashMap<>();
		Map<String, List<DevelopmentCareRule.CarePlan>> plans = new HashMap<>();
		Map<String, List<DevelopmentCareRule.Referral>> referrals = new HashMap<>();
		Map<String, List<DevelopmentCareRule.ReferralTask>> tasks = new HashMap<>();
		Object[] sub = childArgs.toArray();
		if (rule.criterion() != DevelopmentCareRule.Criterion.REFERRAL_COMPLETED_30_DAYS) {
			jdbc.query("select r.patient_id, r.effective_date, r.status, r.interpretation_code from eccd_flat_development_result r "
					+ "where r.patient_id in (" + children + ")", rs -> {
						results.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(
								new DevelopmentCareRule.Result(date(rs, 2), rs.getString(3), rs.getString(4)));
					}, sub);
		}
		if (rule.criterion() == DevelopmentCareRule.Criterion.AT_RISK_CARE_PLAN) {
			jdbc.query("select c.patient_id, c.category_code, c.status, c.period_start, c.period_end from eccd_flat_care_plan c "
					+ "where c.patient_id in (" + children + ")", rs -> {
						plans.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new DevelopmentCareRule.CarePlan(
								rs.getString(2), rs.getString(3), date(rs, 4), date(rs, 5)));
					}, sub);
		}
		if (rule.criterion() == DevelopmentCareRule.Criterion.REFERRAL_COMPLETED_30_DAYS) {
			jdbc.query("select s.patient_id, s.service_request_id, s.authored_date, s.status, s.intent from eccd_flat_referral s "
					+ "where s.patient_id in (" + children + ")", rs -> {
						referrals.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new DevelopmentCareRule.Referral(
								rs.getString(2), date(rs, 3), rs.getString(4), rs.getString(5)));
					}, sub);
			jdbc.query("select t.patient_id, t.service_request_id, t.status, t.completed_date from eccd_flat_referral_task t "
					+ "where t.patient_id in (" + children + ")", rs -> {
						tasks.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new DevelopmentCareRule.ReferralTask(
								rs.getString(2), rs.getString(3), date(rs, 4)));
					}, sub);
		}

		IndicatorResult result = new IndicatorResult();
		members.values().stream().sorted(Comparator.comparing(CohortMember::id)).forEach(member -> {
			DevelopmentCareRule.Child child = new DevelopmentCareRule.Child(member.birthDate(),
					results.getOrDefault(member.id(), List.of()), plans.getOrDefault(member.id(), List.of()),
					referrals.getOrDefault(member.id(), List.of()), tasks.getOrDefault(member.id(), List.of()));
			if (rule.inInitialPopulation(child, periodStart, periodEnd)) {
				Map<String, String> strata = member.strata();
				strata.put("age-group", DevelopmentCareRule.ageGroup(member.birthDate(), periodEnd));
				result.add(member.id(), rule.inNumerator(child, periodStart, periodEnd), strata);
			}
		});
		return result;
	}
}
