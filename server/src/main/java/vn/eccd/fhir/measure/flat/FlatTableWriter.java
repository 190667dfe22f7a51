package vn.eccd.fhir.measure.flat;

import java.sql.Date;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.eccd.fhir.immunization.ProductDoseRules;

/**
 * Writes flattened rows with plain JDBC on the application's DataSource. Called inside HAPI's write transaction,
 * the JdbcTemplate joins it (JpaTransactionManager exposes its connection), so a resource and its row commit or
 * roll back together.
 *
 * <p>{@code dose_valid} depends on the child's other doses of the same product (and on the birth date), so every
 * write of an Immunization or a Patient recomputes it for the whole child ({@link #recomputeValidity}): a dose
 * recorded late, corrected or deleted can make another dose valid or invalid. The child's patient row is locked
 * first ({@code select … for update}), so two transactions writing doses of the same child recompute one after the other.
 */
@Component
public class FlatTableWriter {

	static final String INSERT_PATIENT = "insert into eccd_flat_patient "
			+ "(patient_id, birth_date, sex, ethnicity_code, commune_code, organization_id, deceased, deceased_date) values (?,?,?,?,?,?,?,?)";
	static final String INSERT_IMMUNIZATION = "insert into eccd_flat_immunization "
			+ "(immunization_id, patient_id, vaccine_code, occurrence_date, status, dose_valid, organization_id) values (?,?,?,?,?,?,?)";

	static final String INSERT_GROWTH = "insert into eccd_flat_growth (observation_id, patient_id, visit_date, item, "
			+ "status, z_score, flagged, muac_cm, oedema, underweight_status, stunting_status, wasting_status, "
			+ "acute_malnutrition_status) values (?,?,?,?,?,?,?,?,?,?,?,?,?)";

	private final JdbcTemplate jdbc;
	private final ProductDoseRules doseRules;
	/** One instance: {@link FlatRowsAtCommit} groups a transaction's changes by sink. */
	private final FlatRowSink growthRows = this::replaceGrowthRows;

	public FlatTableWriter(JdbcTemplate jdbc, ProductDoseRules doseRules) {
		this.jdbc = jdbc;
		this.doseRules = doseRules;
	}

	/**
	 * The growth table ({@code eccd_flat_growth}, one row per growth Observation the nutrition indicators read) as a
	 * sink for {@link FlatRowsAtCommit}: its rows depend on nothing but their own Observation, so a transaction's
	 * changes can be written together at commit.
	 */
	public FlatRowSink growthRows() {
		return growthRows;
	}

	private void replaceGrowthRows(String resourceType, Collection<String> ids, List<IBaseResource> current) {
		if (!"Observation".equals(resourceType) || ids.isEmpty()) {
			return;
		}
		JdbcFlatTableSet.deleteRows(jdbc, "eccd_flat_growth", "observation_id", ids);
		insertGrowth(current.stream().map(o -> FlatRowMapper.growth((Observation) o)).filter(Objects::nonNull).toList());
	}

	/**
	 * The row of a created Patient or Immunization; other types are ignored (growth rows: {@link #growthRows()}). A
	 * stale row with the same id (rows loaded around HAPI) is replaced, but no other child's doses need recomputing.
	 */
	public void insert(IBaseResource resource) {
		if (resource instanceof Patient patient) {
			jdbc.update("delete from eccd_flat_patient where patient_id = ?", patient.getIdElement().getIdPart());
			insertPatients(List.of(FlatRowMapper.patient(patient)));
			recomputeValidity(patient.getIdElement().getIdPart()); // doses written before their patient in the same transaction
		} else if (resource instanceof Immunization immunization) {
			jdbc.update("delete from eccd_flat_immunization where immunization_id = ?", immunization.getIdElement().getIdPart());
			FlatRows.ImmunizationRow row = FlatRowMapper.immunization(immunization);
			if (row != null) {
				insertImmunizations(List.of(row));
				recomputeValidity(row.patientId());
			}
		}
	}

	/** Replaces the row of an updated Patient or Immunization; other types are ignored. */
	public void upsert(IBaseResource resource) {
		if (resource instanceof Patient patient) {
			String id = patient.getIdElement().getIdPart();
			jdbc.update("delete from eccd_flat_patient where patient_id = ?", id);
			insertPatients(List.of(FlatRowMapper.patient(patient)));
			recomputeValidity(id);
		} else if (resource instanceof Immunization immunization) {
			String id = immunization.getIdElement().getIdPart();
			String previousPatient = deleteImmunization(id);
			FlatRows.ImmunizationRow row = FlatRowMapper.immunization(immunization);
			if (row != null) {
				insertImmunizations(List.of(row));
			}
			Set<String> children = new LinkedHashSet<>();
			if (previousPatient != null) {
				children.add(previousPatient);
			}
			if (row != null) {
				children.add(row.patientId());
			}
			children.forEach(this::recomputeValidity);
		}
	}

	public void delete(String resourceType, String idPart) {
		switch (resourceType) {
			case "Patient" -> jdbc.update("delete from eccd_flat_patient where patient_id = ?", idPart);
			case "Immunization" -> {
				String patient = deleteImmunization(idPart);
				if (patient != null) {
					recomputeValidity(patient);
				}
			}
			default -> { }
		}
	}

