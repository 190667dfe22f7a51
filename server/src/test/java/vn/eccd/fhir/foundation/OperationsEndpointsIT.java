package vn.eccd.fhir.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.eccd.fhir.storage.DatabasePlatform;
import vn.eccd.fhir.storage.DeferredIndexForeignKeys;
import vn.eccd.fhir.storage.HapiSchemaMigration;
import vn.eccd.fhir.support.AbstractFhirServerIT;

/** Health, and the split between HAPI's schema (HAPI's migrator) and ours (Liquibase). */
class OperationsEndpointsIT extends AbstractFhirServerIT {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DatabasePlatform platform;

	@Test
	void healthIsUpIncludingTheDatabase() {
		HttpResponse<String> health = get("/actuator/health");

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"db\":{\"status\":\"UP\"")
				.contains("PostgreSQL");
	}

	@Test
	void hapiSchemaIsRecordedByHapisMigratorAndOursByLiquibase() {
		Integer hapiTasks = jdbc.queryForObject("select count(*) from \"FLY_HFJ_MIGRATION\" where success = true", Integer.class);
		Integer ourChangeSets = jdbc.queryForObject(
				"select count(*) from databasechangelog where id like '0001-%'", Integer.class);

		assertThat(hapiTasks).isPositive();
		assertThat(ourChangeSets).isEqualTo(2);
	}

	@Test
	void runningHapisMigrationAgainOnTheSameDatabaseChangesNothing() {
		Integer recordedBefore = jdbc.queryForObject("select count(*) from \"FLY_HFJ_MIGRATION\"", Integer.class);

		var result = new HapiSchemaMigration(jdbc.getDataSource(), platform).migrate();

		assertThat(platform).isEqualTo(DatabasePlatform.POSTGRESQL);
		assertThat(result.succeededTasks).isEmpty();
		assertThat(result.changes).isZero();
		assertThat(jdbc.queryForObject("select count(*) from \"FLY_HFJ_MIGRATION\"", Integer.class))
				.isEqualTo(recordedBefore);
	}

	/** HAPI 8.8 index rows may be flushed before their resource with sorted inserts: their keys are checked at commit. */
	@Test
	void hapisTokenStringAndUriIndexKeysAreCheckedAtCommit() {
		List<String> deferred = jdbc.queryForList("""
				select rel.relname from pg_constraint con
				  join pg_class rel on rel.oid = con.conrelid join pg_class ref on ref.oid = con.confrelid
				 where con.contype = 'f' and ref.relname = 'hfj_resource' and con.condeferrable and con.condeferred
				 order by 1""", String.class);
		assertThat(deferred).containsExactly("hfj_spidx_string", "hfj_spidx_token", "hfj_spidx_uri");
		// idempotent: applying again at the next start changes nothing
		assertThat(DeferredIndexForeignKeys.apply(jdbc.getDataSource())).isEmpty();
	}

	@Test
	void communeRegistryHoldsThe2025AdministrativeUnits() {
		Integer provinces = jdbc.queryForObject(
				"select count(*) from eccd_admin_unit where list_version = '2025' and level = 'province'", Integer.class);
		Integer communes = jdbc.queryForObject(
				"select count(*) from eccd_admin_unit where list_version = '2025' and level = 'commune'", Integer.class);
		String hamRong = jdbc.queryForObject(
				"select name || '|' || parent_code from eccd_admin_unit where list_version = '2025' and code = '14758'",
				String.class);

		assertThat(provinces).isEqualTo(34);
		assertThat(communes).isEqualTo(3321);
		assertThat(hamRong).isEqualTo("Phường Hàm Rồng|38");
	}
}
