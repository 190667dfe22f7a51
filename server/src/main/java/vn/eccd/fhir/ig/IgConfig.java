package vn.eccd.fhir.ig;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.config.JpaConfig;
import ca.uhn.fhir.jpa.term.TermReadSvcImpl;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.springframework.beans.factory.annotation.Qualifier;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.eccd.fhir.config.FhirServerCustomizer;

/**
 * The implementation guide in the server: the package from the classpath, its installation at start-up, profile
 * validation of every REST write, and the profiles listed in the CapabilityStatement.
 */
@Configuration(proxyBeanMethods = false)
public class IgConfig {

	private static final Logger LOG = LoggerFactory.getLogger(IgConfig.class);

	@Bean
	public IgPackage igPackage(IgProperties properties) {
		return IgPackage.fromClasspath(properties.packageResource());
	}

	@Bean
	public ProfileSelector igProfileSelector(IgPackage igPackage, FhirContext fhirContext, IgProperties properties) {
		return new ProfileSelector(igPackage.structureDefinitions(fhirContext), properties.validation().defaultProfiles());
	}

	@Bean
	public IgPackageInstaller igPackageInstaller(IPackageInstallerSvc installer, IHapiPackageCacheManager packageCache,
			IgPackage igPackage, IgProperties properties) {
		return new IgPackageInstaller(installer, packageCache, igPackage, properties.installOnStartup());
	}

	/**
	 * The validator's own support chain, in memory and cached: FHIR core definitions, our package (profiles,
	 * extensions, code systems and value sets, read from the classpath once), in-memory terminology for them and
	 * for the small FHIR code systems, snapshot generation, and last the resources stored in the database (for
	 * what is not in the package). Validating a code against the 13,000 administrative units then costs a hash
	 * lookup instead of a terminology query.
	 */
	@Bean
	public ProfileValidationInterceptor profileValidationInterceptor(FhirContext fhirContext,
			@Qualifier(JpaConfig.JPA_VALIDATION_SUPPORT) IValidationSupport jpaValidationSupport,
			DefaultProfileValidationSupport defaultProfileValidationSupport, ProfileSelector igProfileSelector,
			IgProperties properties, MeterRegistry meterRegistry) throws IOException {
		NpmPackageValidationSupport ig = new NpmPackageValidationSupport(fhirContext);
		ig.loadPackageFromClasspath("classpath:" + properties.packageResource());
		ValidationSupportChain chain = new ValidationSupportChain(
				ValidationSupportChain.CacheConfiguration.defaultValues(),
				defaultProfileValidationSupport,
				ig,
				new InMemoryTerminologyServerValidationSupport(fhirContext),
				new CommonCodeSystemsTerminologyService(fhirContext),
				new SnapshotGeneratingValidationSupport(fhirContext),
				jpaValidationSupport);
		ProfileValidationInterceptor interceptor =
				new ProfileValidationInterceptor(fhirContext, chain, igProfileSelector, properties.validation(), meterRegistry);
		if (properties.validation().enabled()) {
			interceptor.warmUp();
		}
		return interceptor;
	}

	/**
	 * HAPI decides whether Hibernate Search is available from the presence of its full-text service bean, which
	 * HapiJpaConfig always declares; our deployments run without Hibernate Search
	 * ({@code hibernate.search.enabled=false}), so without this {@code ValueSet/$expand} of a stored code system
	 * fails with HSEARCH800001. HAPI then expands from its terminology tables instead.
	 */
	@Bean
	public Object igTerminologyWithoutHibernateSearch() {
		TermReadSvcImpl.setForceDisableHibernateSearchForUnitTest(true);
		return new Object();
	}

	@Bean
	public FhirServerCustomizer igServerCustomizer(ObjectProvider<ProfileValidationInterceptor> validation,
			ProfileSelector igProfileSelector, IgProperties properties) {
		return server -> {
			if (properties.validation().enabled()) {
				server.registerInterceptor(validation.getObject());
				LOG.info("Profile validation on write enabled");
			} else {
				LOG.warn("Profile validation on write DISABLED (eccd.ig.validation.enabled=false)");
			}
			server.registerInterceptor(new SupportedProfilesInterceptor(igProfileSelector.profilesByType()));
		};
	}

	/** Adds our profiles to {@code CapabilityStatement.rest.resource.supportedProfile} at /fhir/metadata. */
	public static final class SupportedProfilesInterceptor {
		private final Map<String, List<String>> profilesByType;

		SupportedProfilesInterceptor(Map<String, List<String>> profilesByType) {
			this.profilesByType = profilesByType;
		}

		@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
		public void addProfiles(IBaseConformance capabilityStatement) {
			if (!(capabilityStatement instanceof CapabilityStatement cs)) {
				return;
			}
			for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
				for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
					for (String url : profilesByType.getOrDefault(resource.getType(), List.of())) {
						if (resource.getSupportedProfile().stream().noneMatch(p -> url.equals(p.getValue()))) {
							resource.addSupportedProfile(url);
						}
					}
				}
			}
			cs.addImplementationGuide("https://fhir.eccd.vn/ImplementationGuide/vn.eccd.fhir");
		}
	}
}
