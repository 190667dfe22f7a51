package vn.eccd.fhir.growth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The z-score engine against values published by WHO (expected values never come from this code). Reference
 * sets, all in src/test/resources/vn/eccd/fhir/growth/ (see README.md there for provenance):
 * <ol>
 * <li>{@code who-igrowup-survey_z_st.csv}: the example survey output of WHO's igrowup software (WHO Child
 * Growth Standards, 0–5 y): weight-, length/height-, weight-for-length/height-, BMI-, head circumference- and
 * MUAC-for-age z-scores and flags;</li>
 * <li>{@code who-anthroplus-survey_who2007_z.csv}: WHO AnthroPlus example survey output (WHO 2007, 5–19 y):
 * height-, weight- and BMI-for-age z-scores and flags (WorldHealthOrganization/anthroplus data-raw, commit
 * 799a7deaf7dff57f2abef5781f74b243f0aa6194);</li>
 * <li>{@code who2007-*_z_exp.txt}: WHO 2007 expanded SD tables (values at −4 … +4 SD per month, 61–228 months):
 * a measurement exactly on an SD line must give that z;</li>
 * <li>individual cases from WorldHealthOrganization/anthro tests/testthat (commit b776d8a12b1c97369c748b561159fd2ec4f4db58).</li>
 * </ol>
 */
class WhoGrowthCalculatorTest {

	private static final String DIR = "vn/eccd/fhir/growth/";
	private final WhoGrowthCalculator calculator = new WhoGrowthCalculator();

	// ---------------------------------------------------------------- WHO igrowup survey (0-5 y)

	@Test
	void reproducesWhoIgrowupSurveyOutputForEveryIndicator() throws IOException {
		List<Map<String, String>> rows = readCsv(DIR + "who-igrowup-survey_z_st.csv");
		assertThat(rows).hasSize(498);
		String[][] columns = {
				{"WEIGHT_FOR_AGE", "_ZWEI", "_FWEI"},
				{"LENGTH_HEIGHT_FOR_AGE", "_ZLEN", "_FLEN"},
				{"WEIGHT_FOR_LENGTH_HEIGHT", "_ZWFL", "_FWFL"},
				{"BMI_FOR_AGE", "_ZBMI", "_FBMI"},
				{"HEAD_CIRCUMFERENCE_FOR_AGE", "_ZHC", "_FHC"},
				{"MUAC_FOR_AGE", "_ZAC", "_FAC"}};
		List<String> mismatches = new ArrayList<>();
		Map<GrowthIndicator, Integer> compared = new HashMap<>();
		int skippedOver60Months = 0;
		for (Map<String, String> row : rows) {
			if (row.get("_agedays").isEmpty() || row.get("GENDER").isEmpty()) {
				continue;
			}
			int days = Integer.parseInt(row.get("_agedays"));
			if (days / AnthropometricInput.DAYS_PER_MONTH >= 60) {
				// igrowup (2007-2013) still used the 2006 standards to 1856 days; current WHO software (and we)
				// switch to WHO 2007 at 60 months, so these rows have no WHO 2006 expected value to compare.
				skippedOver60Months++;
				continue;
			}
			AnthropometricInput input = AnthropometricInput.builder(Sex.fromWhoCode(Integer.parseInt(row.get("GENDER"))), days)
					.weight(num(row.get("WEIGHT")))
					.lengthHeight(num(row.get("HEIGHT")), MeasuringPosition.fromCode(row.get("measure")).orElse(null))
					.headCircumference(num(row.get("HEAD")))
					.muac(num(row.get("MUAC")))
					.oedema("y".equals(row.get("oedema")))
					.build();
			GrowthAssessment result = calculator.assess(input);
			for (String[] c : columns) {
				GrowthIndicator indicator = GrowthIndicator.valueOf(c[0]);
				compare(mismatches, "igrowup id " + row.get("id"), indicator, result, row.get(c[1]), row.get(c[2]));
				if (!row.get(c[1]).isEmpty()) {
					compared.merge(indicator, 1, Integer::sum);
				}
			}
		}
		assertThat(mismatches).isEmpty();
		assertThat(skippedOver60Months).isLessThan(30);
		// every indicator is exercised by a good number of WHO values
		assertThat(compared.get(GrowthIndicator.WEIGHT_FOR_AGE)).isGreaterThan(400);
		assertThat(compared.get(GrowthIndicator.LENGTH_HEIGHT_FOR_AGE)).isGreaterThan(400);
		assertThat(compared.get(GrowthIndicator.WEIGHT_FOR_LENGTH_HEIGHT)).isGreaterThan(400);
		assertThat(compared.get(GrowthIndicator.BMI_FOR_AGE)).isGreaterThan(400);
		assertThat(compared.get(GrowthIndicator.HEAD_CIRCUMFERENCE_FOR_AGE)).isGreaterThan(20);
		assertThat(compared.get(GrowthIndicator.MUAC_FOR_AGE)).isGreaterThan(300);
	}

