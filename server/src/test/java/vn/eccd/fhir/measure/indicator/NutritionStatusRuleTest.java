package vn.eccd.fhir.measure.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.measure.indicator.NutritionStatusRule.Counted;

/**
 * The nutrition-status rules on hand-built children (Lò Thị Lan, Giàng A Páo, …): the age band at the visit (0, 59, 60
 * months), the latest assessable visit of the period, flagged z-scores, oedema, MUAC before and after 6 months.
 */
class NutritionStatusRuleTest {

	static final LocalDate START = LocalDate.of(2025, 1, 1);
	static final LocalDate END = LocalDate.of(2025, 12, 31);

	static NutritionStatusRule rule(String id) {
		return (NutritionStatusRule) IndicatorCatalog.byUrl("https://fhir.eccd.vn/Measure/" + id).orElseThrow().rule();
	}

	/** A visit with weight-for-age, length/height-for-age and weight-for-length/height (none flagged). */
	static GrowthVisit visit(String date, Double waz, Double haz, Double whz) {
		return new GrowthVisit(LocalDate.parse(date), waz, false, haz, false, whz, false, null, false, null, false);
	}

	static Optional<Counted> count(String id, String birthDate, GrowthVisit... visits) {
		return rule(id).count(LocalDate.parse(birthDate), List.of(visits), START, END);
	}

	@Test
	void underFiveMeansZeroToFiftyNineCompletedMonthsOnTheVisitDate() {
		// Lò Thị Lan, born 2020-06-15: 59 months on 2025-06-14, 60 months on her fifth birthday
		GrowthVisit dayBefore = visit("2025-06-14", -2.4, -1.0, -2.5);
		GrowthVisit birthday = visit("2025-06-15", -1.0, -1.0, -1.0);
		Optional<Counted> under5 = count("nut-underweight", "2020-06-15", dayBefore, birthday);
		assertThat(under5).hasValueSatisfying(c -> {
			assertThat(c.visit()).isEqualTo(dayBefore);
			assertThat(c.ageInMonths()).isEqualTo(59);
			assertThat(c.ageGroup()).isEqualTo("24-59");
			assertThat(c.numerator()).isTrue();
		});
		// the 5-8-year set counts her from the birthday visit on
		assertThat(count("nut-stunting-5-8y", "2020-06-15", dayBefore, birthday)).hasValueSatisfying(c -> {
			assertThat(c.visit()).isEqualTo(birthday);
			assertThat(c.ageGroup()).isEqualTo("60-107");
		});
		// a newborn weighed on the day of birth is 0 months old
		assertThat(count("nut-underweight", "2025-03-01", visit("2025-03-01", -2.1, null, null)))
				.hasValueSatisfying(c -> assertThat(c.ageGroup()).isEqualTo("0-5"));
		// 108 months is past the 5-8-year set
		assertThat(count("nut-stunting-5-8y", "2016-06-15", visit("2025-06-15", null, -2.5, null))).isEmpty();
	}

	@Test
	void theLatestAssessableVisitOfThePeriodCounts() {
		GrowthVisit march = visit("2025-03-03", -2.5, -2.6, null);
		GrowthVisit september = visit("2025-09-08", -1.5, null, null);
		// underweight: September is the latest visit with a weight-for-age → not underweight
		assertThat(count("nut-underweight", "2023-10-02", march, september)).hasValueSatisfying(c -> assertThat(c.numerator()).isFalse());
		// stunting: September has no length → March counts
		assertThat(count("nut-stunting", "2023-10-02", march, september)).hasValueSatisfying(c -> {
			assertThat(c.visit()).isEqualTo(march);
			assertThat(c.numerator()).isTrue();
		});
		// visits outside the period never count
		assertThat(count("nut-stunting", "2021-02-03", visit("2024-10-09", -3.0, -3.0, -3.0), visit("2026-01-01", 0.0, 0.0, 0.0)))
				.isEmpty();
	}

	@Test
	void aFlaggedZScoreIsNeverCountedAndTheChildFallsBackToHisLastValidVisit() {
		// Trần Văn Tú: 12.9 kg typed as 129 in November → WAZ and WHZ flagged
		GrowthVisit may = visit("2025-05-12", -2.2, -1.9, -1.4);
		GrowthVisit november = new GrowthVisit(LocalDate.parse("2025-11-17"), 9.8, true, -2.1, false, 7.3, true, null, false, null, false);
		assertThat(count("nut-underweight", "2022-04-11", may, november)).hasValueSatisfying(c -> {
			assertThat(c.visit()).isEqualTo(may);
			assertThat(c.numerator()).isTrue();
		});
		assertThat(count("nut-overweight", "2022-04-11", may, november)).hasValueSatisfying(c -> {
			assertThat(c.visit()).isEqualTo(may);
			assertThat(c.numerator()).isFalse();
		});
		// stunting uses the November height (not flagged)
		assertThat(count("nut-stunting", "2022-04-11", may, november)).hasValueSatisfying(c -> assertThat(c.visit()).isEqualTo(november));
		// only flagged values: not in any denominator of weight
		assertThat(count("nut-wasting", "2022-04-11", november)).isEmpty();
	}

