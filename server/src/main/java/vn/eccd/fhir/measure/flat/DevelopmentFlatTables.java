package vn.eccd.fhir.measure.flat;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The flattened tables of the development and care indicators: developmental screening results (one row per
 * domain result), care plans, referrals and the tasks that track them. Kept in HAPI's write transaction by
 * {@link FlatTableSetInterceptor}.
 */
@Component
public class DevelopmentFlatTables extends JdbcFlatTableSet {

	public DevelopmentFlatTables(JdbcTemplate jdbc) {
		super(jdbc, "development", List.of(
				new Table(Observation.class, "eccd_flat_development_result", "observation_id"),
				new Table(CarePlan.class, "eccd_flat_care_plan", "care_plan_id"),
				new Table(ServiceRequest.class, "eccd_flat_referral", "service_request_id"),
				new Table(Task.class, "eccd_flat_referral_task", "task_id")));
	}

	@Override
	public void insertAll(List<? extends IBaseResource> resources) {
		insert("insert into eccd_flat_development_result (observation_id, patient_id, domain_code, effective_date, "
				+ "status, interpretation_code) values (?,?,?,?,?,?)",
				rows(resources, Observation.class, DevelopmentFlatRowMapper::result), (ps, r) -> {
					ps.setString(1, r.observationId());
					ps.setString(2, r.patientId());
					ps.setString(3, r.domainCode());
					setDate(ps, 4, r.effectiveDate());
					ps.setString(5, r.status());
					ps.setString(6, r.interpretationCode());
				});
		insert("insert into eccd_flat_care_plan (care_plan_id, patient_id, category_code, status, period_start, "
				+ "period_end) values (?,?,?,?,?,?)",
				rows(resources, CarePlan.class, DevelopmentFlatRowMapper::carePlan), (ps, r) -> {
					ps.setString(1, r.carePlanId());
					ps.setString(2, r.patientId());
					ps.setString(3, r.categoryCode());
					ps.setString(4, r.status());
					setDate(ps, 5, r.periodStart());
					setDate(ps, 6, r.periodEnd());
				});
		insert("insert into eccd_flat_referral (service_request_id, patient_id, category_code, authored_date, status, "
				+ "intent) values (?,?,?,?,?,?)",
				rows(resources, ServiceRequest.class, DevelopmentFlatRowMapper::referral), (ps, r) -> {
					ps.setString(1, r.serviceRequestId());
					ps.setString(2, r.patientId());
					ps.setString(3, r.categoryCode());
					setDate(ps, 4, r.authoredDate());
					ps.setString(5, r.status());
					ps.setString(6, r.intent());
				});
		insert("insert into eccd_flat_referral_task (task_id, patient_id, service_request_id, status, completed_date) "
				+ "values (?,?,?,?,?)",
				rows(resources, Task.class, DevelopmentFlatRowMapper::referralTask), (ps, r) -> {
					ps.setString(1, r.taskId());
					ps.setString(2, r.patientId());
					ps.setString(3, r.serviceRequestId());
					ps.setString(4, r.status());
					setDate(ps, 5, r.completedDate());
				});
	}
}
