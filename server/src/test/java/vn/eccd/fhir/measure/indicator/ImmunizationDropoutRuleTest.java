package vn.eccd.fhir.measure.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.measure.indicator.ImmunizationCoverageRule.Dose;

/** Dropout DTP1 → DTP3 and the deceased exclusion on hand-built children. */
class ImmunizationDropoutRuleTest {

	static final ImmunizationDropoutRule DROPOUT = (ImmunizationDropoutRule) IndicatorCatalog
			.byUrl("https://fhir.eccd.vn/Measure/imm-dropout-dtp1-dtp3").orElseThrow().rule();
	static final LocalDate LAN = LocalDate.of(2024, 5, 2); // Nguyễn Thị Lan: first birthday 2025-05-02

	static Dose valid(String date) {
		return new Dose("dtp-hepb-hib", LocalDate.parse(date), "completed", true);
	}

	@Test
	void aChildWithoutAValidFirstDoseIsNotInTheDenominator() {
		assertThat(DROPOUT.inDenominator(LAN, List.of())).isFalse();
		// the only dose was too young (validity false, e.g. given at 4 weeks)
		assertThat(DROPOUT.inDenominator(LAN, List.of(new Dose("dtp-hepb-hib", LocalDate.parse("2024-05-30"), "completed", false))))
				.isFalse();
		// a first dose after the first birthday started the series too late for this cohort
		assertThat(DROPOUT.inDenominator(LAN, List.of(valid("2025-05-02")))).isFalse();
	}

	@Test
	void startedButNotCompletedBeforeTheFirstBirthdayIsADropout() {
		assertThat(DROPOUT.inNumerator(LAN, List.of(valid("2024-07-02")))).isTrue();
		assertThat(DROPOUT.inNumerator(LAN, List.of(valid("2024-07-02"), valid("2024-08-05")))).isTrue();
		// third dose late (on the first birthday): still a dropout by age 1
		assertThat(DROPOUT.inNumerator(LAN, List.of(valid("2024-07-02"), valid("2024-08-05"), valid("2025-05-02")))).isTrue();
		assertThat(DROPOUT.inNumerator(LAN, List.of(valid("2024-07-02"), valid("2024-08-05"), valid("2024-09-06")))).isFalse();
		// a too-soon third dose is invalid: dropout
		assertThat(DROPOUT.inNumerator(LAN, List.of(valid("2024-07-02"), valid("2024-08-05"),
				new Dose("dtp-hepb-hib", LocalDate.parse("2024-08-15"), "completed", false)))).isTrue();
	}

	@Test
	void childrenWhoDiedBeforeTheFirstBirthdayAreExcludedOthersAreNot() {
		ImmunizationCoverageRule dtp3 = (ImmunizationCoverageRule) IndicatorCatalog
				.byUrl("https://fhir.eccd.vn/Measure/imm-dtp3").orElseThrow().rule();
		ImmunizationCoverageRule hepbBirth = (ImmunizationCoverageRule) IndicatorCatalog
				.byUrl("https://fhir.eccd.vn/Measure/imm-hepb-birth-dose").orElseThrow().rule();
		CohortMember diedAtSixMonths = member(true, LocalDate.of(2024, 11, 2));
		CohortMember diedOnBirthday = member(true, LocalDate.of(2025, 5, 2));
		CohortMember deceasedNoDate = member(true, null);
		CohortMember alive = member(false, null);
		assertThat(dtp3.excluded(diedAtSixMonths)).isTrue();
		assertThat(dtp3.excluded(diedOnBirthday)).isFalse(); // survived to age 1
		assertThat(dtp3.excluded(deceasedNoDate)).isTrue();
		assertThat(dtp3.excluded(alive)).isFalse();
		assertThat(dtp3.excluded(member(null, null))).isFalse();
		// live births: no exclusion
		assertThat(hepbBirth.excluded(diedAtSixMonths)).isFalse();
	}

	@Test
	void anExcludedChildCountsInTheDenominatorButNotInTheNumeratorNorTheScore() {
		IndicatorResult result = new IndicatorResult();
		result.add("a", true, false, true, member(false, null).strata());
		result.add("b", true, true, true, member(true, null).strata());
		result.add("c", false, false, true, member(false, null).strata());
		assertThat(result.total.initialPopulation).isEqualTo(3);
		assertThat(result.total.denominator).isEqualTo(2);
		assertThat(result.total.denominatorExclusion).isEqualTo(1);
		assertThat(result.total.numerator).isEqualTo(1);
		assertThat(result.total.score()).isEqualTo(1.0);
	}

	static CohortMember member(Boolean deceased, LocalDate died) {
		return new CohortMember("p", LAN, "female", "01", "16279", "38", deceased, died);
	}
}