	@Test
	void oedemaIsSevereForTheWeightBasedFormsAndSamButNotOverweight() {
		// Giàng A Páo, 23 months, bilateral oedema: no weight-based z-score is computed
		GrowthVisit oedema = new GrowthVisit(LocalDate.parse("2025-09-08"), null, false, -1.2, false, null, false, null, false, 13.0, true);
		for (String id : List.of("nut-underweight", "nut-wasting", "nut-wasting-severe", "nut-sam", "nut-malnourished-any")) {
			assertThat(count(id, "2023-10-02", oedema)).as(id).hasValueSatisfying(c -> assertThat(c.numerator()).isTrue());
		}
		assertThat(count("nut-wasting-moderate", "2023-10-02", oedema)).hasValueSatisfying(c -> assertThat(c.numerator()).isFalse());
		assertThat(count("nut-overweight", "2023-10-02", oedema)).isEmpty();
		assertThat(count("nut-stunting", "2023-10-02", oedema)).hasValueSatisfying(c -> assertThat(c.numerator()).isFalse());
	}

	@Test
	void samByMuacOnlyFromSixMonths() {
		GrowthVisit lowMuac = new GrowthVisit(LocalDate.parse("2025-06-25"), -1.0, false, -0.5, false, -1.2, false, null, false, 11.0, false);
		// Phạm Thị Hằng, 5 months: MUAC is not a SAM criterion yet
		assertThat(count("nut-sam", "2025-01-20", lowMuac)).hasValueSatisfying(c -> assertThat(c.numerator()).isFalse());
		// Nguyễn Minh Khang, 6 months on the visit: SAM by MUAC < 11.5 cm
		assertThat(count("nut-sam", "2024-12-25", lowMuac)).hasValueSatisfying(c -> assertThat(c.numerator()).isTrue());
		// 11.5 cm itself is not below the cut-off
		GrowthVisit edge = new GrowthVisit(LocalDate.parse("2025-06-25"), null, false, null, false, null, false, null, false, 11.5, false);
		assertThat(count("nut-sam", "2024-12-25", edge)).hasValueSatisfying(c -> assertThat(c.numerator()).isFalse());
		// MUAC alone before 6 months: not assessable for SAM
		assertThat(count("nut-sam", "2025-01-20", edge)).isEmpty();
	}

	@Test
	void cutOffsAreStrictAndWastingGradesDoNotOverlap() {
		String born = "2023-01-10";
		assertThat(count("nut-underweight", born, visit("2025-05-05", -2.0, null, null)).orElseThrow().numerator()).isFalse();
		assertThat(count("nut-underweight", born, visit("2025-05-05", -2.01, null, null)).orElseThrow().numerator()).isTrue();
		GrowthVisit minus3 = visit("2025-05-05", null, null, -3.0);
		assertThat(count("nut-wasting-moderate", born, minus3).orElseThrow().numerator()).isTrue();
		assertThat(count("nut-wasting-severe", born, minus3).orElseThrow().numerator()).isFalse();
		GrowthVisit severe = visit("2025-05-05", null, null, -3.01);
		assertThat(count("nut-wasting-moderate", born, severe).orElseThrow().numerator()).isFalse();
		assertThat(count("nut-wasting-severe", born, severe).orElseThrow().numerator()).isTrue();
		assertThat(count("nut-sam", born, severe).orElseThrow().numerator()).isTrue();
		GrowthVisit plus3 = visit("2025-05-05", null, null, 3.01);
		assertThat(count("nut-overweight", born, plus3).orElseThrow().numerator()).isTrue();
		assertThat(count("nut-obesity", born, plus3).orElseThrow().numerator()).isTrue();
		assertThat(count("nut-obesity", born, visit("2025-05-05", null, null, 3.0)).orElseThrow().numerator()).isFalse();
	}

	@Test
	void malnourishedInAtLeastOneFormCombinesTheThreeForms() {
		String born = "2022-08-08";
		assertThat(count("nut-malnourished-any", born, visit("2025-04-04", -1.0, -2.3, 0.5)).orElseThrow().numerator()).isTrue();
		assertThat(count("nut-malnourished-any", born, visit("2025-04-04", -1.9, -1.9, -1.9)).orElseThrow().numerator()).isFalse();
		// only a length: assessable on it alone
		assertThat(count("nut-malnourished-any", born, visit("2025-04-04", null, -2.5, null)).orElseThrow().numerator()).isTrue();
	}

	@Test
	void fiveToEightYearsUseBmiForAge() {
		String born = "2018-03-03";
		GrowthVisit thin = new GrowthVisit(LocalDate.parse("2025-10-10"), null, false, -1.0, false, null, false, -2.4, false, null, false);
		assertThat(count("nut-thinness-5-8y", born, thin).orElseThrow().numerator()).isTrue();
		assertThat(count("nut-overweight-5-8y", born, thin).orElseThrow().numerator()).isFalse();
		GrowthVisit heavy = new GrowthVisit(LocalDate.parse("2025-10-10"), null, false, 0.0, false, null, false, 1.5, false, null, false);
		assertThat(count("nut-overweight-5-8y", born, heavy).orElseThrow().numerator()).isTrue();
		assertThat(count("nut-obesity-5-8y", born, heavy).orElseThrow().numerator()).isFalse();
		assertThat(count("nut-underweight", born, heavy)).isEmpty();
	}
}