	// ---------------------------------------------------------------- WHO AnthroPlus survey (5-19 y)

	@Test
	void reproducesWhoAnthroPlusSurveyOutput() throws IOException {
		List<Map<String, String>> rows = readCsv(DIR + "who-anthroplus-survey_who2007_z.csv");
		assertThat(rows).hasSize(933);
		List<String> mismatches = new ArrayList<>();
		int compared = 0;
		int flagged = 0;
		for (Map<String, String> row : rows) {
			double months = Double.parseDouble(row.get("agemons"));
			AnthropometricInput input = AnthropometricInput.builder(Sex.fromWhoCode(Integer.parseInt(row.get("sex"))),
							months * AnthropometricInput.DAYS_PER_MONTH)
					.weight(num(row.get("weight")))
					.lengthHeight(num(row.get("height")), MeasuringPosition.STANDING)
					.oedema("y".equals(row.get("oedema")))
					.build();
			GrowthAssessment result = calculator.assess(input);
			assertThat(result.reference()).isEqualTo(GrowthReference.WHO_2007);
			String id = "anthroplus id " + row.get("id");
			// As in anthroplus' own test of this file (tests/testthat/test-zscores.R): the older WHO 2007 macro
			// that produced it treated the upper age limits as completed months (< 229, < 121); current WHO
			// software (anthroplus >= 0.9) and this engine stop at 228.0 and 120.0 months inclusive.
			if (months > 228) {
				row.put("zhfa", "");
				row.put("zbfa", "");
			}
			if (months > 120) {
				row.put("zwfa", "");
			}
			compare(mismatches, id, GrowthIndicator.LENGTH_HEIGHT_FOR_AGE, result, row.get("zhfa"), row.get("fhfa"));
			compare(mismatches, id, GrowthIndicator.WEIGHT_FOR_AGE, result, row.get("zwfa"), row.get("fwfa"));
			compare(mismatches, id, GrowthIndicator.BMI_FOR_AGE, result, row.get("zbfa"), row.get("fbfa"));
			for (String z : new String[] {"zhfa", "zwfa", "zbfa"}) {
				compared += row.get(z).isEmpty() ? 0 : 1;
			}
			for (String f : new String[] {"fhfa", "fwfa", "fbfa"}) {
				flagged += "1".equals(row.get(f)) ? 1 : 0;
			}
		}
		assertThat(mismatches).isEmpty();
		assertThat(compared).isGreaterThan(2000);
		assertThat(flagged).isGreaterThanOrEqualTo(3);
	}

	// ---------------------------------------------------------------- WHO 2007 expanded SD tables

