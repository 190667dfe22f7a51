package vn.eccd.fhir.measure.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.immunization.ImmunizationEngine;
import vn.eccd.fhir.immunization.ScheduleCatalog;
import vn.eccd.fhir.measure.indicator.MaternalCareRule.Contact;
import vn.eccd.fhir.measure.indicator.MaternalCareRule.Criterion;
import vn.eccd.fhir.measure.indicator.MaternalCareRule.Pregnancy;
import vn.eccd.fhir.measure.indicator.MaternalCareRule.Supplement;
import vn.eccd.fhir.measure.indicator.MaternalCareRule.Woman;

/**
 * The pregnancy and delivery rules on hand-built women: Lò Thị Hoa (Mường Lát) and Nguyễn Thị Lan (Hàm Rồng), with
 * no ANC, a first contact at 13+6 against 14+0 weeks, a home birth with a relative, PNC on day 7 against day 8, ...
 */
class MaternalCareRuleTest {

	static final LocalDate START = LocalDate.of(2025, 1, 1);
	static final LocalDate END = LocalDate.of(2025, 12, 31);
	static final LocalDate LMP = LocalDate.of(2024, 9, 1);
	static final LocalDate DELIVERY = LocalDate.of(2025, 6, 7); // 39 weeks + 6 days after the LMP
	static final MaternalCareRule.TetanusProtection TETANUS = MaternalCareFamily.tetanusProtection(
			new ImmunizationEngine(ScheduleCatalog.loadFromClasspath()));

	static MaternalCareRule rule(String id) {
		return (MaternalCareRule) IndicatorCatalog.byUrl("https://fhir.eccd.vn/Measure/" + id).orElseThrow().rule();
	}

	static Contact contact(LocalDate date) {
		return new Contact(date, "finished", "preg-hoa", null);
	}

	static Contact delivery(LocalDate date, Boolean skilled) {
		return new Contact(date, "finished", "preg-hoa", skilled);
	}

	static Woman woman(List<Contact> anc, List<Contact> pnc, List<ImmunizationCoverageRule.Dose> doses, List<Supplement> supplements) {
		return new Woman(List.of(delivery(DELIVERY, true)), anc, pnc, Map.of("preg-hoa", new Pregnancy(LMP, LMP.plusDays(280))),
				doses, supplements);
	}

	static ImmunizationCoverageRule.Dose td(LocalDate date) {
		return new ImmunizationCoverageRule.Dose("td", date, "completed", null);
	}

	@Test
	void theCaseIsTheLatestCountedDeliveryInThePeriod() {
		assertThat(MaternalCareRule.caseDeliveryDate(List.of(delivery(DELIVERY, true)), START, END)).contains(DELIVERY);
		assertThat(MaternalCareRule.caseDeliveryDate(List.of(delivery(LocalDate.of(2024, 12, 31), true)), START, END)).isEmpty();
		assertThat(MaternalCareRule.caseDeliveryDate(List.of(delivery(LocalDate.of(2025, 1, 1), true),
				delivery(LocalDate.of(2025, 12, 31), false)), START, END)).contains(LocalDate.of(2025, 12, 31));
		// a delivery recorded in error or only planned is no delivery
		assertThat(MaternalCareRule.caseDeliveryDate(List.of(new Contact(DELIVERY, "entered-in-error", null, true),
				new Contact(DELIVERY, "planned", null, true)), START, END)).isEmpty();
	}

	@Test
	void aWomanWithNoAncIsInTheDenominatorButInNoAncNumerator() {
		Woman hoa = woman(List.of(), List.of(), List.of(), List.of());
		for (String id : List.of("anc-4-contacts", "anc-first-trimester", "anc-tetanus-protected", "anc-iron-folic", "pnc-7-days")) {
			assertThat(rule(id).inNumerator(hoa, DELIVERY, TETANUS)).as(id).isFalse();
		}
		assertThat(rule("birth-skilled-attendant").inNumerator(hoa, DELIVERY, TETANUS)).isTrue();
	}

