package vn.eccd.fhir.measure.flat;

import java.sql.Date;
import java.sql.Types;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes flattened rows with plain JDBC on the application's DataSource. Called inside HAPI's write transaction,
 * the JdbcTemplate joins it (JpaTransactionManager exposes its connection), so a resource and its row commit or
 * roll back together.
 */
@Component
public class FlatTableWriter {

	static final String INSERT_PATIENT = "insert into eccd_flat_patient "
			+ "(patient_id, birth_date, sex, ethnicity_code, commune_code, organization_id, deceased) values (?,?,?,?,?,?,?)";
	static final String INSERT_IMMUNIZATION = "insert into eccd_flat_immunization "
			+ "(immunization_id, patient_id, vaccine_code, occurrence_date, status, dose_valid, organization_id) values (?,?,?,?,?,?,?)";

	static final String INSERT_GROWTH = "insert into eccd_flat_growth (observation_id, patient_id, visit_date, item, "
			+ "status, z_score, flagged, muac_cm, oedema, underweight_status, stunting_status, wasting_status, "
			+ "acute_malnutrition_status) values (?,?,?,?,?,?,?,?,?,?,?,?,?)";

	private final JdbcTemplate jdbc;

	public FlatTableWriter(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Replaces the row(s) of a created or updated resource; types without a flattened table are ignored. */
	public void upsert(IBaseResource resource) {
		if (resource instanceof Patient patient) {
			delete("Patient", patient.getIdElement().getIdPart());
			insertPatients(List.of(FlatRowMapper.patient(patient)));
		} else if (resource instanceof Immunization immunization) {
			delete("Immunization", immunization.getIdElement().getIdPart());
			FlatRows.ImmunizationRow row = FlatRowMapper.immunization(immunization);
			if (row != null) {
				insertImmunizations(List.of(row));
			}
		} else if (resource instanceof Observation observation) {
			delete("Observation", observation.getIdElement().getIdPart());
			FlatRows.GrowthRow row = FlatRowMapper.growth(observation);
			if (row != null) {
				insertGrowth(List.of(row));
			}
		}
	}

	public void delete(String resourceType, String idPart) {
		switch (resourceType) {
			case "Patient" -> jdbc.update("delete from eccd_flat_patient where patient_id = ?", idPart);
			case "Immunization" -> jdbc.update("delete from eccd_flat_immunization where immunization_id = ?", idPart);
			case "Observation" -> jdbc.update("delete from eccd_flat_growth where observation_id = ?", idPart);
			default -> { }
		}
	}

	public static boolean isFlattened(String resourceType) {
		return "Patient".equals(resourceType) || "Immunization".equals(resourceType) || "Observation".equals(resourceType);
	}

	public void insertPatients(List<FlatRows.PatientRow> rows) {
		jdbc.batchUpdate(INSERT_PATIENT, rows, 500, (ps, r) -> {
			ps.setString(1, r.patientId());
			setDate(ps, 2, r.birthDate());
			ps.setString(3, r.sex());
			ps.setString(4, r.ethnicityCode());
			ps.setString(5, r.communeCode());
			ps.setString(6, r.organizationId());
			setBoolean(ps, 7, r.deceased());
		});
	}

	public void insertImmunizations(List<FlatRows.ImmunizationRow> rows) {
		jdbc.batchUpdate(INSERT_IMMUNIZATION, rows, 500, (ps, r) -> {
			ps.setString(1, r.immunizationId());
			ps.setString(2, r.patientId());
			ps.setString(3, r.vaccineCode());
			setDate(ps, 4, r.occurrenceDate());
			ps.setString(5, r.status());
			setBoolean(ps, 6, r.doseValid());
			ps.setString(7, r.organizationId());
		});
	}

	public void insertGrowth(List<FlatRows.GrowthRow> rows) {
		jdbc.batchUpdate(INSERT_GROWTH, rows, 500, (ps, r) -> {
			ps.setString(1, r.observationId());
			ps.setString(2, r.patientId());
			setDate(ps, 3, r.visitDate());
			ps.setString(4, r.item());
			ps.setString(5, r.status());
			ps.setBigDecimal(6, r.zScore());
			setBoolean(ps, 7, r.flagged());
			ps.setBigDecimal(8, r.muacCm());
			setBoolean(ps, 9, r.oedema());
			ps.setString(10, r.underweightStatus());
			ps.setString(11, r.stuntingStatus());
			ps.setString(12, r.wastingStatus());
			ps.setString(13, r.acuteMalnutritionStatus());
		});
	}

	public void truncateAll() {
		jdbc.update("delete from eccd_flat_growth");
		jdbc.update("delete from eccd_flat_immunization");
		jdbc.update("delete from eccd_flat_patient");
	}

	private static void setDate(java.sql.PreparedStatement ps, int index, java.time.LocalDate value) throws java.sql.SQLException {
		if (value == null) {
			ps.setNull(index, Types.DATE);
		} else {
			ps.setDate(index, Date.valueOf(value));
		}
	}

	private static void setBoolean(java.sql.PreparedStatement ps, int index, Boolean value) throws java.sql.SQLException {
		if (value == null) {
			ps.setNull(index, Types.BOOLEAN);
		} else {
			ps.setBoolean(index, value);
		}
	}
}