	@Test
	void measurementOnAWho2007SdLineHasExactlyThatZ() throws IOException {
		int checked = 0;
		for (String table : new String[] {"hfa", "wfa", "bmi"}) {
			for (Sex sex : Sex.values()) {
				String file = DIR + "who2007-" + table + "_" + (sex == Sex.MALE ? "boys" : "girls") + "_z_exp.txt";
				for (Map<String, String> row : readTsv(file)) {
					int month = Integer.parseInt(row.get("Month"));
					for (int k = -4; k <= 4; k++) {
						String column = k < 0 ? "SD" + (-k) + "neg" : "SD" + k;
						double value = Double.parseDouble(row.get(column));
						GrowthIndicator indicator;
						AnthropometricInput.Builder b = AnthropometricInput.builder(sex, month * AnthropometricInput.DAYS_PER_MONTH);
						switch (table) {
							case "hfa" -> {
								indicator = GrowthIndicator.LENGTH_HEIGHT_FOR_AGE;
								b.lengthHeight(value, MeasuringPosition.STANDING);
							}
							case "wfa" -> {
								indicator = GrowthIndicator.WEIGHT_FOR_AGE;
								b.weight(value);
							}
							default -> {
								// BMI = weight / 1 m²
								indicator = GrowthIndicator.BMI_FOR_AGE;
								b.weight(value).lengthHeight(100.0, MeasuringPosition.STANDING);
							}
						}
						ZScore z = calculator.assess(b.build()).get(indicator).orElseThrow(
								() -> new AssertionError(file + " month " + month + " " + column + ": no z-score"));
						assertThat(z.z()).as("%s month %d %s", file, month, column).isEqualTo((double) k);
						assertThat(z.reference()).isEqualTo(GrowthReference.WHO_2007);
						checked++;
					}
				}
			}
		}
		// 168 months × 9 SD lines for height and BMI, 60 months for weight, both sexes
		assertThat(checked).isEqualTo(2 * 9 * (168 + 168 + 60));
	}

	// ---------------------------------------------------------------- individual WHO anthro cases

	@Test
	void anthroTestthatCases() {
		// tests/testthat/test-zscore-weight-for-age.R: girl, 1522 days, 17 kg -> 0.24, not flagged
		ZScore wfa = zscore(AnthropometricInput.builder(Sex.FEMALE, 1522).weight(17.0).build(), GrowthIndicator.WEIGHT_FOR_AGE);
		assertThat(wfa.z()).isEqualTo(0.24);
		assertThat(wfa.flagged()).isFalse();
		// same file: girl, 1 day, 10.37 kg is flagged (WFA > +5)
		assertThat(zscore(AnthropometricInput.builder(Sex.FEMALE, 1).weight(10.37).build(), GrowthIndicator.WEIGHT_FOR_AGE)
				.flagged()).isTrue();
		// tests/testthat/test-zscore-bmi-for-age.R: girl, 1 day, BMI 25 is flagged (|BAZ| > 5)
		assertThat(zscore(AnthropometricInput.builder(Sex.FEMALE, 1).weight(25.0).lengthHeight(100.0, MeasuringPosition.LYING).build(),
				GrowthIndicator.BMI_FOR_AGE).flagged()).isTrue();
		// tests/testthat/test-zscores.R: boy, 987 days, 72.86 cm measured lying -> -6.09 (after -0.7 cm), flagged
		ZScore lhfa = zscore(AnthropometricInput.builder(Sex.MALE, 987).lengthHeight(72.86, MeasuringPosition.LYING).build(),
				GrowthIndicator.LENGTH_HEIGHT_FOR_AGE);
		assertThat(lhfa.z()).isEqualTo(-6.09);
		assertThat(lhfa.flagged()).isTrue();
		// tests/testthat/test-zscore-length-for-age.R: boy, 44 days, 50 cm -> round((50/56.4833 - 1)/0.03492, 2)
		assertThat(zscore(AnthropometricInput.builder(Sex.MALE, 44).lengthHeight(50.0, MeasuringPosition.LYING).build(),
				GrowthIndicator.LENGTH_HEIGHT_FOR_AGE).z()).isEqualTo(-3.29);
	}

