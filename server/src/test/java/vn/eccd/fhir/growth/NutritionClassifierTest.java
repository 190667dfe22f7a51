package vn.eccd.fhir.growth;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeSystem;
import org.junit.jupiter.api.Test;

/** Classification cut-offs (vn-health-reference.md section 3) applied to WHO z-scores computed by the engine. */
class NutritionClassifierTest {

	private final WhoGrowthCalculator calculator = new WhoGrowthCalculator();
	private final NutritionClassifier classifier = NutritionClassifier.fromClasspath();

	private Map<String, String> classify(AnthropometricInput input) {
		return classifier.classify(calculator.assess(input)).findings().stream()
				.collect(Collectors.toMap(NutritionStatus.Finding::dimension, NutritionStatus.Finding::code));
	}

	@Test
	void normalChildOnTheMedians() {
		// boy, 0 days, WHO medians (weianthro 3.3464 kg, lenanthro 49.8842 cm)
		Map<String, String> f = classify(AnthropometricInput.builder(Sex.MALE, 0).weight(3.3464)
				.lengthHeight(49.8842, MeasuringPosition.LYING).build());
		assertThat(f).containsEntry("underweight", "normal").containsEntry("stunting", "normal")
				.containsEntry("wasting", "normal").containsEntry("acute-malnutrition", "normal");
	}

	@Test
	void igrowupCaseWithSevereStuntingAndUnderweight() {
		// WHO igrowup example survey id 60: boy, 269 days, 6.3 kg, 64.8 cm lying -> WAZ -3.08, LAZ -3.11, WLZ -1.70
		NutritionStatus s = classifier.classify(calculator.assess(AnthropometricInput.builder(Sex.MALE, 269).weight(6.3000001907)
				.lengthHeight(64.800003052, MeasuringPosition.LYING).muac(13.899999619).build()));
		Map<String, String> f = s.findings().stream()
				.collect(Collectors.toMap(NutritionStatus.Finding::dimension, NutritionStatus.Finding::code));
		assertThat(f).containsEntry("underweight", "underweight-severe").containsEntry("stunting", "stunting-severe")
				.containsEntry("wasting", "normal").containsEntry("acute-malnutrition", "normal");
		assertThat(s.abnormalCodes()).containsExactly("underweight-severe", "stunting-severe");
	}

	@Test
	void samByMuacOrOedemaAndMamByMuac() {
		// 1 year old girl, MUAC 11.0 cm < 11.5 -> SAM; 12.0 cm -> MAM
		assertThat(classify(AnthropometricInput.builder(Sex.FEMALE, 365).muac(11.0).build()))
				.containsEntry("acute-malnutrition", "sam");
		assertThat(classify(AnthropometricInput.builder(Sex.FEMALE, 365).muac(12.0).build()))
				.containsEntry("acute-malnutrition", "mam");
		assertThat(classify(AnthropometricInput.builder(Sex.FEMALE, 365).muac(13.5).build()))
				.containsEntry("acute-malnutrition", "normal");
		// oedema: SAM, weight-based dimensions counted as severe
		Map<String, String> oedema = classify(AnthropometricInput.builder(Sex.FEMALE, 365).weight(8.0)
				.lengthHeight(72.0, MeasuringPosition.LYING).oedema(true).build());
		assertThat(oedema).containsEntry("acute-malnutrition", "sam").containsEntry("underweight", "underweight-severe")
				.containsEntry("wasting", "wasting-severe").containsEntry("stunting", "normal");
	}

	@Test
	void overweightAndObesityByWeightForHeight() {
		// igrowup id 73: girl 1716 d, 27.5 kg, 110.4 cm lying -> WHZ 4.05 (> +3: obesity)
		assertThat(classify(AnthropometricInput.builder(Sex.FEMALE, 1716).weight(27.5)
				.lengthHeight(110.40000153, MeasuringPosition.LYING).build())).containsEntry("wasting", "obesity");
		// igrowup id 22: girl 583 d, 13.4 kg, 81.6 cm -> WHZ 2.68 (overweight)
		assertThat(classify(AnthropometricInput.builder(Sex.FEMALE, 583).weight(13.399999619)
				.lengthHeight(81.599998474, MeasuringPosition.LYING).build())).containsEntry("wasting", "overweight");
	}

	@Test
	void schoolChildUsesBmiForAgeThinnessAndOverweight() {
		// anthroplus survey id 465: boy 101.29 months, 66.2 kg, 150 cm -> BAZ 4.77 (> +2: obesity), WAZ 5.89 flagged
		Map<String, String> f = classify(AnthropometricInput.builder(Sex.MALE, 101.29 * AnthropometricInput.DAYS_PER_MONTH)
				.weight(66.2).lengthHeight(150.0, MeasuringPosition.STANDING).build());
		assertThat(f).containsEntry("wasting", "obesity").containsEntry("underweight", "implausible")
				.doesNotContainKey("acute-malnutrition");
	}

	@Test
	void codesAndDisplaysMatchTheCodeSystemOfTheIg() throws IOException {
		CodeSystem cs = FhirContext.forR4Cached().newJsonParser().parseResource(CodeSystem.class,
				Files.readString(Path.of("../profiles/src/main/fhir/CodeSystem-nutrition-status.json")));
		assertThat(cs.getUrl()).isEqualTo(NutritionStatus.SYSTEM);
		for (CodeSystem.ConceptDefinitionComponent c : cs.getConcept()) {
			assertThat(NutritionDisplays.of(c.getCode())).as(c.getCode()).isEqualTo(c.getDisplay());
		}
		// every code the rules can produce is defined
		for (String line : Files.readAllLines(Path.of("../terminology/src/main/resources/" + NutritionClassifier.DEFAULT_RULES)).subList(1, 17)) {
			String code = line.split(",")[1];
			assertThat(cs.getConcept()).as(code).anyMatch(c -> c.getCode().equals(code));
		}
		CodeSystem gi = FhirContext.forR4Cached().newJsonParser().parseResource(CodeSystem.class,
				Files.readString(Path.of("../profiles/src/main/fhir/CodeSystem-growth-indicator.json")));
		assertThat(gi.getUrl()).isEqualTo(GrowthIndicator.SYSTEM);
		for (GrowthIndicator indicator : GrowthIndicator.values()) {
			assertThat(gi.getConcept()).anyMatch(c -> c.getCode().equals(indicator.code()) && c.getDisplay().equals(indicator.display()));
		}
	}
}
