package vn.eccd.fhir.measure.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Growth-monitoring coverage on hand-built children: age at period end, quarters since birth, two visits 3 months apart. */
class GrowthMonitoringRuleTest {

	static final LocalDate START = LocalDate.of(2025, 1, 1);
	static final LocalDate END = LocalDate.of(2025, 12, 31);
	static final GrowthMonitoringRule QUARTERLY = new GrowthMonitoringRule(GrowthMonitoringRule.Schedule.EVERY_QUARTER_UNDER_TWO);
	static final GrowthMonitoringRule TWICE = new GrowthMonitoringRule(GrowthMonitoringRule.Schedule.TWICE_UNDER_FIVE);

	static GrowthVisit weighed(String date) {
		return new GrowthVisit(LocalDate.parse(date), -0.5, false, null, false, null, false, null, false, null, false);
	}

	static GrowthVisit flagged(String date) {
		return new GrowthVisit(LocalDate.parse(date), 7.0, true, null, false, null, false, null, false, null, false);
	}

	@Test
	void underTwosAreThoseAged0To23MonthsAtPeriodEnd() {
		assertThat(QUARTERLY.inInitialPopulation(LocalDate.of(2024, 1, 1), END)).isTrue();   // 23 months
		assertThat(QUARTERLY.inInitialPopulation(LocalDate.of(2023, 12, 31), END)).isFalse(); // 24 months
		assertThat(QUARTERLY.inInitialPopulation(LocalDate.of(2025, 12, 31), END)).isTrue();  // born on the last day
		assertThat(QUARTERLY.inInitialPopulation(LocalDate.of(2026, 1, 1), END)).isFalse();
		assertThat(QUARTERLY.ageGroup(LocalDate.of(2025, 7, 1), END)).isEqualTo("0-5");
	}

	@Test
	void everyQuarterOfThePeriodTheChildWasAliveInMustHaveAValidMeasurement() {
		LocalDate born2024 = LocalDate.of(2024, 5, 5);
		List<GrowthVisit> all = List.of(weighed("2025-02-10"), weighed("2025-05-12"), weighed("2025-08-11"), weighed("2025-11-10"));
		assertThat(QUARTERLY.inNumerator(born2024, all, START, END)).isTrue();
		// two visits in Q2, none in Q3
		assertThat(QUARTERLY.inNumerator(born2024, List.of(weighed("2025-02-10"), weighed("2025-04-01"), weighed("2025-06-30"),
				weighed("2025-11-10")), START, END)).isFalse();
		// a flagged weight is not a measurement
		assertThat(QUARTERLY.inNumerator(born2024, List.of(weighed("2025-02-10"), weighed("2025-05-12"), flagged("2025-08-11"),
				weighed("2025-11-10")), START, END)).isFalse();
		// born in August: Q3 (weighed at birth) and Q4 only
		LocalDate bornAugust = LocalDate.of(2025, 8, 20);
		assertThat(QUARTERLY.inNumerator(bornAugust, List.of(weighed("2025-08-20"), weighed("2025-10-20")), START, END)).isTrue();
		assertThat(QUARTERLY.inNumerator(bornAugust, List.of(weighed("2025-10-20")), START, END)).isFalse();
		// a one-quarter period
		assertThat(QUARTERLY.inNumerator(born2024, List.of(weighed("2025-05-12")), LocalDate.of(2025, 4, 1), LocalDate.of(2025, 6, 30))).isTrue();
	}

	@Test
	void underFivesNeedTwoMeasurementsAtLeastThreeMonthsApart() {
		LocalDate born = LocalDate.of(2022, 3, 3);
		assertThat(TWICE.inInitialPopulation(born, END)).isTrue();
		assertThat(TWICE.inInitialPopulation(LocalDate.of(2025, 7, 1), END)).isFalse(); // 5 months at period end
		assertThat(TWICE.inInitialPopulation(LocalDate.of(2020, 12, 31), END)).isFalse(); // 60 months
		assertThat(TWICE.inNumerator(born, List.of(weighed("2025-06-01"), weighed("2025-09-01")), START, END)).isTrue();
		assertThat(TWICE.inNumerator(born, List.of(weighed("2025-06-01"), weighed("2025-08-31")), START, END)).isFalse();
		assertThat(TWICE.inNumerator(born, List.of(weighed("2025-06-01")), START, END)).isFalse();
		assertThat(TWICE.inNumerator(born, List.of(weighed("2024-11-01"), weighed("2025-06-01")), START, END)).isFalse();
		assertThat(TWICE.inNumerator(born, List.of(flagged("2025-01-10"), weighed("2025-06-01")), START, END)).isFalse();
	}
}