	@Test
	void anthroPlusTestthatCasesAroundSixtyMonths() {
		// WorldHealthOrganization/anthroplus tests/testthat/test-zscores.R (commit 799a7de): girls aged 60.32 and
		// 60.911701 months, 113.8 / 113.6 cm, 18.7 / 20.5 kg -> WFA 0.21 / 0.79, BFA -0.58 / 0.42, HFA 0.96 / 0.85
		double[][] cases = {{60.32, 113.8, 18.7, 0.21, -0.58, 0.96}, {60.911701, 113.6, 20.5, 0.79, 0.42, 0.85}};
		for (double[] c : cases) {
			GrowthAssessment a = calculator.assess(AnthropometricInput.builder(Sex.FEMALE, c[0] * AnthropometricInput.DAYS_PER_MONTH)
					.lengthHeight(c[1], MeasuringPosition.STANDING).weight(c[2]).build());
			assertThat(a.get(GrowthIndicator.WEIGHT_FOR_AGE).orElseThrow().z()).isEqualTo(c[3]);
			assertThat(a.get(GrowthIndicator.BMI_FOR_AGE).orElseThrow().z()).isEqualTo(c[4]);
			assertThat(a.get(GrowthIndicator.LENGTH_HEIGHT_FOR_AGE).orElseThrow().z()).isEqualTo(c[5]);
			assertThat(a.zScores().values()).noneMatch(ZScore::flagged);
		}
	}

	@Test
	void lengthHeightConversionAtTheTwoYearBoundary() {
		// tests/testthat/test-zscores.R "adds adjusted lenhei": 730 d standing +0.7, 800 d standing 0,
		// 730 d lying 0, 800 d lying -0.7
		assertThat(adjusted(730, MeasuringPosition.STANDING)).isCloseTo(100.7, within(1e-9));
		assertThat(adjusted(800, MeasuringPosition.STANDING)).isEqualTo(100.0);
		assertThat(adjusted(730, MeasuringPosition.LYING)).isEqualTo(100.0);
		assertThat(adjusted(800, MeasuringPosition.LYING)).isCloseTo(99.3, within(1e-9));
		assertThat(adjusted(731, MeasuringPosition.LYING)).isCloseTo(99.3, within(1e-9));
		assertThat(adjusted(731, null)).isEqualTo(100.0);
		// WHO medians (lenanthro, boys): day 730 (length) 87.8018 cm, day 731 (height) 87.1303 cm: a child on
		// the median has z = 0 whichever way he was measured
		assertThat(lhfa(Sex.MALE, 730, 87.8018, MeasuringPosition.LYING)).isEqualTo(0.0);
		assertThat(lhfa(Sex.MALE, 730, 87.8018 - 0.7, MeasuringPosition.STANDING)).isEqualTo(0.0);
		assertThat(lhfa(Sex.MALE, 731, 87.1303, MeasuringPosition.STANDING)).isEqualTo(0.0);
		assertThat(lhfa(Sex.MALE, 731, 87.1303 + 0.7, MeasuringPosition.LYING)).isEqualTo(0.0);
		// girls: 86.4008 (day 730, L), 85.7299 (day 731, H)
		assertThat(lhfa(Sex.FEMALE, 730, 86.4008, null)).isEqualTo(0.0);
		assertThat(lhfa(Sex.FEMALE, 731, 85.7299, null)).isEqualTo(0.0);
		// fractional day counts are rounded half up: 730.5 days is day 731 (height)
		assertThat(lhfa(Sex.FEMALE, 730.5, 85.7299, MeasuringPosition.STANDING)).isEqualTo(0.0);
	}

