package vn.eccd.fhir.growth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Classifies a visit's z-scores into nutrition-status findings from a rules table (data, not code:
 * {@code vn/eccd/terminology/growth/nutrition-status-rules.csv}, see the .md next to it). Fixed WHO rules
 * applied here: a flagged z-score is never matched (the dimension is {@code implausible} when all its assessed
 * measures are flagged); bilateral pitting oedema makes acute malnutrition {@code sam} and weight-based
 * dimensions severe (WHO counts oedema as below −3 SD for prevalence).
 */
public final class NutritionClassifier {

	public static final String DEFAULT_RULES = WhoGrowthTables.RESOURCE_DIR + "nutrition-status-rules.csv";
	static final String MUAC_CM = "muac-cm";

	/** One row of the rules table. */
	record Rule(String dimension, String code, String measure, double fromMonths, double toMonths, boolean below,
			double threshold) {

		boolean appliesTo(double months) {
			return months >= fromMonths && months < toMonths;
		}

		boolean matches(double value) {
			return below ? value < threshold : value > threshold;
		}

		boolean weightBased() {
			return GrowthIndicator.fromCode(measure).map(GrowthIndicator::isWeightBased).orElse(false);
		}
	}

	private final Map<String, List<Rule>> rulesByDimension;

	public NutritionClassifier(List<Rule> rules) {
		Map<String, List<Rule>> map = new LinkedHashMap<>();
		for (Rule rule : rules) {
			map.computeIfAbsent(rule.dimension(), d -> new ArrayList<>()).add(rule);
		}
		this.rulesByDimension = map;
	}

	/** Rules from the classpath (default) or a file/URL resource already opened by the caller. */
	public static NutritionClassifier fromClasspath() {
		try (InputStream in = NutritionClassifier.class.getClassLoader().getResourceAsStream(DEFAULT_RULES)) {
			if (in == null) {
				throw new IllegalStateException("Nutrition-status rules not on the classpath: " + DEFAULT_RULES);
			}
			return parse(in, DEFAULT_RULES);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static NutritionClassifier parse(InputStream in, String name) throws IOException {
		BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		String header = reader.readLine();
		if (header == null || !header.trim().equals("dimension,code,measure,from_months,to_months,comparator,threshold")) {
			throw new IllegalStateException(name + ": unexpected header " + header);
		}
		List<Rule> rules = new ArrayList<>();
		String line;
		int lineNo = 1;
		while ((line = reader.readLine()) != null) {
			lineNo++;
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			String[] f = line.trim().split(",", -1);
			if (f.length != 7 || !(f[5].equals("<") || f[5].equals(">"))) {
				throw new IllegalStateException(name + " line " + lineNo + ": expected 7 columns and comparator < or >");
			}
			if (!f[2].equals(MUAC_CM) && GrowthIndicator.fromCode(f[2]).isEmpty()) {
				throw new IllegalStateException(name + " line " + lineNo + ": unknown measure " + f[2]);
			}
			rules.add(new Rule(f[0], f[1], f[2], Double.parseDouble(f[3]), Double.parseDouble(f[4]), f[5].equals("<"),
					Double.parseDouble(f[6])));
		}
		return new NutritionClassifier(rules);
	}

	public NutritionStatus classify(GrowthAssessment assessment) {
		AnthropometricInput input = assessment.input();
		double months = input.ageInMonths();
		List<NutritionStatus.Finding> findings = new ArrayList<>();
		for (Map.Entry<String, List<Rule>> entry : rulesByDimension.entrySet()) {
			String dimension = entry.getKey();
			List<Rule> applicable = entry.getValue().stream().filter(r -> r.appliesTo(months)).toList();
			if (applicable.isEmpty()) {
				continue;
			}
			classifyDimension(dimension, applicable, assessment).ifPresent(findings::add);
		}
		return new NutritionStatus(findings);
	}

	private Optional<NutritionStatus.Finding> classifyDimension(String dimension, List<Rule> rules,
			GrowthAssessment assessment) {
		AnthropometricInput input = assessment.input();
		boolean oedema = input.oedema();
		boolean anyWeightBased = rules.stream().anyMatch(Rule::weightBased);
		if (oedema && anyWeightBased) {
			// WHO: with oedema weight-based z-scores are not computed and the child counts as severe (< -3 SD);
			// for acute malnutrition oedema is SAM. The first "below" rule of the dimension is its most severe class.
			String severe = dimension.equals("acute-malnutrition") ? "sam"
					: rules.stream().filter(r -> r.below() && r.weightBased()).map(Rule::code).findFirst().orElse(null);
			if (severe != null) {
				return Optional.of(new NutritionStatus.Finding(dimension, severe));
			}
		}
		boolean assessed = false;
		boolean allFlagged = true;
		for (Rule rule : rules) {
			Double value = null;
			if (rule.measure().equals(MUAC_CM)) {
				value = input.muacCm();
				if (value != null) {
					assessed = true;
					allFlagged = false;
				}
			} else {
				ZScore z = assessment.zScores().get(GrowthIndicator.fromCode(rule.measure()).orElseThrow());
				if (z != null) {
					assessed = true;
					if (z.flagged()) {
						continue;
					}
					allFlagged = false;
					value = z.z();
				}
			}
			if (value != null && rule.matches(value)) {
				return Optional.of(new NutritionStatus.Finding(dimension, rule.code()));
			}
		}
		if (!assessed) {
			return Optional.empty();
		}
		return Optional.of(new NutritionStatus.Finding(dimension,
				allFlagged ? NutritionStatus.IMPLAUSIBLE : NutritionStatus.NORMAL));
	}
}