	@Test
	void fourContactsOnDistinctDaysOfThisPregnancy() {
		MaternalCareRule anc4 = rule("anc-4-contacts");
		List<Contact> four = List.of(contact(LMP.plusWeeks(10)), contact(LMP.plusWeeks(20)), contact(LMP.plusWeeks(30)),
				contact(LMP.plusWeeks(36)));
		assertThat(anc4.inNumerator(woman(four, List.of(), List.of(), List.of()), DELIVERY, TETANUS)).isTrue();
		// the same contact recorded twice is one contact
		List<Contact> duplicate = List.of(four.get(0), four.get(1), four.get(2), contact(LMP.plusWeeks(30)));
		assertThat(anc4.inNumerator(woman(duplicate, List.of(), List.of(), List.of()), DELIVERY, TETANUS)).isFalse();
		// a contact of an earlier pregnancy (more than 44 weeks before the delivery) or a cancelled one does not count
		List<Contact> earlier = List.of(contact(DELIVERY.minusDays(309)), four.get(1), four.get(2), four.get(3));
		assertThat(anc4.inNumerator(woman(earlier, List.of(), List.of(), List.of()), DELIVERY, TETANUS)).isFalse();
		List<Contact> cancelled = List.of(new Contact(LMP.plusWeeks(10), "cancelled", "preg-hoa", null), four.get(1),
				four.get(2), four.get(3));
		assertThat(anc4.inNumerator(woman(cancelled, List.of(), List.of(), List.of()), DELIVERY, TETANUS)).isFalse();
	}

	@Test
	void firstContactAt13Weeks6DaysIsFirstTrimesterAnd14WeeksIsNot() {
		MaternalCareRule rule = rule("anc-first-trimester");
		List<Contact> later = List.of(contact(LMP.plusWeeks(24)));
		assertThat(rule.inNumerator(woman(List.of(contact(LMP.plusDays(13 * 7 + 6)), later.get(0)), List.of(), List.of(),
				List.of()), DELIVERY, TETANUS)).isTrue();
		assertThat(rule.inNumerator(woman(List.of(contact(LMP.plusDays(14 * 7)), later.get(0)), List.of(), List.of(),
				List.of()), DELIVERY, TETANUS)).isFalse();
		// without an LMP the EDD dates the pregnancy (EDD - 280 days)
		Woman eddOnly = new Woman(List.of(delivery(DELIVERY, true)), List.of(contact(LMP.plusDays(97))), List.of(),
				Map.of("preg-hoa", new Pregnancy(null, LMP.plusDays(280))), List.of(), List.of());
		assertThat(rule.inNumerator(eddOnly, DELIVERY, TETANUS)).isTrue();
		// a contact whose pregnancy record is unknown cannot be dated
		Woman unlinked = new Woman(List.of(delivery(DELIVERY, true)), List.of(new Contact(LMP.plusWeeks(8), "finished", null, null)),
				List.of(), Map.of("preg-hoa", new Pregnancy(LMP, null)), List.of(), List.of());
		assertThat(rule.inNumerator(unlinked, DELIVERY, TETANUS)).isFalse();
	}

	@Test
	void tetanusProtectionIsTheImmunizationCapabilitysProtectionAtBirth() {
		MaternalCareRule rule = rule("anc-tetanus-protected");
		// two doses in this pregnancy, the second a month before delivery: protected; 3 weeks before: not yet
		assertThat(rule.inNumerator(woman(List.of(), List.of(), List.of(td(LMP.plusWeeks(16)), td(DELIVERY.minusMonths(1))),
				List.of()), DELIVERY, TETANUS)).isTrue();
		assertThat(rule.inNumerator(woman(List.of(), List.of(), List.of(td(LMP.plusWeeks(16)), td(DELIVERY.minusWeeks(3))),
				List.of()), DELIVERY, TETANUS)).isFalse();
		// a second dose 2 weeks after the first is too soon (minimum interval 1 month) and does not count
		assertThat(rule.inNumerator(woman(List.of(), List.of(), List.of(td(LMP.plusWeeks(16)), td(LMP.plusWeeks(18))),
				List.of()), DELIVERY, TETANUS)).isFalse();
		// two doses, the last 3 years + 1 day before: expired; three doses, the last within 5 years: protected
		LocalDate old = DELIVERY.minusYears(3).minusDays(1);
		assertThat(rule.inNumerator(woman(List.of(), List.of(), List.of(td(old.minusMonths(1)), td(old)), List.of()),
				DELIVERY, TETANUS)).isFalse();
		assertThat(rule.inNumerator(woman(List.of(), List.of(), List.of(td(old.minusMonths(8)), td(old.minusMonths(7)), td(old)),
				List.of()), DELIVERY, TETANUS)).isTrue();
		// five doses at valid intervals protect for the childbearing years; a single dose never does
		List<ImmunizationCoverageRule.Dose> five = List.of(tt("2001-03-01"), tt("2001-04-01"), tt("2001-10-01"),
				tt("2002-10-01"), tt("2003-10-01"));
		assertThat(rule.inNumerator(woman(List.of(), List.of(), five, List.of()), DELIVERY, TETANUS)).isTrue();
		assertThat(rule.inNumerator(woman(List.of(), List.of(), List.of(td(LMP.plusWeeks(16))), List.of()), DELIVERY, TETANUS)).isFalse();
		// a dose recorded in error, or of another vaccine, does not count
		assertThat(rule.inNumerator(woman(List.of(), List.of(), List.of(td(LMP.plusWeeks(10)),
				new ImmunizationCoverageRule.Dose("td", LMP.plusWeeks(20), "entered-in-error", null),
				new ImmunizationCoverageRule.Dose("mr", LMP.plusWeeks(21), "completed", null)), List.of()), DELIVERY, TETANUS)).isFalse();
	}

