package vn.eccd.fhir.config;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.narrative.INarrativeGenerator;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import java.util.List;
import org.apache.commons.lang3.StringUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The FHIR REST endpoint at {@code /fhir}: HAPI's generated resource providers, the system provider
 * (transaction/batch, {@code _history}), terminology operations, bulk export, and whatever
 * {@link FhirServerCustomizer}s the capability packages contribute (interceptors and operations).
 */
@Configuration(proxyBeanMethods = false)
public class FhirRestConfig {

	public static final String FHIR_PATH = "/fhir";

	@Bean
	public RestfulServer fhirRestfulServer(
			IFhirSystemDao<?, ?> systemDao,
			ResourceProviderFactory resourceProviderFactory,
			JpaSystemProvider<?, ?> systemProvider,
			ValueSetOperationProvider valueSetOperationProvider,
			BulkDataExportProvider bulkDataExportProvider,
			DatabaseBackedPagingProvider pagingProvider,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			FhirServerProperties properties,
			ObjectProvider<BuildProperties> buildProperties,
			List<FhirServerCustomizer> customizers) {
		RestfulServer server = new RestfulServer(systemDao.getContext());
		// Narratives are the sender's business; generating them costs time on every write.
		systemDao.getContext().setNarrativeGenerator((INarrativeGenerator) null);

		server.registerProviders(resourceProviderFactory.createProviders());
		server.registerProvider(systemProvider);
		server.registerProvider(valueSetOperationProvider);
		server.registerProvider(bulkDataExportProvider);

		JpaCapabilityStatementProvider capabilityStatement = new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport);
		capabilityStatement.setImplementationDescription(
				"ECCD FHIR: early childhood health records for Viet Nam (pregnancy, immunization, growth, development)");
		server.setServerConformanceProvider(capabilityStatement);
		server.setServerName("ECCD FHIR Server");
		BuildProperties build = buildProperties.getIfAvailable();
		server.setServerVersion(build != null ? build.getVersion() : "dev");

		// HAPI's paging provider keeps result pages in the database, so any node can serve the next page.
		pagingProvider.setDefaultPageSize(properties.defaultPageSize());
		pagingProvider.setMaximumPageSize(properties.maxPageSize());
		server.setPagingProvider(pagingProvider);
		server.setDefaultPrettyPrint(false);
		server.registerInterceptor(new ResponseHighlighterInterceptor());
		server.setServerAddressStrategy(StringUtils.isNotBlank(properties.serverAddress())
				? new HardcodedServerAddressStrategy(properties.serverAddress())
				: new IncomingRequestAddressStrategy());

		customizers.forEach(customizer -> customizer.customize(server));
		return server;
	}

	@Bean
	public ServletRegistrationBean<RestfulServer> fhirServletRegistration(RestfulServer fhirRestfulServer) {
		ServletRegistrationBean<RestfulServer> registration =
				new ServletRegistrationBean<>(fhirRestfulServer, FHIR_PATH + "/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}
}