	@Test
	void standingUnderNineMonthsIsAnImplausiblePositionAndNotConverted() {
		GrowthAssessment a = calculator.assess(AnthropometricInput.builder(Sex.MALE, 200)
				.lengthHeight(66.0, MeasuringPosition.STANDING).build());
		assertThat(a.positionImplausible()).isTrue();
		assertThat(a.adjustedLengthHeightCm()).isEqualTo(66.0);
		GrowthAssessment b = calculator.assess(AnthropometricInput.builder(Sex.MALE, 300)
				.lengthHeight(66.0, MeasuringPosition.STANDING).build());
		assertThat(b.positionImplausible()).isFalse();
		assertThat(b.adjustedLengthHeightCm()).isCloseTo(66.7, within(1e-9));
	}

	@Test
	void dayZeroAndTableEdges() {
		// day 0, boy on the WHO medians (weianthro 3.3464 kg, lenanthro 49.8842 cm, hcanthro 34.4618 cm)
		GrowthAssessment birth = calculator.assess(AnthropometricInput.builder(Sex.MALE, 0).weight(3.3464)
				.lengthHeight(49.8842, MeasuringPosition.LYING).headCircumference(34.4618).muac(11.0).build());
		assertThat(birth.get(GrowthIndicator.WEIGHT_FOR_AGE).orElseThrow().z()).isEqualTo(0.0);
		assertThat(birth.get(GrowthIndicator.LENGTH_HEIGHT_FOR_AGE).orElseThrow().z()).isEqualTo(0.0);
		assertThat(birth.get(GrowthIndicator.HEAD_CIRCUMFERENCE_FOR_AGE).orElseThrow().z()).isEqualTo(0.0);
		// MUAC-for-age starts at 3 months (91 days)
		assertThat(birth.get(GrowthIndicator.MUAC_FOR_AGE)).isEmpty();
		assertThat(calculator.assess(AnthropometricInput.builder(Sex.MALE, 90).muac(13.0).build())
				.get(GrowthIndicator.MUAC_FOR_AGE)).isEmpty();
		assertThat(calculator.assess(AnthropometricInput.builder(Sex.MALE, 91).muac(13.4779).build())
				.get(GrowthIndicator.MUAC_FOR_AGE).orElseThrow().z()).isEqualTo(0.0);
		// weight-for-length 45-110 cm below 731 days, weight-for-height 65-120 cm from 731 days
		assertThat(wfl(Sex.MALE, 100, 2.441, 45.0)).isEqualTo(0.0); // wflanthro boys 45.0 cm: M = 2.441
		assertThat(wfl(Sex.MALE, 100, 2.441, 44.9)).isNull();
		assertThat(wfl(Sex.MALE, 700, 18.2689, 110.0)).isEqualTo(0.0); // wflanthro boys 110.0 cm: M = 18.2689
		assertThat(wfl(Sex.MALE, 700, 18.2689, 110.1)).isNull();
		assertThat(wfl(Sex.MALE, 800, 7.4327, 65.0)).isEqualTo(0.0); // wfhanthro boys 65.0 cm: M = 7.4327
		assertThat(wfl(Sex.MALE, 800, 7.4327, 64.9)).isNull();
		assertThat(wfl(Sex.MALE, 800, 20.0, 120.1)).isNull();
	}

	@Test
	void fiveYearBoundaryUsesWho2006To1826DaysThenWho2007() {
		// 1826 days = 59.99 months: WHO 2006 (boy on the weianthro median of day 1826: 18.3352 kg)
		GrowthAssessment last2006 = calculator.assess(AnthropometricInput.builder(Sex.MALE, 1826).weight(18.3352)
				.headCircumference(50.0).build());
		assertThat(last2006.reference()).isEqualTo(GrowthReference.WHO_2006);
		assertThat(last2006.get(GrowthIndicator.WEIGHT_FOR_AGE).orElseThrow().z()).isEqualTo(0.0);
		assertThat(last2006.get(GrowthIndicator.HEAD_CIRCUMFERENCE_FOR_AGE)).isPresent();
		for (int days : new int[] {1827, 1856, 1857}) {
			GrowthAssessment a = calculator.assess(AnthropometricInput.builder(Sex.MALE, days).weight(18.5)
					.lengthHeight(110.0, MeasuringPosition.STANDING).headCircumference(50.0).muac(16.0).build());
			assertThat(a.reference()).isEqualTo(GrowthReference.WHO_2007);
			assertThat(a.zScores().keySet()).containsExactlyInAnyOrder(GrowthIndicator.WEIGHT_FOR_AGE,
					GrowthIndicator.LENGTH_HEIGHT_FOR_AGE, GrowthIndicator.BMI_FOR_AGE);
		}
		// WHO 2007 at exactly 61 months: wfa_boys_z_exp.txt month 61, SD0 = 18.506
		assertThat(zscore(AnthropometricInput.builder(Sex.MALE, 61 * AnthropometricInput.DAYS_PER_MONTH).weight(18.506).build(),
				GrowthIndicator.WEIGHT_FOR_AGE).z()).isEqualTo(0.0);
	}