	static ImmunizationCoverageRule.Dose tt(String date) {
		return new ImmunizationCoverageRule.Dose("tt", LocalDate.parse(date), "completed", null);
	}

	@Test
	void ironFolicAcidGivenDuringThisPregnancy() {
		MaternalCareRule rule = rule("anc-iron-folic");
		assertThat(rule.inNumerator(woman(List.of(), List.of(), List.of(),
				List.of(new Supplement("iron-folic-acid", LMP.plusWeeks(14), "completed"))), DELIVERY, TETANUS)).isTrue();
		assertThat(rule.inNumerator(woman(List.of(), List.of(), List.of(),
				List.of(new Supplement("iron-folic-acid", DELIVERY.minusDays(309), "completed"))), DELIVERY, TETANUS)).isFalse();
		assertThat(rule.inNumerator(woman(List.of(), List.of(), List.of(),
				List.of(new Supplement("iron-folic-acid", LMP.plusWeeks(14), "not-done"))), DELIVERY, TETANUS)).isFalse();
		assertThat(rule.inNumerator(woman(List.of(), List.of(), List.of(),
				List.of(new Supplement("vitamin-a-200000", LMP.plusWeeks(14), "completed"))), DELIVERY, TETANUS)).isFalse();
	}

	@Test
	void homeBirthWithARelativeIsNotSkilledAttendance() {
		MaternalCareRule rule = rule("birth-skilled-attendant");
		Woman home = new Woman(List.of(delivery(DELIVERY, false)), List.of(), List.of(), Map.of(), List.of(), List.of());
		assertThat(rule.inNumerator(home, DELIVERY, TETANUS)).isFalse();
		// an earlier delivery in the period attended by a midwife does not make the latest one skilled
		Woman twoBirths = new Woman(List.of(delivery(LocalDate.of(2025, 1, 3), true), delivery(DELIVERY, false)), List.of(),
				List.of(), Map.of(), List.of(), List.of());
		assertThat(rule.inNumerator(twoBirths, DELIVERY, TETANUS)).isFalse();
	}

	@Test
	void postnatalContactOnDay7CountsAndOnDay8DoesNot() {
		MaternalCareRule rule = rule("pnc-7-days");
		assertThat(rule.inNumerator(woman(List.of(), List.of(contact(DELIVERY.plusDays(7))), List.of(), List.of()), DELIVERY, TETANUS)).isTrue();
		assertThat(rule.inNumerator(woman(List.of(), List.of(contact(DELIVERY.plusDays(8))), List.of(), List.of()), DELIVERY, TETANUS)).isFalse();
		assertThat(rule.inNumerator(woman(List.of(), List.of(contact(DELIVERY)), List.of(), List.of()), DELIVERY, TETANUS)).isTrue();
		assertThat(rule.inNumerator(woman(List.of(), List.of(contact(DELIVERY.minusDays(1))), List.of(), List.of()), DELIVERY, TETANUS)).isFalse();
	}
}
