package vn.eccd.fhir.ig;

import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallOutcomeJson;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Installs the IG package from the classpath when the application starts, before the HTTP port opens: its
 * StructureDefinitions, CodeSystems, ValueSets, ConceptMaps, NamingSystems and Questionnaires become readable
 * resources, and its CodeSystems are stored in HAPI's terminology tables so {@code $expand}, {@code $lookup} and
 * {@code $validate-code} work. No network: the package bytes are given to HAPI directly and dependencies are
 * not fetched (FHIR core definitions come with HAPI).
 *
 * <p>Idempotent and cheap on restart: when the package cache already holds this name#version with exactly the
 * same content (SHA-256 over its files), nothing is done. A rebuilt package with the same version (development) replaces the
 * cached copy and updates the installed resources.
 */
public class IgPackageInstaller implements SmartInitializingSingleton {

	private static final Logger LOG = LoggerFactory.getLogger(IgPackageInstaller.class);

	private final IPackageInstallerSvc installer;
	private final IHapiPackageCacheManager packageCache;
	private final IgPackage igPackage;
	private final boolean enabled;
	private volatile String lastOutcome = "not run";

	public IgPackageInstaller(IPackageInstallerSvc installer, IHapiPackageCacheManager packageCache, IgPackage igPackage,
			boolean enabled) {
		this.installer = installer;
		this.packageCache = packageCache;
		this.igPackage = igPackage;
		this.enabled = enabled;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!enabled) {
			lastOutcome = "disabled";
			LOG.info("IG package installation disabled (eccd.ig.install-on-startup=false)");
			return;
		}
		install();
	}

	/** Installs the package unless the identical package is already installed; returns what was done. */
	public synchronized String install() {
		long start = System.nanoTime();
		String id = igPackage.name() + "#" + igPackage.version();
		if (installedCopyIsIdentical()) {
			lastOutcome = "already installed: " + id;
			LOG.info("IG package {} already installed (sha256 {}), skipped in {} ms", id, igPackage.sha256(),
					(System.nanoTime() - start) / 1_000_000);
			return lastOutcome;
		}
		try {
			packageCache.uninstallPackage(igPackage.name(), igPackage.version());
		} catch (RuntimeException e) {
			LOG.debug("No cached copy of {} to replace: {}", id, e.getMessage());
		}
		PackageInstallationSpec spec = new PackageInstallationSpec()
				.setName(igPackage.name())
				.setVersion(igPackage.version())
				.setPackageContents(igPackage.bytes())
				.setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL)
				.setFetchDependencies(false);
		// knowledge artefacts too, so clients can read the EPI schedule (PlanDefinition/ActivityDefinition) and
		// analysts find the indicator Measures and their CQL Libraries on the server
		spec.addInstallResourceTypes("NamingSystem", "CodeSystem", "ValueSet", "StructureDefinition", "ConceptMap",
				"SearchParameter", "Questionnaire", "PlanDefinition", "ActivityDefinition", "Measure", "Library");
		spec.setReloadExisting(true);
		PackageInstallOutcomeJson outcome = installer.install(spec);
		long ms = (System.nanoTime() - start) / 1_000_000;
		lastOutcome = "installed " + id + " in " + ms + " ms: " + outcome.getResourcesInstalled();
		LOG.info("IG package {} installed in {} ms: {}", id, ms, outcome.getResourcesInstalled());
		return lastOutcome;
	}

	private boolean installedCopyIsIdentical() {
		try {
			IHapiPackageCacheManager.PackageContents contents =
					packageCache.loadPackageContents(igPackage.name(), igPackage.version());
			if (contents == null || contents.getBytes() == null) {
				return false;
			}
			return IgPackage.contentHash(contents.getBytes()).equals(igPackage.sha256());
		} catch (RuntimeException e) {
			return false;
		}
	}

	public String lastOutcome() {
		return lastOutcome;
	}
}
