package vn.eccd.fhir.measure.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.measure.indicator.ImmunizationCoverageRule.Dose;

/** The coverage rules on hand-built children (Nguyễn Thị Lan, Hoàng Văn Minh, ...): edge ages, late, invalid and void doses. */
class ImmunizationCoverageRuleTest {

	static final LocalDate START = LocalDate.of(2025, 1, 1);
	static final LocalDate END = LocalDate.of(2025, 12, 31);

	static ImmunizationCoverageRule rule(String id) {
		return (ImmunizationCoverageRule) IndicatorCatalog.byUrl("https://fhir.eccd.vn/Measure/" + id).orElseThrow().rule();
	}

	static Dose dose(String vaccine, String date) {
		return new Dose(vaccine, LocalDate.parse(date), "completed", null);
	}

	@Test
	void firstBirthdayCohortIsThoseTurningOneInThePeriod() {
		ImmunizationCoverageRule bcg = rule("imm-bcg");
		assertThat(bcg.inInitialPopulation(LocalDate.of(2024, 1, 1), START, END)).isTrue();   // 1st birthday on period start
		assertThat(bcg.inInitialPopulation(LocalDate.of(2024, 12, 31), START, END)).isTrue(); // ... on period end
		assertThat(bcg.inInitialPopulation(LocalDate.of(2023, 12, 31), START, END)).isFalse();
		assertThat(bcg.inInitialPopulation(LocalDate.of(2025, 1, 1), START, END)).isFalse();
		assertThat(bcg.inInitialPopulation(null, START, END)).isFalse();
	}

	@Test
	void leapDayChildTurnsOneOnTheTwentyEighthOfFebruary() {
		ImmunizationCoverageRule bcg = rule("imm-bcg");
		LocalDate born = LocalDate.of(2024, 2, 29);
		assertThat(bcg.inInitialPopulation(born, LocalDate.of(2025, 2, 28), LocalDate.of(2025, 2, 28))).isTrue();
		assertThat(bcg.inNumerator(born, List.of(dose("bcg", "2025-02-27")))).isTrue();
		assertThat(bcg.inNumerator(born, List.of(dose("bcg", "2025-02-28")))).isFalse();
	}

	@Test
	void aDoseOnTheFirstBirthdayIsTooLateAndBeforeBirthIsImpossible() {
		ImmunizationCoverageRule bcg = rule("imm-bcg");
		LocalDate born = LocalDate.of(2024, 3, 15); // Hoàng Văn Minh
		assertThat(bcg.inNumerator(born, List.of(dose("bcg", "2025-03-14")))).isTrue();
		assertThat(bcg.inNumerator(born, List.of(dose("bcg", "2025-03-15")))).isFalse();
		assertThat(bcg.inNumerator(born, List.of(dose("bcg", "2024-03-14")))).isFalse();
	}

	@Test
	void dtp3NeedsThreeDosesOnDistinctDaysOfTheFiveInOne() {
		ImmunizationCoverageRule dtp3 = rule("imm-dtp3");
		LocalDate born = LocalDate.of(2024, 5, 2); // Nguyễn Thị Lan
		assertThat(dtp3.inNumerator(born, List.of(dose("dtp-hepb-hib", "2024-07-02"), dose("dtp-hepb-hib", "2024-08-02"),
				dose("dtp-hepb-hib", "2024-09-03")))).isTrue();
		// the same dose recorded twice is one dose
		assertThat(dtp3.inNumerator(born, List.of(dose("dtp-hepb-hib", "2024-07-02"), dose("dtp-hepb-hib", "2024-08-02"),
				dose("dtp-hepb-hib", "2024-08-02")))).isFalse();
		// a DTP booster is not a 5-in-1 dose
		assertThat(dtp3.inNumerator(born, List.of(dose("dtp-hepb-hib", "2024-07-02"), dose("dtp-hepb-hib", "2024-08-02"),
				dose("dtp", "2024-09-03")))).isFalse();
		// third dose after the first birthday: late, not counted for coverage by age 1
		assertThat(dtp3.inNumerator(born, List.of(dose("dtp-hepb-hib", "2024-07-02"), dose("dtp-hepb-hib", "2024-08-02"),
				dose("dtp-hepb-hib", "2025-05-02")))).isFalse();
	}

