package vn.eccd.fhir.immunization;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.immunization.ProductDoseRules.Dose;
import vn.eccd.fhir.immunization.ProductDoseRules.Rule;

/**
 * Dose validity by product, derived from the EPI schedule data, on hand-built children (each case worked out in
 * the comment): too-young and too-soon doses, the 4-day grace, duplicates, extra doses, and how a dose recorded
 * or removed later changes the validity of the child's other doses.
 */
class ProductDoseRulesTest {

	static final ProductDoseRules RULES = ProductDoseRules.from(ScheduleCatalog.loadFromClasspath());
	static final LocalDate LAN = LocalDate.of(2024, 5, 2); // Nguyễn Thị Lan, born 2 May 2024

	static Dose dose(String id, String vaccine, String date) {
		return new Dose(id, vaccine, LocalDate.parse(date), true);
	}

	@Test
	void rulesComeFromTheScheduleData() {
		// 5-in-1: 6 / 10 / 14 weeks, then at least 1 month after the previous valid dose (Circulars 38/2017 and 10/2024)
		assertThat(RULES.rules("dtp-hepb-hib")).containsExactly(new Rule(Period.ofDays(42), null),
				new Rule(Period.ofDays(70), Period.ofMonths(1)), new Rule(Period.ofDays(98), Period.ofMonths(1)));
		// MR is measles dose 2 (from 12 months) and rubella dose 1 (from 9 months): the less restrictive applies
		assertThat(RULES.rules("mr")).containsExactly(new Rule(Period.ofMonths(9), null));
		// DTP booster: dose 4 of diphtheria, the first dose of the product: minimum age 12 months
		assertThat(RULES.rules("dtp")).containsExactly(new Rule(Period.ofMonths(12), null));
		// IPV dose 2 exists in Circular 10/2024 only
		assertThat(RULES.rules("ipv")).hasSize(2);
		assertThat(RULES.rules("tt")).isEmpty(); // women's series only: not assessed for children
		assertThat(RULES.graceDays()).isEqualTo(4);
	}

	@Test
	void aFiveInOneDoseBeforeSixWeeksLessGraceIsInvalidAndTheNextOneBecomesDoseOne() {
		// 6 weeks = 2024-06-13; grace from 2024-06-09. 2024-06-08 is too young; 2024-06-09 is valid (grace)
		Map<String, Boolean> v = RULES.evaluate(LAN, List.of(dose("a", "dtp-hepb-hib", "2024-06-08"),
				dose("b", "dtp-hepb-hib", "2024-06-09")));
		assertThat(v).containsEntry("a", false).containsEntry("b", true);
	}

	@Test
	void dosesTooSoonAfterThePreviousValidDoseAreInvalidAndIntervalsRunFromTheValidOne() {
		// dose 1 on 2024-07-02 (valid); 2024-07-20 is 18 days later (< 1 month - 4 days = 2024-07-29): too soon;
		// 2024-07-29 is exactly 1 month - 4 days after dose 1 and older than 10 weeks - 4 days (2024-07-07): dose 2;
		// 2024-08-20 is < 2024-08-25 (dose 2 + 1 month - 4 days): too soon; 2024-08-26 is dose 3
		Map<String, Boolean> v = RULES.evaluate(LAN, List.of(dose("1", "dtp-hepb-hib", "2024-07-02"),
				dose("2", "dtp-hepb-hib", "2024-07-20"), dose("3", "dtp-hepb-hib", "2024-07-29"),
				dose("4", "dtp-hepb-hib", "2024-08-20"), dose("5", "dtp-hepb-hib", "2024-08-26")));
		assertThat(v).containsExactlyInAnyOrderEntriesOf(Map.of("1", true, "2", false, "3", true, "4", false, "5", true));
	}

	@Test
	void aSecondRecordOfTheSameDayIsTheSameDoseAndAFourthFiveInOneIsExtra() {
		Map<String, Boolean> v = RULES.evaluate(LAN, List.of(dose("1", "dtp-hepb-hib", "2024-07-02"),
				dose("1-copy", "dtp-hepb-hib", "2024-07-02"), dose("2", "dtp-hepb-hib", "2024-08-05"),
				dose("3", "dtp-hepb-hib", "2024-09-06"), dose("4", "dtp-hepb-hib", "2024-12-01")));
		assertThat(v).containsEntry("1", true).containsEntry("1-copy", true).containsEntry("3", true).containsEntry("4", false);
	}

	@Test
	void aDoseRecordedLaterCanInvalidateAnotherAndADeletedOneCanValidateAnother() {
		// Hoàng Văn Minh, born 2024-03-10: bOPV on 2024-05-20 (10 weeks) and 2024-06-25 (> 1 month later): doses 1 and 2
		LocalDate minh = LocalDate.of(2024, 3, 10);
		List<Dose> doses = new ArrayList<>(List.of(dose("x", "bopv", "2024-05-20"), dose("y", "bopv", "2024-06-25")));
		assertThat(RULES.evaluate(minh, doses)).containsEntry("x", true).containsEntry("y", true);
		// a dose on 2024-04-22 (6 weeks + 1 day) is recorded late: it becomes dose 1, 2024-05-20 (28 days later, 1 month
		// less grace = 2024-05-18) becomes dose 2, and 2024-06-25 dose 3: all valid
		doses.add(dose("w", "bopv", "2024-04-22"));
		assertThat(RULES.evaluate(minh, doses)).containsEntry("w", true).containsEntry("x", true).containsEntry("y", true);
		// recorded instead on 2024-05-01: dose 1; 2024-05-20 is now too soon (< 2024-05-28) and 2024-06-25 is dose 2
		doses.set(2, dose("w", "bopv", "2024-05-01"));
		assertThat(RULES.evaluate(minh, doses)).containsEntry("w", true).containsEntry("x", false).containsEntry("y", true);
		// deleted again: 2024-05-20 is valid again
		doses.remove(2);
		assertThat(RULES.evaluate(minh, doses)).containsEntry("x", true);
	}

	@Test
	void measlesBeforeNineMonthsIsInvalidAndOtherRecordsAreNotAssessed() {
		// 9 months = 2025-02-02, grace from 2025-01-29
		Map<String, Boolean> v = RULES.evaluate(LAN, List.of(dose("m1", "measles", "2025-01-28"), dose("m2", "measles", "2025-01-29"),
				new Dose("void", "measles", LocalDate.parse("2025-02-10"), false), dose("before-birth", "bcg", "2024-05-01"),
				dose("bcg", "bcg", "2024-05-02"), dose("tt", "tt", "2024-06-01")));
		assertThat(v).containsEntry("m1", false).containsEntry("m2", true).containsEntry("before-birth", false)
				.containsEntry("bcg", true).containsEntry("void", null).containsEntry("tt", null);
		assertThat(RULES.evaluate(null, List.of(dose("a", "bcg", "2024-05-02")))).containsEntry("a", null);
	}
}