	@Test
	void who2007LimitsTenYearsForWeightAndNineteenYearsForHeightAndBmi() {
		double m120 = 120 * AnthropometricInput.DAYS_PER_MONTH;
		double m228 = 228 * AnthropometricInput.DAYS_PER_MONTH;
		// hfa_girls_z_exp.txt month 228: SD2 = 176.237 (19 years)
		assertThat(zscore(AnthropometricInput.builder(Sex.FEMALE, m228).lengthHeight(176.237, MeasuringPosition.STANDING).build(),
				GrowthIndicator.LENGTH_HEIGHT_FOR_AGE).z()).isEqualTo(2.0);
		assertThat(calculator.assess(AnthropometricInput.builder(Sex.FEMALE, m228 + 1).lengthHeight(176.0, MeasuringPosition.STANDING)
				.weight(60.0).build()).zScores()).isEmpty();
		// wfa_girls_z_exp.txt month 120: SD0 = 31.858; the day after: no weight-for-age any more
		assertThat(zscore(AnthropometricInput.builder(Sex.FEMALE, m120).weight(31.858).build(), GrowthIndicator.WEIGHT_FOR_AGE)
				.z()).isEqualTo(0.0);
		assertThat(calculator.assess(AnthropometricInput.builder(Sex.FEMALE, m120 + 1).weight(31.858).build())
				.get(GrowthIndicator.WEIGHT_FOR_AGE)).isEmpty();
	}

	@Test
	void restrictedComputationBeyondThreeSd() {
		// WHO 2007 expanded tables give SD4 = SD3 + (SD3 - SD2): wfa_girls month 120 SD3 59.177, SD4 71.465
		assertThat(zscore(AnthropometricInput.builder(Sex.FEMALE, 120 * AnthropometricInput.DAYS_PER_MONTH).weight(71.465).build(),
				GrowthIndicator.WEIGHT_FOR_AGE).z()).isEqualTo(4.0);
		// plain LMS would give a smaller z for the same weight (the LMS upper tail is stretched)
		Lms lms = new Lms(-0.5958, 31.8578, 0.17262); // wfawho2007 girls month 120
		assertThat(lms.z(71.465)).isLessThan(3.9);
		assertThat(Lms.round2(lms.zRestricted(71.465))).isEqualTo(4.0);
		assertThat(lms.valueAtRestricted(4)).isCloseTo(71.465, within(0.001));
		// and below -3: SD4neg 17.298 -> -4
		assertThat(Lms.round2(lms.zRestricted(17.298))).isEqualTo(-4.0);
		assertThat(Lms.round2(lms.z(17.298))).isNotEqualTo(-4.0);
	}

	@Test
	void oedemaSuppressesWeightBasedIndicatorsOnly() {
		GrowthAssessment a = calculator.assess(AnthropometricInput.builder(Sex.FEMALE, 400).weight(8.0)
				.lengthHeight(74.0, MeasuringPosition.LYING).muac(11.0).headCircumference(44.0).oedema(true).build());
		assertThat(a.zScores().keySet()).containsExactlyInAnyOrder(GrowthIndicator.LENGTH_HEIGHT_FOR_AGE,
				GrowthIndicator.MUAC_FOR_AGE, GrowthIndicator.HEAD_CIRCUMFERENCE_FOR_AGE);
	}

