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
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The flattened tables of the pregnancy and newborn indicators: pregnancies (EpisodeOfCare), ANC / delivery /
 * postnatal encounters, supplements given and breastfeeding observations. Written with plain JDBC on the
 * application DataSource, so inside HAPI's write transaction (see {@link FlatTableSetInterceptor}).
 */
@Component
public class MaternalFlatTables implements FlatTableSet {

	static final String INSERT_PREGNANCY = "insert into eccd_flat_pregnancy "
			+ "(episode_id, patient_id, lmp_date, edd_date, status) values (?,?,?,?,?)";
	static final String INSERT_ENCOUNTER = "insert into eccd_flat_maternal_encounter "
			+ "(encounter_id, patient_id, kind, encounter_date, status, episode_id, skilled_attendant, place_code) values (?,?,?,?,?,?,?,?)";
	static final String INSERT_SUPPLEMENTATION = "insert into eccd_flat_supplementation "
			+ "(administration_id, patient_id, supplement_code, effective_date, status) values (?,?,?,?,?)";
	static final String INSERT_BREASTFEEDING = "insert into eccd_flat_breastfeeding "
			+ "(observation_id, patient_id, kind, effective_date, status, value_code) values (?,?,?,?,?,?)";

	private final JdbcTemplate jdbc;

	public MaternalFlatTables(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String name() {
		return "maternal";
	}

	@Override
	public List<Class<? extends IBaseResource>> sourceTypes() {
		return List.of(EpisodeOfCare.class, Encounter.class, MedicationAdministration.class, Observation.class);
	}

	@Override
	public void upsert(IBaseResource resource) {
		if (resource instanceof EpisodeOfCare || resource instanceof Encounter || resource instanceof MedicationAdministration
				|| resource instanceof Observation) {
			delete(resource.fhirType(), resource.getIdElement().getIdPart());
			insertAll(List.of(resource));
		}
	}

	@Override
	public void delete(String resourceType, String idPart) {
		switch (resourceType) {
			case "EpisodeOfCare" -> jdbc.update("delete from eccd_flat_pregnancy where episode_id = ?", idPart);
			case "Encounter" -> jdbc.update("delete from eccd_flat_maternal_encounter where encounter_id = ?", idPart);
			case "MedicationAdministration" -> jdbc.update("delete from eccd_flat_supplementation where administration_id = ?", idPart);
			case "Observation" -> jdbc.update("delete from eccd_flat_breastfeeding where observation_id = ?", idPart);
			default -> { }
		}
	}

	@Override
	public void truncate() {
		jdbc.update("delete from eccd_flat_pregnancy");
		jdbc.update("delete from eccd_flat_maternal_encounter");
		jdbc.update("delete from eccd_flat_supplementation");
		jdbc.update("delete from eccd_flat_breastfeeding");
	}

	@Override
	public void insertAll(List<? extends IBaseResource> resources) {
		List<MaternalFlatRows.PregnancyRow> pregnancies = rows(resources, EpisodeOfCare.class, MaternalFlatRowMapper::pregnancy);
		List<MaternalFlatRows.EncounterRow> encounters = rows(resources, Encounter.class, MaternalFlatRowMapper::encounter);
		List<MaternalFlatRows.SupplementationRow> supplements = rows(resources, MedicationAdministration.class,
				MaternalFlatRowMapper::supplementation);
		List<MaternalFlatRows.BreastfeedingRow> breastfeeding = rows(resources, Observation.class, MaternalFlatRowMapper::breastfeeding);
		if (!pregnancies.isEmpty()) {
			jdbc.batchUpdate(INSERT_PREGNANCY, pregnancies, 500, (ps, r) -> {
				ps.setString(1, r.episodeId());
				ps.setString(2, r.patientId());
				setDate(ps, 3, r.lmpDate());
				setDate(ps, 4, r.eddDate());
				ps.setString(5, r.status());
			});
		}
		if (!encounters.isEmpty()) {
			jdbc.batchUpdate(INSERT_ENCOUNTER, encounters, 500, (ps, r) -> {
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
		}
		if (!supplements.isEmpty()) {
			jdbc.batchUpdate(INSERT_SUPPLEMENTATION, supplements, 500, (ps, r) -> {
				ps.setString(1, r.administrationId());
				ps.setString(2, r.patientId());
				ps.setString(3, r.supplementCode());
				setDate(ps, 4, r.effectiveDate());
				ps.setString(5, r.status());
			});
		}
		if (!breastfeeding.isEmpty()) {
			jdbc.batchUpdate(INSERT_BREASTFEEDING, breastfeeding, 500, (ps, r) -> {
				ps.setString(1, r.observationId());
				ps.setString(2, r.patientId());
				ps.setString(3, r.kind());
				setDate(ps, 4, r.effectiveDate());
				ps.setString(5, r.status());
				ps.setString(6, r.valueCode());
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
