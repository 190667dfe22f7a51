package vn.eccd.fhir.measure.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.measure.indicator.InfantFeedingRule.Feeding;

/** Early and exclusive breastfeeding on hand-built infants (Lò Văn Minh born 2025-03-10, Nguyễn Bảo An, ...). */
class InfantFeedingRuleTest {

	static final LocalDate START = LocalDate.of(2025, 1, 1);
	static final LocalDate END = LocalDate.of(2025, 12, 31);
	static final LocalDate BORN = LocalDate.of(2025, 3, 10);

	static InfantFeedingRule rule(String id) {
		return (InfantFeedingRule) IndicatorCatalog.byUrl("https://fhir.eccd.vn/Measure/" + id).orElseThrow().rule();
	}

	static Feeding status(LocalDate date, String value) {
		return new Feeding("breastfeeding-status", date, "final", value);
	}

	@Test
	void liveBirthsOfThePeriodWithAYesRecordAreBreastfedEarly() {
		InfantFeedingRule early = rule("nb-early-breastfeeding");
		Feeding yes = new Feeding("early-breastfeeding", BORN, "final", "true");
		Feeding no = new Feeding("early-breastfeeding", BORN, "final", "false");
		assertThat(early.inInitialPopulation(BORN, List.of(), START, END)).isTrue();
		assertThat(early.inInitialPopulation(LocalDate.of(2024, 12, 31), List.of(yes), START, END)).isFalse();
		assertThat(early.inNumerator(BORN, List.of(yes), START, END)).isTrue();
		assertThat(early.inNumerator(BORN, List.of(no), START, END)).isFalse();
		assertThat(early.inNumerator(BORN, List.of(), START, END)).isFalse();
		assertThat(early.inNumerator(BORN, List.of(new Feeding("early-breastfeeding", BORN, "entered-in-error", "true")), START, END)).isFalse();
	}

	@Test
	void exclusiveBreastfeedingReadsTheLatestRecordBeforeSixMonths() {
		InfantFeedingRule exclusive = rule("bf-exclusive-under-6m");
		// a record on the day before the 6-month birthday counts, on the birthday it does not
		List<Feeding> lastDay = List.of(status(BORN.plusMonths(6).minusDays(1), "exclusive"));
		assertThat(exclusive.inInitialPopulation(BORN, lastDay, START, END)).isTrue();
		assertThat(exclusive.inNumerator(BORN, lastDay, START, END)).isTrue();
		assertThat(exclusive.inInitialPopulation(BORN, List.of(status(BORN.plusMonths(6), "exclusive")), START, END)).isFalse();
		// the latest record decides: exclusive at 2 months, partial at 5 months -> not exclusive
		List<Feeding> mixedLater = List.of(status(BORN.plusMonths(2), "exclusive"), status(BORN.plusMonths(5), "partial"));
		assertThat(exclusive.inNumerator(BORN, mixedLater, START, END)).isFalse();
		// a record after the period is not read
		assertThat(exclusive.inNumerator(BORN, List.of(status(BORN.plusMonths(2), "exclusive")), START, BORN.plusMonths(3))).isTrue();
		assertThat(exclusive.inNumerator(BORN, mixedLater, START, BORN.plusMonths(3))).isTrue();
		// two contradicting records on the latest day: not counted as exclusive
		LocalDate day = BORN.plusMonths(4);
		assertThat(exclusive.inNumerator(BORN, List.of(status(day, "exclusive"), status(day, "predominant")), START, END)).isFalse();
		// infants without a record are not in the denominator
		assertThat(exclusive.inInitialPopulation(BORN, List.of(), START, END)).isFalse();
	}
}
