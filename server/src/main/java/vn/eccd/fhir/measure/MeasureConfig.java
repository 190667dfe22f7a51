package vn.eccd.fhir.measure;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.opencds.cqf.fhir.cr.hapi.common.StringTimePeriodHandler;
import org.opencds.cqf.fhir.cr.hapi.r4.R4MeasureEvaluatorSingleFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.eccd.fhir.config.FhirServerCustomizer;
import vn.eccd.fhir.measure.async.MeasureJobService;
import vn.eccd.fhir.measure.async.MeasureJobStatusProvider;
import vn.eccd.fhir.measure.flat.FlatTableRebuilder;
import vn.eccd.fhir.measure.indicator.SqlIndicatorEvaluator;

/** The measure capability's operations on the FHIR endpoint. */
@Configuration(proxyBeanMethods = false)
public class MeasureConfig {

	@Bean
	public MeasureOperationProvider eccdMeasureOperationProvider(DaoRegistry daoRegistry, SqlIndicatorEvaluator sqlEvaluator,
			R4MeasureEvaluatorSingleFactory eccdCqlMeasureEvaluatorFactory, StringTimePeriodHandler eccdStringTimePeriodHandler,
			JdbcTemplate jdbc, MeasureJobService jobs) {
		return new MeasureOperationProvider(daoRegistry, sqlEvaluator, eccdCqlMeasureEvaluatorFactory,
				eccdStringTimePeriodHandler, jdbc, jobs);
	}

	@Bean
	public MeasureJobStatusProvider eccdMeasureJobStatusProvider(MeasureJobService jobs, DaoRegistry daoRegistry) {
		return new MeasureJobStatusProvider(jobs, daoRegistry);
	}

	@Bean
	public RebuildFlatTablesProvider eccdRebuildFlatTablesProvider(FlatTableRebuilder rebuilder) {
		return new RebuildFlatTablesProvider(rebuilder);
	}

	@Bean
	public FhirServerCustomizer measureOperations(MeasureOperationProvider measures, RebuildFlatTablesProvider rebuild,
			MeasureJobStatusProvider jobStatus) {
		return server -> {
			server.registerProvider(measures);
			server.registerProvider(jobStatus);
			server.registerProvider(rebuild);
		};
	}
}
