package vn.eccd.fhir.measure;

import java.time.LocalDate;
import java.util.Date;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import vn.eccd.fhir.measure.indicator.IndicatorResult;

/**
 * Builds the MeasureReport of an indicator evaluated by the SQL evaluator in the shape HAPI's clinical-reasoning
 * engine gives for the same Measure (same population codes, stratifier codes and stratum values), so that a
 * client cannot tell the engines apart except by the {@link #EXT_EVALUATOR} extension.
 */
public final class MeasureReportBuilder {

	public static final String EXT_EVALUATOR = "https://fhir.eccd.vn/StructureDefinition/measure-evaluator";
	static final String POPULATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population";

	private MeasureReportBuilder() {}

	public static MeasureReport build(Measure measure, IndicatorResult result, ReportType type, LocalDate start,
			LocalDate end, String subject) {
		MeasureReport report = new MeasureReport();
		report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
		report.setType(type.fhirType);
		// the evaluated definition, with its version (canonical|version)
		report.setMeasure(measure.getUrl() + (measure.hasVersion() ? "|" + measure.getVersion() : ""));
		report.setDate(new Date());
		report.setPeriod(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(start.toString()))
				.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(end.toString())));
		if (subject != null) {
			report.setSubject(new Reference(subject));
		}
		report.addExtension(EXT_EVALUATOR, new StringType("sql"));
		report.setImprovementNotation(measure.getImprovementNotation());

		Measure.MeasureGroupComponent measureGroup = measure.getGroupFirstRep();
		MeasureReport.MeasureReportGroupComponent group = report.addGroup();
		if (measureGroup.hasId()) {
			group.setId(measureGroup.getId());
		}
		if (measureGroup.hasCode()) {
			group.setCode(measureGroup.getCode());
		}
		populations(report, group, measureGroup, result.total, type, "all");
		group.setMeasureScore(score(result.total));

		for (Measure.MeasureGroupStratifierComponent stratifier : measureGroup.getStratifier()) {
			String code = stratifierCode(stratifier);
			Map<String, IndicatorResult.Counts> strata = result.strata.get(code);
			if (strata == null) {
				continue;
			}
			MeasureReport.MeasureReportGroupStratifierComponent reportStratifier = group.addStratifier();
			reportStratifier.addCode(stratifier.getCode());
			if (stratifier.hasId()) {
				reportStratifier.setId(stratifier.getId());
			}
			strata.forEach((value, counts) -> {
				MeasureReport.StratifierGroupComponent stratum = reportStratifier.addStratum();
				stratum.setValue(new CodeableConcept().setText(value));
				for (Measure.MeasureGroupPopulationComponent population : measureGroup.getPopulation()) {
					Integer count = count(counts, population);
					if (count == null) {
						continue;
					}
					stratum.addPopulation().setCode(population.getCode()).setCount(count);
				}
				stratum.setMeasureScore(score(counts));
			});
		}
		return report;
	}

	private static void populations(MeasureReport report, MeasureReport.MeasureReportGroupComponent group,
			Measure.MeasureGroupComponent measureGroup, IndicatorResult.Counts counts, ReportType type, String key) {
		for (Measure.MeasureGroupPopulationComponent population : measureGroup.getPopulation()) {
			Integer count = count(counts, population);
			if (count == null) {
				continue;
			}
			MeasureReport.MeasureReportGroupPopulationComponent reportPopulation = group.addPopulation()
					.setCode(population.getCode()).setCount(count);
			if (population.hasId()) {
				reportPopulation.setId(population.getId());
			}
			if (type == ReportType.SUBJECT_LIST) {
				String code = populationCode(population);
				ListResource list = new ListResource();
				list.setId(key + "-" + code);
				list.setStatus(ListResource.ListStatus.CURRENT);
				list.setMode(ListResource.ListMode.SNAPSHOT);
				for (String patient : subjects(counts, code)) {
					list.addEntry().setItem(new Reference("Patient/" + patient));
				}
				report.addContained(list);
				reportPopulation.setSubjectResults(new Reference("#" + list.getId()));
			}
		}
	}

	private static Integer count(IndicatorResult.Counts counts, Measure.MeasureGroupPopulationComponent population) {
		return switch (populationCode(population)) {
			case "initial-population" -> counts.initialPopulation;
			case "denominator" -> counts.denominator;
			case "denominator-exclusion" -> counts.denominatorExclusion;
			case "numerator" -> counts.numerator;
			case "denominator-exception", "numerator-exclusion" -> 0;
			default -> null;
		};
	}

	private static java.util.List<String> subjects(IndicatorResult.Counts counts, String populationCode) {
		return switch (populationCode) {
			case "denominator" -> counts.denominatorSubjects;
			case "denominator-exclusion" -> counts.denominatorExclusionSubjects;
			case "numerator" -> counts.numeratorSubjects;
			case "initial-population" -> counts.subjects;
			default -> java.util.List.of();
		};
	}

	/**
	 * The Measure's definition-version extensions (e.g. which full-immunization definition it counts) are copied to
	 * the report, whichever engine produced it, so a report says which versioned definition it used.
	 */
	public static void copyDefinitionExtensions(Measure measure, MeasureReport report) {
		for (org.hl7.fhir.r4.model.Extension extension : measure.getExtensionsByUrl(EXT_FULL_IMMUNIZATION_DEFINITION)) {
			report.addExtension(extension.copy());
		}
	}

	/** On a Measure and its reports: the full-immunization definition counted, as {@code id|version} of full-immunization.json. */
	public static final String EXT_FULL_IMMUNIZATION_DEFINITION = "https://fhir.eccd.vn/StructureDefinition/full-immunization-definition";

	static String populationCode(Measure.MeasureGroupPopulationComponent population) {
		return population.getCode().getCoding().stream().filter(c -> POPULATION_SYSTEM.equals(c.getSystem()))
				.map(Coding::getCode).findFirst().orElse("");
	}

	static String stratifierCode(Measure.MeasureGroupStratifierComponent stratifier) {
		if (stratifier.hasCode() && stratifier.getCode().hasCoding()) {
			return stratifier.getCode().getCodingFirstRep().getCode();
		}
		return stratifier.getCode().getText();
	}

	private static Quantity score(IndicatorResult.Counts counts) {
		Double score = counts.score();
		return score == null ? null : new Quantity().setValue(score);
	}

	/** The {@code reportType} parameter of $evaluate-measure and the MeasureReport.type it gives. */
	public enum ReportType {
		SUBJECT(MeasureReport.MeasureReportType.INDIVIDUAL),
		SUBJECT_LIST(MeasureReport.MeasureReportType.SUBJECTLIST),
		POPULATION(MeasureReport.MeasureReportType.SUMMARY);

		final MeasureReport.MeasureReportType fhirType;

		ReportType(MeasureReport.MeasureReportType fhirType) {
			this.fhirType = fhirType;
		}

		/** R4 codes subject | subject-list | population; "individual" and "summary" are accepted too. */
		public static ReportType parse(String value, boolean patientSubject) {
			if (value == null || value.isBlank()) {
				return patientSubject ? SUBJECT : POPULATION;
			}
			return switch (value) {
				case "subject", "individual" -> SUBJECT;
				case "subject-list", "subjectlist" -> SUBJECT_LIST;
				case "population", "summary" -> POPULATION;
				default -> throw new IllegalArgumentException("reportType must be subject (individual), subject-list or population, not '" + value + "'");
			};
		}
	}

}