	@Test
	void voidedAndInvalidDosesDoNotCount() {
		ImmunizationCoverageRule opv3 = rule("imm-opv3");
		LocalDate born = LocalDate.of(2024, 5, 2);
		List<Dose> twoGood = List.of(dose("bopv", "2024-07-02"), dose("bopv", "2024-08-02"));
		assertThat(opv3.inNumerator(born, concat(twoGood, new Dose("bopv", LocalDate.parse("2024-09-03"), "entered-in-error", null)))).isFalse();
		assertThat(opv3.inNumerator(born, concat(twoGood, new Dose("bopv", LocalDate.parse("2024-09-03"), "not-done", null)))).isFalse();
		assertThat(opv3.inNumerator(born, concat(twoGood, new Dose("bopv", LocalDate.parse("2024-09-03"), "completed", false)))).isFalse();
		assertThat(opv3.inNumerator(born, concat(twoGood, new Dose("bopv", null, "completed", null)))).isFalse();
		assertThat(opv3.inNumerator(born, concat(twoGood, new Dose("bopv", LocalDate.parse("2024-09-03"), "completed", true)))).isTrue();
	}

	@Test
	void hepBBirthDoseCountsOnTheDayOfBirthOrTheNextDayForChildrenBornInThePeriod() {
		ImmunizationCoverageRule hepb = rule("imm-hepb-birth-dose");
		LocalDate born = LocalDate.of(2025, 6, 30); // Lò Thị Hoa
		assertThat(hepb.inInitialPopulation(born, START, END)).isTrue();
		assertThat(hepb.inInitialPopulation(LocalDate.of(2024, 12, 31), START, END)).isFalse();
		assertThat(hepb.inNumerator(born, List.of(dose("hepb", "2025-06-30")))).isTrue();
		assertThat(hepb.inNumerator(born, List.of(dose("hepb", "2025-07-01")))).isTrue();
		assertThat(hepb.inNumerator(born, List.of(dose("hepb", "2025-07-02")))).isFalse();
		// HepB in the 5-in-1 is not a birth dose
		assertThat(hepb.inNumerator(born, List.of(dose("dtp-hepb-hib", "2025-06-30")))).isFalse();
	}

	@Test
	void mcv1CountsMeaslesOrMrBeforeOneAndSecondYearIndicatorsUseTheSecondBirthday() {
		LocalDate born = LocalDate.of(2024, 1, 10);
		assertThat(rule("imm-mcv1").inNumerator(born, List.of(dose("mr", "2024-10-10")))).isTrue();
		assertThat(rule("imm-mcv1").inNumerator(born, List.of(dose("measles", "2024-10-10")))).isTrue();
		assertThat(rule("imm-mcv1").inNumerator(born, List.of(dose("measles", "2025-01-10")))).isFalse();
		LocalDate toddler = LocalDate.of(2023, 8, 20);
		assertThat(rule("imm-mr").inInitialPopulation(toddler, START, END)).isTrue();
		assertThat(rule("imm-mr").inNumerator(toddler, List.of(dose("mr", "2025-02-20")))).isTrue();
		assertThat(rule("imm-mr").inNumerator(toddler, List.of(dose("measles", "2025-02-20")))).isFalse();
		assertThat(rule("imm-dtp4").inNumerator(toddler, List.of(dose("dtp", "2025-08-20")))).isFalse();
		assertThat(rule("imm-dtp4").inNumerator(toddler, List.of(dose("dtp", "2025-08-19")))).isTrue();
	}

	@Test
	void databaseBirthDateWindowContainsEveryCohortMember() {
		for (Indicator indicator : IndicatorCatalog.all()) {
			if (!(indicator.rule() instanceof ImmunizationCoverageRule rule)) {
				continue;
			}
			for (LocalDate birth = LocalDate.of(2022, 12, 1); birth.isBefore(LocalDate.of(2026, 2, 1)); birth = birth.plusDays(1)) {
				if (rule.inInitialPopulation(birth, START, END)) {
					assertThat(birth).as(indicator.id()).isBetween(rule.earliestBirthDate(START), rule.latestBirthDate(END));
				}
			}
		}
	}

	private static List<Dose> concat(List<Dose> doses, Dose extra) {
		java.util.ArrayList<Dose> all = new java.util.ArrayList<>(doses);
		all.add(extra);
		return all;
	}
}
