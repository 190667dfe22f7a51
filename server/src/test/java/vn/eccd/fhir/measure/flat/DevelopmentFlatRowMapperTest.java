package vn.eccd.fhir.measure.flat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** Development and care rows from records shaped like the IG examples (Lò Văn Minh, Mường Lát). */
class DevelopmentFlatRowMapperTest {

	@Test
	void screeningResultKeepsDomainDateAndInterpretation() {
		Observation o = new Observation();
		o.setId("ecd-minh-2026-learning");
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.getCode().addCoding(new Coding(DevelopmentFlatRowMapper.CS_DEVELOPMENT_DOMAIN, "learning", "Learning"));
		o.setSubject(new Reference("Patient/child-lo-van-minh"));
		o.setEffective(new DateTimeType("2026-09-12T23:00:00+07:00"));
		o.setValue(new IntegerType(3));
		o.addInterpretation().addCoding(new Coding(DevelopmentFlatRowMapper.CS_INTERPRETATION, "A", null));

		assertThat(DevelopmentFlatRowMapper.result(o)).isEqualTo(new DevelopmentFlatRows.ResultRow("ecd-minh-2026-learning",
				"child-lo-van-minh", "learning", LocalDate.of(2026, 9, 12), "final", "A"));
		o.getCode().getCodingFirstRep().setSystem("http://loinc.org").setCode("29463-7");
		assertThat(DevelopmentFlatRowMapper.result(o)).isNull();
	}

	@Test
	void carePlanReferralAndTask() {
		CarePlan plan = new CarePlan();
		plan.setId("cp-minh-development");
		plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
		plan.addCategory().addCoding(new Coding(DevelopmentFlatRowMapper.CS_CARE_PLAN_CATEGORY, "development", null));
		plan.setSubject(new Reference("Patient/child-lo-van-minh"));
		plan.setPeriod(new Period().setStartElement(new DateTimeType("2026-09-12")));
		assertThat(DevelopmentFlatRowMapper.carePlan(plan)).isEqualTo(new DevelopmentFlatRows.CarePlanRow("cp-minh-development",
				"child-lo-van-minh", "development", "active", LocalDate.of(2026, 9, 12), null));

		ServiceRequest referral = new ServiceRequest();
		referral.setId("ref-minh-development");
		referral.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		referral.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		referral.addCategory().addCoding(new Coding(DevelopmentFlatRowMapper.CS_REFERRAL_CATEGORY, "development-assessment", null));
		referral.setSubject(new Reference("Patient/child-lo-van-minh"));
		referral.setAuthoredOnElement(new DateTimeType("2026-09-12T10:00:00+07:00"));
		assertThat(DevelopmentFlatRowMapper.referral(referral)).isEqualTo(new DevelopmentFlatRows.ReferralRow("ref-minh-development",
				"child-lo-van-minh", "development-assessment", LocalDate.of(2026, 9, 12), "active", "order"));

		Task task = new Task();
		task.setId("task-ref-minh");
		task.addBasedOn(new Reference("ServiceRequest/ref-minh-development"));
		task.setStatus(Task.TaskStatus.COMPLETED);
		task.setFor(new Reference("Patient/child-lo-van-minh"));
		task.setLastModifiedElement(new DateTimeType("2026-10-20T08:00:00+07:00"));
		// without an execution period the last modification dates the completion
		assertThat(DevelopmentFlatRowMapper.referralTask(task)).isEqualTo(new DevelopmentFlatRows.ReferralTaskRow("task-ref-minh",
				"child-lo-van-minh", "ref-minh-development", "completed", LocalDate.of(2026, 10, 20)));
		task.setExecutionPeriod(new Period().setEndElement(new DateTimeType("2026-10-02T16:00:00+07:00")));
		assertThat(DevelopmentFlatRowMapper.referralTask(task).completedDate()).isEqualTo(LocalDate.of(2026, 10, 2));
	}
}