	/** @return the patient the deleted row belonged to (null when there was no row) */
	private String deleteImmunization(String immunizationId) {
		List<String> patients = jdbc.queryForList("select patient_id from eccd_flat_immunization where immunization_id = ?",
				String.class, immunizationId);
		jdbc.update("delete from eccd_flat_immunization where immunization_id = ?", immunizationId);
		return patients.isEmpty() ? null : patients.get(0);
	}

	/** Recomputes dose_valid of every flattened dose of one child (rows whose value is unchanged are not written). */
	public void recomputeValidity(String patientId) {
		List<LocalDate> birth = jdbc.query("select birth_date from eccd_flat_patient where patient_id = ? for update",
				(rs, i) -> rs.getDate(1) == null ? null : rs.getDate(1).toLocalDate(), patientId);
		List<StoredDose> doses = jdbc.query("select immunization_id, vaccine_code, occurrence_date, status, dose_valid "
				+ "from eccd_flat_immunization where patient_id = ?", (rs, i) -> storedDose(rs), patientId);
		writeValidity(birth.isEmpty() ? null : birth.get(0), doses);
	}

	/** Recomputes dose_valid for every child (after a rebuild). */
	public void recomputeAllValidity() {
		Map<String, LocalDate> births = new HashMap<>();
		jdbc.query("select patient_id, birth_date from eccd_flat_patient", rs -> {
			births.put(rs.getString(1), rs.getDate(2) == null ? null : rs.getDate(2).toLocalDate());
		});
		Map<String, List<StoredDose>> byChild = new HashMap<>();
		jdbc.query("select immunization_id, vaccine_code, occurrence_date, status, dose_valid, patient_id from eccd_flat_immunization",
				rs -> {
					byChild.computeIfAbsent(rs.getString(6), k -> new ArrayList<>()).add(storedDose(rs));
				});
		byChild.forEach((patient, doses) -> writeValidity(births.get(patient), doses));
	}

	private record StoredDose(ProductDoseRules.Dose dose, Boolean stored) {}

	private static StoredDose storedDose(java.sql.ResultSet rs) throws java.sql.SQLException {
		Date date = rs.getDate(3);
		return new StoredDose(new ProductDoseRules.Dose(rs.getString(1), rs.getString(2),
				date == null ? null : date.toLocalDate(), "completed".equals(rs.getString(4))),
				rs.getObject(5) == null ? null : rs.getBoolean(5));
	}

	private void writeValidity(LocalDate birthDate, List<StoredDose> doses) {
		Map<String, Boolean> validity = doseRules.evaluate(birthDate, doses.stream().map(StoredDose::dose).toList());
		List<StoredDose> changed = doses.stream()
				.filter(d -> !Objects.equals(d.stored(), validity.get(d.dose().id()))).toList();
		jdbc.batchUpdate("update eccd_flat_immunization set dose_valid = ? where immunization_id = ?", changed, 500, (ps, d) -> {
			setBoolean(ps, 1, validity.get(d.dose().id()));
			ps.setString(2, d.dose().id());
		});
	}

	public static boolean isFlattened(String resourceType) {
		return "Patient".equals(resourceType) || "Immunization".equals(resourceType);
	}

	public void insertPatients(List<FlatRows.PatientRow> rows) {
		jdbc.batchUpdate(INSERT_PATIENT, rows, 500, (ps, r) -> {
			ps.setString(1, r.patientId());
			JdbcFlatTableSet.setDate(ps, 2, r.birthDate());
			ps.setString(3, r.sex());
			ps.setString(4, r.ethnicityCode());
			ps.setString(5, r.communeCode());
			ps.setString(6, r.organizationId());
			setBoolean(ps, 7, r.deceased());
			JdbcFlatTableSet.setDate(ps, 8, r.deceasedDate());
		});
	}

	public void insertImmunizations(List<FlatRows.ImmunizationRow> rows) {
		jdbc.batchUpdate(INSERT_IMMUNIZATION, rows, 500, (ps, r) -> {
			ps.setString(1, r.immunizationId());
			ps.setString(2, r.patientId());
			ps.setString(3, r.vaccineCode());
			JdbcFlatTableSet.setDate(ps, 4, r.occurrenceDate());
			ps.setString(5, r.status());
			setBoolean(ps, 6, r.doseValid());
			ps.setString(7, r.organizationId());
		});
	}

	public void insertGrowth(List<FlatRows.GrowthRow> rows) {
		if (rows.isEmpty()) {
			return; // e.g. a transaction of vital signs: no statement at all
		}
		jdbc.batchUpdate(INSERT_GROWTH, rows, 500, (ps, r) -> {
			ps.setString(1, r.observationId());
			ps.setString(2, r.patientId());
			JdbcFlatTableSet.setDate(ps, 3, r.visitDate());
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

	private static void setBoolean(java.sql.PreparedStatement ps, int index, Boolean value) throws java.sql.SQLException {
		if (value == null) {
			ps.setNull(index, Types.BOOLEAN);
		} else {
			ps.setBoolean(index, value);
		}
	}
}
