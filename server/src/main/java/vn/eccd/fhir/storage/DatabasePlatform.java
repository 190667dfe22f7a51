package vn.eccd.fhir.storage;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;

/**
 * The database platforms we support, recognised from the JDBC URL so that an operator only sets
 * {@code SPRING_DATASOURCE_URL}: the Hibernate dialect and HAPI's migration driver follow from it.
 */
public enum DatabasePlatform {
	POSTGRESQL(HapiFhirPostgresDialect.class.getName(), DriverTypeEnum.POSTGRES_9_4),
	H2(HapiFhirH2Dialect.class.getName(), DriverTypeEnum.H2_EMBEDDED);

	private final String hibernateDialect;
	private final DriverTypeEnum migrationDriver;

	DatabasePlatform(String hibernateDialect, DriverTypeEnum migrationDriver) {
		this.hibernateDialect = hibernateDialect;
		this.migrationDriver = migrationDriver;
	}

	public static DatabasePlatform fromJdbcUrl(String jdbcUrl) {
		if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
			return POSTGRESQL;
		}
		if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:")) {
			return H2;
		}
		throw new IllegalStateException("Unsupported database URL '" + jdbcUrl
				+ "': use jdbc:postgresql://host:port/db (production) or jdbc:h2:file:... (embedded default)");
	}

	public String hibernateDialect() {
		return hibernateDialect;
	}

	public DriverTypeEnum migrationDriver() {
		return migrationDriver;
	}

	/**
	 * Whether HAPI's index foreign keys are checked at commit ({@link DeferredIndexForeignKeys}), which lets Hibernate
	 * sort inserts by table. H2 has no deferrable constraints: the embedded default keeps HAPI's unsorted inserts.
	 */
	public boolean defersIndexForeignKeys() {
		return this == POSTGRESQL;
	}
}