	@Test
	void rejectsImpossibleInput() {
		assertThatThrownBy(() -> AnthropometricInput.builder(Sex.MALE, -1).weight(3.0).build())
				.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> AnthropometricInput.builder(Sex.MALE, 10).weight(-3.0).build())
				.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> AnthropometricInput.builder(Sex.MALE, 10).lengthHeight(0.0, null).build())
				.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Sex.fromWhoCode(3)).isInstanceOf(IllegalArgumentException.class);
		assertThat(Sex.fromFhirCode("unknown")).isEmpty();
	}

	// ---------------------------------------------------------------- helpers

	private ZScore zscore(AnthropometricInput input, GrowthIndicator indicator) {
		return calculator.assess(input).get(indicator).orElseThrow(() -> new AssertionError("no " + indicator));
	}

	private Double adjusted(double days, MeasuringPosition position) {
		return calculator.assess(AnthropometricInput.builder(Sex.MALE, days).lengthHeight(100.0, position).build())
				.adjustedLengthHeightCm();
	}

	private double lhfa(Sex sex, double days, double cm, MeasuringPosition position) {
		return zscore(AnthropometricInput.builder(sex, days).lengthHeight(cm, position).build(),
				GrowthIndicator.LENGTH_HEIGHT_FOR_AGE).z();
	}

	private Double wfl(Sex sex, int days, double kg, double cm) {
		return calculator.assess(AnthropometricInput.builder(sex, days).weight(kg).lengthHeight(cm, null).build())
				.get(GrowthIndicator.WEIGHT_FOR_LENGTH_HEIGHT).map(ZScore::z).orElse(null);
	}

	private void compare(List<String> mismatches, String id, GrowthIndicator indicator, GrowthAssessment result,
			String expectedZ, String expectedFlag) {
		ZScore actual = result.get(indicator).orElse(null);
		if (expectedZ == null || expectedZ.isEmpty()) {
			if (actual != null) {
				mismatches.add(id + " " + indicator + ": WHO gives none, engine " + actual.z());
			}
			return;
		}
		double expected = Double.parseDouble(expectedZ);
		if (actual == null) {
			mismatches.add(id + " " + indicator + ": WHO " + expected + ", engine none");
		} else if (actual.z() != expected) {
			mismatches.add(id + " " + indicator + ": WHO " + expected + ", engine " + actual.z());
		} else if (actual.flagged() != "1".equals(expectedFlag)) {
			mismatches.add(id + " " + indicator + ": WHO flag " + expectedFlag + ", engine " + actual.flagged());
		}
	}

	private static Double num(String s) {
		return s == null || s.isEmpty() ? null : Double.valueOf(s);
	}

	static List<Map<String, String>> readCsv(String resource) throws IOException {
		return read(resource, ",");
	}

	static List<Map<String, String>> readTsv(String resource) throws IOException {
		return read(resource, "\t");
	}

	private static List<Map<String, String>> read(String resource, String separator) throws IOException {
		try (InputStream in = WhoGrowthCalculatorTest.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String[] header = unquote(reader.readLine().split(separator, -1));
			List<Map<String, String>> rows = new ArrayList<>();
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isBlank()) {
					continue;
				}
				String[] f = unquote(line.split(separator, -1));
				Map<String, String> row = new HashMap<>();
				for (int i = 0; i < header.length; i++) {
					row.put(header[i], i < f.length ? f[i] : "");
				}
				rows.add(row);
			}
			return rows;
		}
	}

	private static String[] unquote(String[] fields) {
		for (int i = 0; i < fields.length; i++) {
			String f = fields[i].trim();
			if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
				f = f.substring(1, f.length() - 1);
			}
			fields[i] = f;
		}
		return fields;
	}
}
