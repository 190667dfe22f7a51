package vn.eccd.fhir.storage;

import ca.uhn.fhir.jpa.migrate.HapiMigrator;
import ca.uhn.fhir.jpa.migrate.MigrationResult;
import ca.uhn.fhir.jpa.migrate.SchemaMigrator;
import ca.uhn.fhir.jpa.migrate.tasks.HapiFhirJpaMigrationTasks;
import ca.uhn.fhir.util.VersionEnum;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades HAPI FHIR's own tables with HAPI's own migrator (the same task list the HAPI CLI's
 * {@code migrate-database} runs), before Hibernate starts. On an empty database the first task lays down the
 * whole current schema; on an existing one only the tasks not yet recorded in {@code FLY_HFJ_MIGRATION} run, so
 * a restart changes nothing. On PostgreSQL the foreign keys of three index tables are then made deferred
 * ({@link DeferredIndexForeignKeys}). Tables the project owns are Liquibase's business (see docs/database.md).
 */
public class HapiSchemaMigration {

	private static final Logger log = LoggerFactory.getLogger(HapiSchemaMigration.class);

	private final DataSource dataSource;
	private final DatabasePlatform platform;

	public HapiSchemaMigration(DataSource dataSource, DatabasePlatform platform) {
		this.dataSource = dataSource;
		this.platform = platform;
	}

	public MigrationResult migrate() {
		HapiMigrator migrator =
				new HapiMigrator(SchemaMigrator.HAPI_FHIR_MIGRATION_TABLENAME, dataSource, platform.migrationDriver());
		migrator.createMigrationTableIfRequired();
		migrator.addTasks(new HapiFhirJpaMigrationTasks(Set.of()).getAllTasks(VersionEnum.values()));
		MigrationResult result = migrator.migrate();
		log.info("HAPI FHIR schema migration on {}: {} task(s) run, {} change(s)",
				platform, result.succeededTasks.size(), result.changes);
		if (!result.failedTasks.isEmpty()) {
			throw new IllegalStateException("HAPI FHIR schema migration failed: " + result.summary());
		}
		if (platform.defersIndexForeignKeys()) {
			DeferredIndexForeignKeys.apply(dataSource);
		}
		return result;
	}
}
