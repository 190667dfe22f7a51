package vn.eccd.fhir.measure.indicator;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.eccd.fhir.immunization.ImmunizationEngine;
import vn.eccd.fhir.immunization.ImmunizationModel;
import vn.eccd.fhir.measure.flat.FhirRepresentation;

/**
 * Counts {@link MaternalCareRule} indicators: the women with a delivery in the period (stratified by their own
 * residence and ethnicity, eccd_flat_patient), then only the records the criterion reads, for those women, and the
 * rule per woman in Java.
 */
@Component
public class MaternalCareFamily implements IndicatorFamily<MaternalCareRule> {

	private final JdbcTemplate jdbc;
	private final MaternalCareRule.TetanusProtection tetanus;

	public MaternalCareFamily(JdbcTemplate jdbc, ImmunizationEngine engine) {
		this.jdbc = jdbc;
		this.tetanus = tetanusProtection(engine);
	}

	/** The immunization capability's maternal tetanus status (WHO protection at birth) on flattened doses. */
	public static MaternalCareRule.TetanusProtection tetanusProtection(ImmunizationEngine engine) {
		return (doses, delivery) -> engine.maternalTetanusProtection(doses.stream()
				.map(d -> new ImmunizationModel.AdministeredDose(null, d.vaccineCode(), d.date())).toList(), delivery)
				.protectedAtDelivery();
	}

	@Override
	public Class<MaternalCareRule> ruleType() {
		return MaternalCareRule.class;
	}

	@Override
	public IndicatorResult evaluate(MaternalCareRule rule, LocalDate periodStart, LocalDate periodEnd, SubjectFilter subject) {
		// the women delivering in the period, as a sub-query reused by every record query
		List<Object> womenArgs = new ArrayList<>(List.of(Date.valueOf(periodStart), Date.valueOf(periodEnd)));
		String women = "select d.patient_id from eccd_flat_maternal_encounter d join eccd_flat_patient p on p.patient_id = d.patient_id "
				+ "where d.kind = 'delivery' and d.encounter_date between ? and ?" + SubjectSql.clause(subject, womenArgs);

		Map<String, CohortMember> members = new HashMap<>();
		List<Object> memberArgs = new ArrayList<>();
		memberArgs.add(FhirRepresentation.ADMIN_UNIT_LIST);
		memberArgs.addAll(womenArgs);
		jdbc.query("select p.patient_id, p.birth_date, p.sex, p.ethnicity_code, p.commune_code, au.parent_code "
				+ "from eccd_flat_patient p left join eccd_admin_unit au on au.list_version = ? and au.code = p.commune_code "
				+ "where p.patient_id in (" + women + ")", rs -> {
					Date birth = rs.getDate(2);
					members.put(rs.getString(1), new CohortMember(rs.getString(1), birth == null ? null : birth.toLocalDate(),
							rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
				}, memberArgs.toArray());

		Map<String, List<MaternalCareRule.Contact>> deliveries = new HashMap<>();
		Map<String, List<MaternalCareRule.Contact>> anc = new HashMap<>();
		Map<String, List<MaternalCareRule.Contact>> pnc = new HashMap<>();
		String encounterKinds = switch (rule.criterion()) {
			case ANC_4_CONTACTS, ANC_FIRST_TRIMESTER -> "'delivery', 'anc-contact'";
			case PNC_WITHIN_7_DAYS -> "'delivery', 'pnc-contact'";
			default -> "'delivery'";
		};
		jdbc.query("select e.patient_id, e.kind, e.encounter_date, e.status, e.episode_id, e.skilled_attendant "
				+ "from eccd_flat_maternal_encounter e where e.kind in (" + encounterKinds + ") and e.patient_id in (" + women + ")",
				rs -> {
					String kind = rs.getString(2);
					Map<String, List<MaternalCareRule.Contact>> target = "delivery".equals(kind) ? deliveries
							: "anc-contact".equals(kind) ? anc : pnc;
					target.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new MaternalCareRule.Contact(
							date(rs, 3), rs.getString(4), rs.getString(5), nullableBoolean(rs, 6)));
				}, womenArgs.toArray());

		Map<String, Map<String, MaternalCareRule.Pregnancy>> pregnancies = new HashMap<>();
		if (rule.criterion() == MaternalCareRule.Criterion.ANC_FIRST_TRIMESTER) {
			jdbc.query("select g.patient_id, g.episode_id, g.lmp_date, g.edd_date from eccd_flat_pregnancy g "
					+ "where g.patient_id in (" + women + ")", rs -> {
						pregnancies.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
								.put(rs.getString(2), new MaternalCareRule.Pregnancy(date(rs, 3), date(rs, 4)));
					}, womenArgs.toArray());
		}
		Map<String, List<ImmunizationCoverageRule.Dose>> doses = new HashMap<>();
		if (rule.criterion() == MaternalCareRule.Criterion.TETANUS_PROTECTED) {
			List<Object> args = new ArrayList<>(MaternalCareRule.TETANUS_VACCINES);
			args.addAll(womenArgs);
			// dose_valid is the children's EPI rule; the maternal tetanus rule (as its CQL) judges the woman's doses
			// itself, with the intervals of the women's TT/Td schedule, so it is not read here
			jdbc.query("select i.patient_id, i.vaccine_code, i.occurrence_date, i.status from eccd_flat_immunization i "
					+ "where i.vaccine_code in (?, ?) and i.patient_id in (" + women + ")", rs -> {
						doses.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new ImmunizationCoverageRule.Dose(
								rs.getString(2), date(rs, 3), rs.getString(4), null));
					}, args.toArray());
		}
		Map<String, List<MaternalCareRule.Supplement>> supplements = new HashMap<>();
		if (rule.criterion() == MaternalCareRule.Criterion.IRON_FOLIC_ACID) {
			List<Object> args = new ArrayList<>(List.of(MaternalCareRule.IRON_FOLIC_ACID));
			args.addAll(womenArgs);
			jdbc.query("select s.patient_id, s.supplement_code, s.effective_date, s.status from eccd_flat_supplementation s "
					+ "where s.supplement_code = ? and s.patient_id in (" + women + ")", rs -> {
						supplements.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(
								new MaternalCareRule.Supplement(rs.getString(2), date(rs, 3), rs.getString(4)));
					}, args.toArray());
		}

		IndicatorResult result = new IndicatorResult();
		members.values().stream().sorted(Comparator.comparing(CohortMember::id)).forEach(woman -> {
			List<MaternalCareRule.Contact> hers = deliveries.getOrDefault(woman.id(), List.of());
			Optional<LocalDate> delivery = MaternalCareRule.caseDeliveryDate(hers, periodStart, periodEnd);
			if (delivery.isPresent()) {
				MaternalCareRule.Woman records = new MaternalCareRule.Woman(hers, anc.getOrDefault(woman.id(), List.of()),
						pnc.getOrDefault(woman.id(), List.of()), pregnancies.getOrDefault(woman.id(), Map.of()),
						doses.getOrDefault(woman.id(), List.of()), supplements.getOrDefault(woman.id(), List.of()));
				result.add(woman.id(), rule.inNumerator(records, delivery.get(), tetanus), woman.strata());
			}
		});
		return result;
	}

	static LocalDate date(ResultSet rs, int column) throws SQLException {
		Date date = rs.getDate(column);
		return date == null ? null : date.toLocalDate();
	}

	static Boolean nullableBoolean(ResultSet rs, int column) throws SQLException {
		boolean value = rs.getBoolean(column);
		return rs.wasNull() ? null : value;
	}
}
