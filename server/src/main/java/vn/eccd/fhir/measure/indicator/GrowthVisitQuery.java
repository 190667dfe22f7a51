package vn.eccd.fhir.measure.indicator;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.eccd.fhir.measure.flat.FhirRepresentation;

/** Reads the children (eccd_flat_patient) and their visits (view eccd_flat_growth_visit) a nutrition indicator needs. */
@Component
public class GrowthVisitQuery {

	private static final String PATIENT_COLUMNS = "p.patient_id, p.birth_date, p.sex, p.ethnicity_code, p.commune_code, au.parent_code";
	private static final String PATIENT_JOIN = " left join eccd_admin_unit au on au.list_version = ? and au.code = p.commune_code";

	private final JdbcTemplate jdbc;
	private final SharedReads shared;

	public GrowthVisitQuery(JdbcTemplate jdbc, SharedReads shared) {
		this.jdbc = jdbc;
		this.shared = shared;
	}

	private record Read(String what, List<Object> arguments) {}

	/** The subject's children born between the two dates (inclusive), by id (read-only). */
	public Map<String, CohortMember> children(LocalDate bornFrom, LocalDate bornTo, SubjectFilter subject) {
		return shared.read(new Read("children", List.of(bornFrom, bornTo, subject)),
				() -> Collections.unmodifiableMap(loadChildren(bornFrom, bornTo, subject)));
	}

	/** The visits in the period of the subject's children born between the two dates, by patient id (read-only). */
	public Map<String, List<GrowthVisit>> visits(LocalDate bornFrom, LocalDate bornTo, LocalDate periodStart,
			LocalDate periodEnd, SubjectFilter subject) {
		return shared.read(new Read("visits", List.of(bornFrom, bornTo, periodStart, periodEnd, subject)),
				() -> Collections.unmodifiableMap(loadVisits(bornFrom, bornTo, periodStart, periodEnd, subject)));
	}

	private Map<String, CohortMember> loadChildren(LocalDate bornFrom, LocalDate bornTo, SubjectFilter subject) {
		List<Object> args = new ArrayList<>(List.of(FhirRepresentation.ADMIN_UNIT_LIST, Date.valueOf(bornFrom), Date.valueOf(bornTo)));
		String sql = "select " + PATIENT_COLUMNS + " from eccd_flat_patient p" + PATIENT_JOIN
				+ " where p.birth_date between ? and ?" + SubjectSql.clause(subject, args);
		Map<String, CohortMember> children = new HashMap<>();
		jdbc.query(sql, rs -> {
			CohortMember child = member(rs);
			children.put(child.id(), child);
		}, args.toArray());
		return children;
	}

	private Map<String, List<GrowthVisit>> loadVisits(LocalDate bornFrom, LocalDate bornTo, LocalDate periodStart,
			LocalDate periodEnd, SubjectFilter subject) {
		List<Object> args = new ArrayList<>(List.of(Date.valueOf(periodStart), Date.valueOf(periodEnd),
				Date.valueOf(bornFrom), Date.valueOf(bornTo)));
		String sql = "select v.patient_id, v.visit_date, v.waz, v.waz_flagged, v.haz, v.haz_flagged, v.whz, v.whz_flagged, "
				+ "v.baz, v.baz_flagged, v.muac_cm, v.oedema from eccd_flat_growth_visit v "
				+ "join eccd_flat_patient p on p.patient_id = v.patient_id "
				+ "where v.visit_date between ? and ? and p.birth_date between ? and ?" + SubjectSql.clause(subject, args);
		Map<String, List<GrowthVisit>> visits = new HashMap<>();
		jdbc.query(sql, rs -> {
			visits.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new GrowthVisit(rs.getDate(2).toLocalDate(),
					decimal(rs, 3), rs.getBoolean(4), decimal(rs, 5), rs.getBoolean(6), decimal(rs, 7), rs.getBoolean(8),
					decimal(rs, 9), rs.getBoolean(10), decimal(rs, 11), rs.getBoolean(12)));
		}, args.toArray());
		return visits;
	}

	private static CohortMember member(ResultSet rs) throws SQLException {
		return new CohortMember(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4),
				rs.getString(5), rs.getString(6));
	}

	private static Double decimal(ResultSet rs, int column) throws SQLException {
		BigDecimal value = rs.getBigDecimal(column);
		return value == null ? null : value.doubleValue();
	}
}
