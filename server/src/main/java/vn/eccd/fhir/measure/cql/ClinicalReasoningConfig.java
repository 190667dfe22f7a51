package vn.eccd.fhir.measure.cql;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.cache.IResourceChangeListenerRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IRepositoryFactory;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.cqframework.cql.cql2elm.model.Model;
import org.hl7.cql.model.ModelIdentifier;
import org.hl7.elm.r1.VersionedIdentifier;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.fhir.cql.EvaluationSettings;
import org.opencds.cqf.fhir.cr.hapi.common.ElmCacheResourceChangeListener;
import org.opencds.cqf.fhir.cr.hapi.common.StringTimePeriodHandler;
import org.opencds.cqf.fhir.cr.hapi.r4.R4MeasureEvaluatorSingleFactory;
import org.opencds.cqf.fhir.cr.measure.MeasureEvaluationOptions;
import org.opencds.cqf.fhir.cr.measure.common.MeasurePeriodValidator;
import org.opencds.cqf.fhir.cr.measure.r4.R4MultiMeasureService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HAPI's clinical reasoning (cqf-fhir-cr) wired for one thing: evaluating a Measure whose logic is a CQL Library
 * stored on this server, over the data on this server. A smaller equivalent of the starter project's
 * {@code CrCommonConfig}/{@code CrR4Config}: no CRMI authoring, care gaps or PlanDefinition operations. The
 * {@code $evaluate-measure} endpoint itself is {@link vn.eccd.fhir.measure.MeasureOperationProvider}, which routes
 * our own indicators to the SQL evaluator and every other Measure here.
 */
@Configuration(proxyBeanMethods = false)
public class ClinicalReasoningConfig {

	/** Compiled CQL libraries, keyed by library name and version; emptied when a Library changes. */
	@Bean
	public Map<VersionedIdentifier, CompiledLibrary> eccdCqlLibraryCache() {
		return new ConcurrentHashMap<>();
	}

	@Bean
	public EvaluationSettings eccdCqlEvaluationSettings(Map<VersionedIdentifier, CompiledLibrary> eccdCqlLibraryCache) {
		EvaluationSettings settings = EvaluationSettings.getDefault();
		settings.setLibraryCache(eccdCqlLibraryCache);
		Map<ModelIdentifier, Model> modelCache = new ConcurrentHashMap<>();
		settings.setModelCache(modelCache);
		Map<String, List<Code>> valueSetCache = new ConcurrentHashMap<>();
		settings.setValueSetCache(valueSetCache);
		return settings;
	}

	@Bean
	public MeasureEvaluationOptions eccdMeasureEvaluationOptions(EvaluationSettings eccdCqlEvaluationSettings) {
		MeasureEvaluationOptions options = new MeasureEvaluationOptions();
		options.setEvaluationSettings(eccdCqlEvaluationSettings);
		return options;
	}

	@Bean
	public StringTimePeriodHandler eccdStringTimePeriodHandler() {
		return new StringTimePeriodHandler(ZoneOffset.UTC);
	}

	@Bean
	public IRepositoryFactory eccdCqlRepositoryFactory(DaoRegistry daoRegistry, ObjectProvider<RestfulServer> restfulServer,
			CqlEngineProperties properties) {
		// the RestfulServer is looked up lazily: it is built after this bean (it needs our operation provider)
		return requestDetails -> new CqlEvaluationRepository(daoRegistry, requestDetails, restfulServer.getObject(),
				properties.subjectSearchLimit());
	}

	@Bean
	public R4MeasureEvaluatorSingleFactory eccdCqlMeasureEvaluatorFactory(IRepositoryFactory eccdCqlRepositoryFactory,
			MeasureEvaluationOptions eccdMeasureEvaluationOptions) {
		MeasurePeriodValidator periodValidator = new MeasurePeriodValidator();
		return requestDetails -> new R4MultiMeasureService(eccdCqlRepositoryFactory.create(requestDetails),
				eccdMeasureEvaluationOptions, requestDetails.getFhirServerBase(), periodValidator);
	}

	/** Drops a compiled library from the cache when its Library resource is created, updated or deleted. */
	@Bean
	public ElmCacheResourceChangeListener eccdElmCacheListener(IResourceChangeListenerRegistry registry,
			DaoRegistry daoRegistry, Map<VersionedIdentifier, CompiledLibrary> eccdCqlLibraryCache) {
		ElmCacheResourceChangeListener listener = new ElmCacheResourceChangeListener(daoRegistry, eccdCqlLibraryCache);
		registry.registerResourceResourceChangeListener("Library", SearchParameterMap.newSynchronous(), listener, 1000);
		return listener;
	}
}
