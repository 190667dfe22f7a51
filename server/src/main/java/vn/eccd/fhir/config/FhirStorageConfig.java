package vn.eccd.fhir.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.entity.StorageSettings;
import jakarta.persistence.EntityManagerFactory;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import vn.eccd.fhir.storage.DatabasePlatform;
import vn.eccd.fhir.storage.HapiSchemaMigration;

/**
 * Storage: the database platform, HAPI's schema migration, HAPI's storage settings and the JPA entity
 * manager. The entity manager waits for the migration, and Hibernate never changes the schema itself.
 */
@Configuration(proxyBeanMethods = false)
public class FhirStorageConfig {

	@Bean
	public DatabasePlatform databasePlatform(DataSourceProperties dataSourceProperties) {
		return DatabasePlatform.fromJdbcUrl(dataSourceProperties.determineUrl());
	}

	@Bean(initMethod = "migrate")
	public HapiSchemaMigration hapiSchemaMigration(DataSource dataSource, DatabasePlatform platform) {
		return new HapiSchemaMigration(dataSource, platform);
	}

	@Bean
	public JpaStorageSettings jpaStorageSettings(FhirServerProperties properties) {
		JpaStorageSettings settings = new JpaStorageSettings();
		settings.setAllowExternalReferences(properties.allowExternalReferences());
		settings.setAllowMultipleDelete(false);
		settings.setDeleteEnabled(true);
		settings.setExpungeEnabled(properties.expungeEnabled());
		// A record must point at resources that exist: never invent placeholder children or mothers.
		settings.setAutoCreatePlaceholderReferenceTargets(false);
		settings.setEnforceReferentialIntegrityOnWrite(true);
		settings.setEnforceReferentialIntegrityOnDelete(true);
		// No match-URL cache: under concurrent visit bundles a cached conditional-create match can point at a
		// resource whose creating transaction rolled back (seen as HAPI-0389 NPEs in the load benchmark).
		settings.setMatchUrlCacheEnabled(false);
		// meta.tag / meta.profile / meta.security stay in the stored resource (INLINE) instead of HAPI's shared
		// TagDefinition rows: HAPI caches those entities across transactions, and concurrent visits reusing one
		// (every visit declares the same profiles) failed with HTTP 500 "Illegal attempt to associate a collection
		// with two open sessions: TagDefinition", and the growth derivation's reads in a visit transaction with HAPI-2223
		// "possible non-threadsafe access to the session". _tag, _profile and _security are then ordinary indexed search
		// parameters (HAPI's built-in definitions). See docs/database.md.
		settings.setTagStorageMode(JpaStorageSettings.TagStorageModeEnum.INLINE);
		settings.setIndexMissingFields(StorageSettings.IndexEnabledEnum.DISABLED);
		// Coded values' display/text are not indexed for :text unless asked for (eccd.fhir.index-token-text).
		settings.setSuppressStringIndexingInTokens(!properties.indexTokenText());
		// Day-precision date searches compare the date as recorded (HAPI's date ordinals), whatever the time zone: the
		// growth derivation finds a visit's records with one exact-day search and relies on it (HAPI's default, pinned).
		settings.setUseOrdinalDatesForDayPrecisionSearches(true);
		settings.setDefaultSearchParamsCanBeOverridden(false);
		settings.setUniqueIndexesEnabled(true);
		settings.setMarkResourcesForReindexingUponSearchParameterChange(true);
		return settings;
	}

	@Bean
	public PartitionSettings partitionSettings() {
		// Partitioning stays off for now; records carry their commune/facility in the resource itself.
		return new PartitionSettings();
	}

	@Bean
	public SubscriptionSettings subscriptionSettings() {
		return new SubscriptionSettings();
	}

	@Primary
	@Bean
	@DependsOn("hapiSchemaMigration")
	public LocalContainerEntityManagerFactoryBean entityManagerFactory(
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings,
			JpaProperties jpaProperties,
			DataSource dataSource,
			DatabasePlatform platform) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		Map<String, Object> properties = new HashMap<>(jpaProperties.getProperties());
		properties.put(AvailableSettings.DIALECT, platform.hibernateDialect());
		// HAPI's migrator owns HAPI's schema: Hibernate must never create or alter tables.
		properties.put(AvailableSettings.HBM2DDL_AUTO, "none");
		properties.putIfAbsent(AvailableSettings.STATEMENT_BATCH_SIZE, "30");
		// Inserts sorted by table (one JDBC batch per table per flush) only where HAPI's index foreign keys are checked at
		// commit: HAPI 8.8's token, string and uri index rows do not reference their resource entity, so the sorter may
		// put one before its resource (hapifhir/hapi-fhir#7644, fixed after 8.8; see DeferredIndexForeignKeys).
		properties.putIfAbsent(AvailableSettings.ORDER_INSERTS, String.valueOf(platform.defersIndexForeignKeys()));
		properties.putIfAbsent(AvailableSettings.USE_SECOND_LEVEL_CACHE, "false");
		properties.putIfAbsent(AvailableSettings.USE_QUERY_CACHE, "false");
		properties.putIfAbsent("hibernate.search.enabled", "false");
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setJpaPropertyMap(properties);
		factory.setDataSource(dataSource);
		return factory;
	}

	@Bean
	@Primary
	public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}
}
