package vn.eccd.fhir.measure.flat;

import java.sql.Types;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The flattened tables of the pregnancy and newborn indicators: pregnancies (EpisodeOfCare), ANC / delivery /
 * postnatal encounters, supplements given and breastfeeding observations. Kept in HAPI's write transaction by
 * {@link FlatTableSetInterceptor}.
 */
@Component
public class MaternalFlatTables extends JdbcFlatTableSet {

	static final String INSERT_PREGNANCY = "insert into eccd_flat_pregnancy "
			+ "(episode_id, patient_id, lmp_date, edd_date, status) values (?,?,?,?,?)";
	static final String INSERT_ENCOUNTER = "insert into eccd_flat_maternal_encounter "
			+ "(encounter_id, patient_id, kind, encounter_date, status, episode_id, skilled_attendant, place_code) values (?,?,?,?,?,?,?,?)";
	static final String INSERT_SUPPLEMENTATION = "insert into eccd_flat_supplementation "
			+ "(administration_id, patient_id, supplement_code, effective_date, status) values (?,?,?,?,?)";
	static final String INSERT_BREASTFEEDING = "insert into eccd_flat_breastfeeding "
			+ "(observation_id, patient_id, kind, effective_date, status, value_code) values (?,?,?,?,?,?)";

	public MaternalFlatTables(JdbcTemplate jdbc) {
		super(jdbc, "maternal", List.of(
				new Table(EpisodeOfCare.class, "eccd_flat_pregnancy", "episode_id"),
				new Table(Encounter.class, "eccd_flat_maternal_encounter", "encounter_id"),
				new Table(MedicationAdministration.class, "eccd_flat_supplementation", "administration_id"),
				new Table(Observation.class, "eccd_flat_breastfeeding", "observation_id")));
	}

	@Override
	public void insertAll(List<? extends IBaseResource> resources) {
		insert(INSERT_PREGNANCY, rows(resources, EpisodeOfCare.class, MaternalFlatRowMapper::pregnancy), (ps, r) -> {
			ps.setString(1, r.episodeId());
			ps.setString(2, r.patientId());
			setDate(ps, 3, r.lmpDate());
			setDate(ps, 4, r.eddDate());
			ps.setString(5, r.status());
		});
		insert(INSERT_ENCOUNTER, rows(resources, Encounter.class, MaternalFlatRowMapper::encounter), (ps, r) -> {
			ps.setString(1, r.encounterId());
			ps.setString(2, r.patientId());
			ps.setString(3, r.kind());
			setDate(ps, 4, r.encounterDate());
			ps.setString(5, r.status());
			ps.setString(6, r.episodeId());
			if (r.skilledAttendant() == null) {
				ps.setNull(7, Types.BOOLEAN);
			} else {
				ps.setBoolean(7, r.skilledAttendant());
			}
			ps.setString(8, r.placeCode());
		});
		insert(INSERT_SUPPLEMENTATION, rows(resources, MedicationAdministration.class, MaternalFlatRowMapper::supplementation),
				(ps, r) -> {
					ps.setString(1, r.administrationId());
					ps.setString(2, r.patientId());
					ps.setString(3, r.supplementCode());
					setDate(ps, 4, r.effectiveDate());
					ps.setString(5, r.status());
				});
		insert(INSERT_BREASTFEEDING, rows(resources, Observation.class, MaternalFlatRowMapper::breastfeeding), (ps, r) -> {
			ps.setString(1, r.observationId());
			ps.setString(2, r.patientId());
			ps.setString(3, r.kind());
			setDate(ps, 4, r.effectiveDate());
			ps.setString(5, r.status());
			ps.setString(6, r.valueCode());
		});
	}
}
