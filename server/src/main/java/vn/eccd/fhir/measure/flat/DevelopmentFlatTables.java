package vn.eccd.fhir.measure.flat;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The flattened tables of the development and care indicators: developmental screening results, care plans,
 * referrals and referral tasks. Written with plain JDBC inside HAPI's write transaction (see
 * {@link FlatTableSetInterceptor}).
 */
@Component
public class DevelopmentFlatTables implements FlatTableSet {

	private final JdbcTemplate jdbc;

	public DevelopmentFlatTables(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String name() {
		return "development";
	}

	@Override
	public List<Class<? extends IBaseResource>> sourceTypes() {
		return List.of(Observation.class, CarePlan.class, ServiceRequest.class, Task.class);
	}

	@Override
	public void upsert(IBaseResource resource) {
		if (resource instanceof Observation || resource instanceof CarePlan || resource instanceof ServiceRequest
				|| resource instanceof Task) {
			delete(resource.fhirType(), resource.getIdElement().getIdPart());
			insertAll(List.of(resource));
		}
	}

	@Override
	public void delete(String resourceType, String idPart) {
		switch (resourceType) {
			case "Observation" -> jdbc.update("delete from eccd_flat_development_result where observation_id = ?", idPart);
			case "CarePlan" -> jdbc.update("delete from eccd_flat_care_plan where care_plan_id = ?", idPart);
			case "ServiceRequest" -> jdbc.update("delete from eccd_flat_referral where service_request_id = ?", idPart);
			case "Task" -> jdbc.update("delete from eccd_flat_referral_task where task_id = ?", idPart);
			default -> { }
		}
	}

	@Override
	public void truncate() {
		jdbc.update("delete from eccd_flat_development_result");
		jdbc.update("delete from eccd_flat_care_plan");
		jdbc.update("delete from eccd_flat_referral");
		jdbc.update("delete from eccd_flat_referral_task");
	}

	@Override
	public void insertAll(List<? extends IBaseResource> resources) {
		List<DevelopmentFlatRows.ResultRow> results = rows(resources, Observation.class, DevelopmentFlatRowMapper::result);
		List<DevelopmentFlatRows.CarePlanRow> plans = rows(resources, CarePlan.class, DevelopmentFlatRowMapper::carePlan);
		List<DevelopmentFlatRows.ReferralRow> referrals = rows(resources, ServiceRequest.class, DevelopmentFlatRowMapper::referral);
		List<DevelopmentFlatRows.ReferralTaskRow> tasks = rows(resources, Task.class, DevelopmentFlatRowMapper::referralTask);
		if (!results.isEmpty()) {
			jdbc.batchUpdate("insert into eccd_flat_development_result (observation_id, patient_id, domain_code, effective_date, "
					+ "status, interpretation_code) values (?,?,?,?,?,?)", results, 500, (ps, r) -> {
						ps.setString(1, r.observationId());
						ps.setString(2, r.patientId());
						ps.setString(3, r.domainCode());
						setDate(ps, 4, r.effectiveDate());
						ps.setString(5, r.status());
						ps.setString(6, r.interpretationCode());
					});
		}
		if (!plans.isEmpty()) {
			jdbc.batchUpdate("insert into eccd_flat_care_plan (care_plan_id, patient_id, category_code, status, period_start, "
					+ "period_end) values (?,?,?,?,?,?)", plans, 500, (ps, r) -> {
						ps.setString(1, r.carePlanId());
						ps.setString(2, r.patientId());
						ps.setString(3, r.categoryCode());
						ps.setString(4, r.status());
						setDate(ps, 5, r.periodStart());
						setDate(ps, 6, r.periodEnd());
					});
		}
		if (!referrals.isEmpty()) {
			jdbc.batchUpdate("insert into eccd_flat_referral (service_request_id, patient_id, category_code, authored_date, status, "
					+ "intent) values (?,?,?,?,?,?)", referrals, 500, (ps, r) -> {
						ps.setString(1, r.serviceRequestId());
						ps.setString(2, r.patientId());
						ps.setString(3, r.categoryCode());
						setDate(ps, 4, r.authoredDate());
						ps.setString(5, r.status());
						ps.setString(6, r.intent());
					});
		}
		if (!tasks.isEmpty()) {
			jdbc.batchUpdate("insert into eccd_flat_referral_task (task_id, patient_id, service_request_id, status, completed_date) "
					+ "values (?,?,?,?,?)", tasks, 500, (ps, r) -> {
						ps.setString(1, r.taskId());
						ps.setString(2, r.patientId());
						ps.setString(3, r.serviceRequestId());
						ps.setString(4, r.status());
						setDate(ps, 5, r.completedDate());
					});
		}
	}

	private static <T, R> List<R> rows(List<? extends IBaseResource> resources, Class<T> type, Function<T, R> mapper) {
		return resources.stream().filter(type::isInstance).map(type::cast).map(mapper).filter(Objects::nonNull).toList();
	}

	private static void setDate(PreparedStatement ps, int index, LocalDate value) throws SQLException {
		if (value == null) {
			ps.setNull(index, Types.DATE);
		} else {
			ps.setDate(index, Date.valueOf(value));
		}
	}
}
