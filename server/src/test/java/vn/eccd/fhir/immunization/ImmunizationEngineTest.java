package vn.eccd.fhir.immunization;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.eccd.fhir.immunization.ImmunizationModel.ForecastStatus.AGED_OUT;
import static vn.eccd.fhir.immunization.ImmunizationModel.ForecastStatus.COMPLETE;
import static vn.eccd.fhir.immunization.ImmunizationModel.ForecastStatus.DUE;
import static vn.eccd.fhir.immunization.ImmunizationModel.ForecastStatus.NOT_DUE;
import static vn.eccd.fhir.immunization.ImmunizationModel.ForecastStatus.OVERDUE;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.immunization.ImmunizationModel.AdministeredDose;
import vn.eccd.fhir.immunization.ImmunizationModel.ChildStatus;
import vn.eccd.fhir.immunization.ImmunizationModel.DoseEvaluation;
import vn.eccd.fhir.immunization.ImmunizationModel.DoseStatus;
import vn.eccd.fhir.immunization.ImmunizationModel.MaternalTetanusStatus;
import vn.eccd.fhir.immunization.ImmunizationModel.Reason;
import vn.eccd.fhir.immunization.ImmunizationModel.SeriesForecast;

/**
 * Hand-worked children (and mothers) checked against the engine. Each case states the schedule facts used
 * (from the data in terminology/.../immunization/, Circular 38/2017 in force 2018-01-01..2024-07-31, Circular
 * 10/2024 from 2024-08-01) and the arithmetic by hand. Grace period: 4 days. "FIC" = fully immunized before the
 * first birthday, definition vn-epi-fic-2018 (BCG1, HepB3 + DTP3 + Hib3 from the 5-in-1, bOPV3, measles 1)
 * unless stated; vn-epi-fic-2018-ipv adds IPV1.
 */
class ImmunizationEngineTest {

	static final ImmunizationEngine ENGINE = new ImmunizationEngine(ScheduleCatalog.loadFromClasspath());
	static final String FIC = "vn-epi-fic-2018";
	static final String FIC_IPV = "vn-epi-fic-2018-ipv";

	/** A child's record: birth date and doses (vaccine code, date). */
	static final class Child {
		final String name;
		final LocalDate birth;
		final List<AdministeredDose> doses = new ArrayList<>();

		Child(String name, String birth) {
			this.name = name;
			this.birth = LocalDate.parse(birth);
		}

		Child dose(String vaccine, String... dates) {
			for (String date : dates) {
				doses.add(new AdministeredDose(vaccine + "-" + date + "-" + doses.size(), vaccine, LocalDate.parse(date)));
			}
			return this;
		}

		/** 5-in-1 and bOPV on the same days (the usual visit). */
		Child infantVisits(String... dates) {
			return dose("dtp-hepb-hib", dates).dose("bopv", dates);
		}

		ChildStatus at(String date) {
			return ENGINE.evaluateChild(birth, doses, LocalDate.parse(date));
		}

		boolean fic(String definition) {
			return ENGINE.fullyImmunizedBeforeFirstBirthday(birth, doses, definition).fullyImmunized();
		}

		boolean upToDate(String date) {
			return ENGINE.upToDateForAge(birth, doses, LocalDate.parse(date)).upToDate();
		}
	}

	static List<String> missing(Child c) {
		return ENGINE.fullyImmunizedBeforeFirstBirthday(c.birth, c.doses, FIC).missing();
	}

	static void assertSeries(SeriesForecast s, ImmunizationModel.ForecastStatus status, int valid, Integer next,
			String earliest, String due) {
		assertThat(s.status()).as(s.seriesId() + " status").isEqualTo(status);
		assertThat(s.validDoses()).as(s.seriesId() + " valid doses").isEqualTo(valid);
		assertThat(s.nextDose()).as(s.seriesId() + " next dose").isEqualTo(next);
		assertThat(s.earliestDate()).as(s.seriesId() + " earliest").isEqualTo(earliest == null ? null : LocalDate.parse(earliest));
		assertThat(s.dueDate()).as(s.seriesId() + " due").isEqualTo(due == null ? null : LocalDate.parse(due));
	}

	static List<DoseEvaluation> evaluationsOn(ChildStatus status, String date) {
		return status.evaluations().stream().filter(e -> e.dose().date().equals(LocalDate.parse(date))).toList();
	}

	// ---------------------------------------------------------------------------------------------- on time

	/**
	 * 1. Nguyễn Thị Lan, born 2023-01-10, every dose on its day: HepB birth dose at birth, BCG day 10, 5-in-1 +
	 * bOPV at 2, 3, 4 months (03-10, 04-10, 05-10), IPV at 5 months (06-10), measles at 9 months (10-10).
	 * Assessed 2024-01-15 (12 m 5 d). All first-year series complete -> FIC (with and without IPV) true.
	 * DTP dose 4: earliest = max(birth + 12 m = 2024-01-10, dose 3 + 6 m = 2023-11-10) = 2024-01-10; due at
	 * 18 m = 2024-07-10 -> not yet due. IPV dose 2 would be due at 9 m = 2023-10-10, under Circular 38 which has
	 * one IPV dose -> polio-ipv complete with 1. JE dose 1 due at 12 m = 2024-01-10, overdue after 1 month
	 * (2024-02-10) -> due on 2024-01-15. Rotavirus dose 1 would be due 2023-03-10 (Circular 38: no rotavirus)
	 * -> 0 doses required. Up to date: nothing overdue -> true.
	 */
	@Test
	void child01_onTimeFirstYear() {
		Child lan = new Child("Nguyễn Thị Lan", "2023-01-10").dose("hepb", "2023-01-10").dose("bcg", "2023-01-20")
				.infantVisits("2023-03-10", "2023-04-10", "2023-05-10").dose("ipv", "2023-06-10").dose("measles", "2023-10-10");
		ChildStatus s = lan.at("2024-01-15");
		assertSeries(s.series("bcg"), COMPLETE, 1, null, null, null);
		assertSeries(s.series("hepb-birth"), COMPLETE, 1, null, null, null);
		assertSeries(s.series("hepb-infant"), COMPLETE, 3, null, null, null);
		assertSeries(s.series("hib"), COMPLETE, 3, null, null, null);
		assertSeries(s.series("diphtheria"), NOT_DUE, 3, 4, "2024-01-10", "2024-07-10");
		assertSeries(s.series("polio-opv"), COMPLETE, 3, null, null, null);
		assertSeries(s.series("polio-ipv"), COMPLETE, 1, null, null, null);
		assertSeries(s.series("measles"), NOT_DUE, 1, 2, "2024-01-10", "2024-07-10");
		assertSeries(s.series("je"), DUE, 0, 1, "2024-01-10", "2024-01-10");
		assertThat(s.series("rotavirus").requiredDoses()).isZero();
		assertThat(s.series("polio-ipv").requiredDoses()).isEqualTo(1);
		assertThat(lan.fic(FIC)).isTrue();
		assertThat(lan.fic(FIC_IPV)).isTrue();
		assertThat(lan.upToDate("2024-01-15")).isTrue();
		assertThat(ENGINE.hepBBirthDoseTimely(lan.birth, lan.doses)).isTrue();
	}

	/**
	 * 2. Hoàng Văn Minh, born 2024-02-15 - before Circular 10/2024 but his IPV dose 2 falls after it: nominal
	 * due date birth + 9 m = 2024-11-15, Circular 10 in force -> IPV dose 2 required. IPV 1 on 2024-07-15.
	 * Dose 2: earliest = max(birth + 9 m = 2024-11-15, dose 1 + 4 m = 2024-11-15) = 2024-11-15, due 2024-11-15,
	 * overdue from 2024-12-15 -> overdue on 2024-12-20, so not up to date. Rotavirus: dose 1 would be due
	 * 2024-04-15 (Circular 38, no rotavirus) -> not required. FIC (both definitions) true: doses by 12 m.
	 */
	@Test
	void child02_bornBeforeScheduleChange_ipv2Required() {
		Child minh = new Child("Hoàng Văn Minh", "2024-02-15").dose("hepb", "2024-02-15").dose("bcg", "2024-02-20")
				.infantVisits("2024-04-15", "2024-05-15", "2024-06-15").dose("ipv", "2024-07-15").dose("measles", "2024-11-15");
		ChildStatus s = minh.at("2024-12-20");
		assertSeries(s.series("polio-ipv"), OVERDUE, 1, 2, "2024-11-15", "2024-11-15");
		assertThat(s.series("polio-ipv").requiredDoses()).isEqualTo(2);
		assertThat(s.series("polio-ipv").scheduleId()).isEqualTo("vn-epi-tt10-2024");
		assertThat(s.series("rotavirus").requiredDoses()).isZero();
		assertThat(minh.upToDate("2024-12-20")).isFalse();
		assertThat(minh.fic(FIC)).isTrue();
		assertThat(minh.fic(FIC_IPV)).isTrue();
	}

	/**
	 * 3. Lò Thị Hoa, born 2023-06-20: IPV dose 2 would be due 2024-03-20, under Circular 38 (one IPV dose) ->
	 * polio-ipv complete after IPV 1 (2023-11-20). Same record shape as child 2, different rule in force.
	 */
	@Test
	void child03_bornEarlier_ipv2NotRequired() {
		Child hoa = new Child("Lò Thị Hoa", "2023-06-20").dose("hepb", "2023-06-20").dose("bcg", "2023-06-25")
				.infantVisits("2023-08-20", "2023-09-20", "2023-10-20").dose("ipv", "2023-11-20").dose("measles", "2024-03-20");
		ChildStatus s = hoa.at("2024-03-25");
		assertSeries(s.series("polio-ipv"), COMPLETE, 1, null, null, null);
		assertThat(s.series("polio-ipv").requiredDoses()).isEqualTo(1);
		assertThat(hoa.upToDate("2024-03-25")).isTrue();
		// FIC: BCG, 3 x 5-in-1, 3 x bOPV, measles at exactly 9 m (2024-03-20), all before 2024-06-20
		assertThat(hoa.fic(FIC)).isTrue();
		assertThat(hoa.fic(FIC_IPV)).isTrue();
	}

	/**
	 * 4. Vi Văn Tùng, born 2024-07-01: rotavirus dose 1 due at 2 m = 2024-09-01 under Circular 10 -> required (2
	 * doses). Only the HepB birth dose given. On 2024-09-05: rotavirus dose 1 due (earliest 6 weeks = 2024-08-12,
	 * due 2024-09-01, overdue from 2024-10-01). BCG due at birth, overdue after 1 month (2024-08-01) -> overdue,
	 * so not up to date (rotavirus, phased, does not count for up to date).
	 */
	@Test
	void child04_bornAfterChange_rotavirusRequired() {
		Child tung = new Child("Vi Văn Tùng", "2024-07-01").dose("hepb", "2024-07-01");
		ChildStatus s = tung.at("2024-09-05");
		assertSeries(s.series("rotavirus"), DUE, 0, 1, "2024-08-12", "2024-09-01");
		assertThat(s.series("rotavirus").requiredDoses()).isEqualTo(2);
		assertSeries(s.series("bcg"), OVERDUE, 0, 1, "2024-07-01", "2024-07-01");
		assertSeries(s.series("diphtheria"), DUE, 0, 1, "2024-08-12", "2024-09-01");
		assertThat(tung.upToDate("2024-09-05")).isFalse();
		assertThat(ENGINE.upToDateForAge(tung.birth, tung.doses, LocalDate.parse("2024-09-05")).overdue())
				.containsExactly("bcg dose 1");
		// FIC: only the birth dose (not part of the definition): all 8 requirements missing
		assertThat(missing(tung)).hasSize(8).contains("bcg 0/1", "hepb-infant 0/3");
	}

	/**
	 * 5. Đinh Thị Mai, born 2024-05-20: rotavirus dose 1 would be due 2024-07-20, under Circular 38 (no
	 * rotavirus) -> series not started, 0 required, even though dose 2 (2024-08-20) would fall under Circular 10.
	 */
	@Test
	void child05_rotavirusNotStartedBeforeIntroduction() {
		Child mai = new Child("Đinh Thị Mai", "2024-05-20").dose("hepb", "2024-05-20");
		assertThat(mai.at("2024-09-01").series("rotavirus").requiredDoses()).isZero();
		assertThat(mai.at("2024-09-01").series("rotavirus").status()).isEqualTo(COMPLETE);
		assertThat(missing(mai)).hasSize(8);
	}

	// ---------------------------------------------------------------------------------------- late starters

	/**
	 * 6. Trần Văn Nam, born 2023-01-05, first seen 2023-07-10 (6 m 5 d): BCG, 5-in-1 + bOPV dose 1 that day.
	 * On 2023-07-20: DTP dose 2 earliest = max(birth + 10 w = 2023-03-16, dose 1 + 1 m = 2023-08-10) =
	 * 2023-08-10; due = max(birth + 3 m = 2023-04-05, dose 1 + 1 m = 2023-08-10) = 2023-08-10 -> not yet due.
	 * HepB birth dose: latest age 6 weeks (2023-02-16) passed -> aged out (not counted against him). IPV 1 due at
	 * 5 m = 2023-06-05, overdue from 2023-07-05 -> overdue -> not up to date. He then gets 5-in-1 + bOPV on
	 * 2023-08-10 and 2023-09-10, IPV 2023-09-10, measles 2023-10-05 (9 m): FIC true (all before 2024-01-05).
	 */
	@Test
	void child06_lateStarterCatchesUp() {
		Child nam = new Child("Trần Văn Nam", "2023-01-05").dose("bcg", "2023-07-10")
				.infantVisits("2023-07-10", "2023-08-10", "2023-09-10").dose("ipv", "2023-09-10").dose("measles", "2023-10-05");
		ChildStatus s = nam.at("2023-07-20");
		assertSeries(s.series("diphtheria"), NOT_DUE, 1, 2, "2023-08-10", "2023-08-10");
		assertThat(s.series("hepb-birth").status()).isEqualTo(AGED_OUT);
		assertSeries(s.series("polio-ipv"), OVERDUE, 0, 1, "2023-04-13", "2023-06-05");
		assertThat(nam.upToDate("2023-07-20")).isFalse();
		assertThat(nam.fic(FIC)).isTrue();
		assertThat(nam.fic(FIC_IPV)).isTrue();
		assertThat(ENGINE.hepBBirthDoseTimely(nam.birth, nam.doses)).isFalse();
	}

	/**
	 * 7. Lương Văn Hải, born 2023-01-05, starts at 9 m 10 d: 5-in-1 + bOPV 2023-10-15, 2023-11-15, and the third
	 * on 2024-01-10 - after the first birthday (2024-01-05). BCG and measles 2023-10-15. FIC false: DTP, HepB,
	 * Hib and bOPV have 2 of 3 doses before the birthday.
	 */
	@Test
	void child07_lateStarterMissesFirstBirthday() {
		Child hai = new Child("Lương Văn Hải", "2023-01-05").dose("bcg", "2023-10-15").dose("measles", "2023-10-15")
				.infantVisits("2023-10-15", "2023-11-15", "2024-01-10");
		var result = ENGINE.fullyImmunizedBeforeFirstBirthday(hai.birth, hai.doses, FIC);
		assertThat(result.fullyImmunized()).isFalse();
		assertThat(result.firstBirthday()).isEqualTo(LocalDate.parse("2024-01-05"));
		assertThat(result.missing()).contains("diphtheria 2/3", "hepb-infant 2/3", "hib 2/3", "polio-opv 2/3");
		// the same doses make the series complete later on
		assertSeries(hai.at("2024-02-01").series("hib"), COMPLETE, 3, null, null, null);
	}

	/**
	 * 8. Hà Văn Đức, born 2022-09-01, no dose until 18 months. On 2024-03-05: DTP dose 1 due since 2 m
	 * (2022-11-01) -> overdue; earliest = birth + 6 w = 2022-10-13. BCG past its maximum age (1 year,
	 * 2023-09-01) -> aged out, and that counts against "up to date". MR dose (rubella) due at 18 m = 2024-03-01,
	 * overdue from 2024-04-01 -> due.
	 */
	@Test
	void child08_unvaccinatedToddler() {
		Child duc = new Child("Hà Văn Đức", "2022-09-01");
		ChildStatus s = duc.at("2024-03-05");
		assertSeries(s.series("diphtheria"), OVERDUE, 0, 1, "2022-10-13", "2022-11-01");
		assertThat(s.series("bcg").status()).isEqualTo(AGED_OUT);
		assertSeries(s.series("rubella"), DUE, 0, 1, "2023-06-01", "2024-03-01");
		assertThat(duc.upToDate("2024-03-05")).isFalse();
		assertThat(duc.fic(FIC)).isFalse();
	}

	// ------------------------------------------------------------------------------------- invalid doses

	/**
	 * 9. Bùi Thị Ngọc, born 2023-03-01, 5-in-1 on 2023-04-05 (35 days). Minimum age 6 weeks = 2023-04-12,
	 * with grace 2023-04-08 -> too young, not counted for any of its five antigens. Then 2023-05-01, 06-01,
	 * 07-01 count as doses 1, 2, 3 (intervals 1 month).
	 */
	@Test
	void child09_tooYoungNotCounted() {
		Child ngoc = new Child("Bùi Thị Ngọc", "2023-03-01").dose("dtp-hepb-hib", "2023-04-05", "2023-05-01", "2023-06-01", "2023-07-01");
		ChildStatus s = ngoc.at("2023-07-10");
		List<DoseEvaluation> early = evaluationsOn(s, "2023-04-05");
		assertThat(early).hasSize(5).allSatisfy(e -> {
			assertThat(e.status()).isEqualTo(DoseStatus.NOT_VALID);
			assertThat(e.reason()).isEqualTo(Reason.TOO_YOUNG);
			assertThat(e.explanation()).contains("minimum age P6W").contains("2023-04-08");
		});
		assertThat(early).extracting(DoseEvaluation::antigen)
				.containsExactlyInAnyOrder("diphtheria", "tetanus", "pertussis", "hepb", "hib");
		assertSeries(s.series("hib"), COMPLETE, 3, null, null, null);
		assertSeries(s.series("hepb-infant"), COMPLETE, 3, null, null, null);
		assertThat(evaluationsOn(s, "2023-05-01")).allSatisfy(e -> assertThat(e.doseNumber()).isEqualTo(1));
		// FIC: the three valid 5-in-1 doses give DTP3, HepB3 and Hib3; BCG, bOPV and measles are missing
		assertThat(missing(ngoc)).containsExactly("bcg 0/1", "polio-opv 0/3", "measles 0/1");
	}

	/** 10. Phạm Văn Khoa, born 2023-03-01, 5-in-1 on 2023-04-08 = minimum age (04-12) minus 4 days -> valid (grace). */
	@Test
	void child10_graceOnMinimumAge() {
		Child khoa = new Child("Phạm Văn Khoa", "2023-03-01").dose("dtp-hepb-hib", "2023-04-08");
		DoseEvaluation e = evaluationsOn(khoa.at("2023-04-10"), "2023-04-08").get(0);
		assertThat(e.status()).isEqualTo(DoseStatus.VALID);
		assertThat(e.doseNumber()).isEqualTo(1);
		assertThat(e.explanation()).contains("grace");
		assertThat(missing(khoa)).contains("hepb-infant 1/3", "diphtheria 1/3", "hib 1/3").hasSize(8);
	}

	/** 11. Phạm Thị Thu, born 2023-03-01, 5-in-1 on 2023-04-07 = one day before the grace window opens -> too young. */
	@Test
	void child11_oneDayBeforeGraceInvalid() {
		Child thu = new Child("Phạm Thị Thu", "2023-03-01").dose("dtp-hepb-hib", "2023-04-07");
		ChildStatus s = thu.at("2023-04-10");
		assertThat(evaluationsOn(s, "2023-04-07")).allSatisfy(e -> assertThat(e.reason()).isEqualTo(Reason.TOO_YOUNG));
		// still needs dose 1: earliest 6 weeks = 2023-04-12, due 2 months = 2023-05-01
		assertSeries(s.series("diphtheria"), NOT_DUE, 0, 1, "2023-04-12", "2023-05-01");
		assertThat(missing(thu)).contains("diphtheria 0/3", "hepb-infant 0/3").hasSize(8);
	}

	/**
	 * 12. Đặng Văn Long, born 2023-03-01, 5-in-1 2023-05-01 (dose 1), 2023-05-20 (19 days later; minimum
	 * 1 month -> 2023-06-01, grace 2023-05-28 -> too soon), 2023-06-05 (35 days after dose 1 -> dose 2),
	 * 2023-07-05 (dose 3). On 2023-07-10 DTP dose 4: earliest = max(birth + 12 m = 2024-03-01, dose 3 + 6 m =
	 * 2024-01-05) = 2024-03-01; due 18 m = 2024-09-01.
	 */
	@Test
	void child12_tooSoonNotCounted() {
		Child lg = new Child("Đặng Văn Long", "2023-03-01").dose("dtp-hepb-hib", "2023-05-01", "2023-05-20", "2023-06-05", "2023-07-05");
		ChildStatus s = lg.at("2023-07-10");
		DoseEvaluation bad = evaluationsOn(s, "2023-05-20").stream().filter(e -> e.antigen().equals("diphtheria")).findFirst().orElseThrow();
		assertThat(bad.reason()).isEqualTo(Reason.TOO_SOON);
		assertThat(bad.explanation()).contains("19 days").contains("2023-05-28");
		assertSeries(s.series("diphtheria"), NOT_DUE, 3, 4, "2024-03-01", "2024-09-01");
		// FIC: 3 valid 5-in-1 (the too-soon one does not count, but there are 3 others)
		assertThat(missing(lg)).containsExactly("bcg 0/1", "polio-opv 0/3", "measles 0/1");
	}

	/** 13. Đặng Thị Yến, born 2023-03-01, 5-in-1 2023-05-01 and 2023-05-28 (1 month minus 4 days) -> both valid. */
	@Test
	void child13_graceOnInterval() {
		Child yen = new Child("Đặng Thị Yến", "2023-03-01").dose("dtp-hepb-hib", "2023-05-01", "2023-05-28");
		ChildStatus s = yen.at("2023-06-01");
		assertThat(s.series("hib").validDoses()).isEqualTo(2);
		// dose 3: earliest = max(birth + 14 w = 2023-06-07, 05-28 + 1 m = 06-28) = 06-28; due = max(4 m = 07-01, 06-28) = 07-01
		assertSeries(s.series("hib"), NOT_DUE, 2, 3, "2023-06-28", "2023-07-01");
		assertThat(missing(yen)).contains("hib 2/3", "pertussis 2/3");
	}

	/** 14. Mai Văn Tài, born 2022-01-15, DTP booster on 2022-10-01 (8.5 months; minimum age 12 m, grace 2023-01-11) -> not counted. */
	@Test
	void child14_boosterTooEarly() {
		Child tai = new Child("Mai Văn Tài", "2022-01-15").dose("dtp-hepb-hib", "2022-03-15", "2022-04-15", "2022-05-15")
				.dose("dtp", "2022-10-01");
		ChildStatus s = tai.at("2022-11-01");
		assertThat(evaluationsOn(s, "2022-10-01")).hasSize(3)
				.allSatisfy(e -> assertThat(e.reason()).isEqualTo(Reason.TOO_YOUNG));
		assertSeries(s.series("pertussis"), NOT_DUE, 3, 4, "2023-01-15", "2023-07-15");
		assertThat(missing(tai)).containsExactly("bcg 0/1", "polio-opv 0/3", "measles 0/1");
	}

	/**
	 * 15. Chu Thị Hằng, born 2023-01-10, BCG 2023-01-10 and again 2023-02-01 (duplicate entry by a second
	 * facility) -> the second is an extra dose: not counted, reason "series complete".
	 */
	@Test
	void child15_extraDose() {
		Child hang = new Child("Chu Thị Hằng", "2023-01-10").dose("bcg", "2023-01-10", "2023-02-01");
		DoseEvaluation extra = evaluationsOn(hang.at("2023-03-01"), "2023-02-01").get(0);
		assertThat(extra.status()).isEqualTo(DoseStatus.EXTRA);
		assertThat(extra.reason()).isEqualTo(Reason.SERIES_COMPLETE);
		assertThat(missing(hang)).hasSize(7).doesNotContain("bcg 0/1");
	}

	/** 16. Ma Văn Sơn, born 2022-01-10, BCG 2023-02-01 (1 y 22 d; maximum age 1 year = 2023-01-10) -> too old, BCG aged out. */
	@Test
	void child16_bcgAfterMaximumAge() {
		Child son = new Child("Ma Văn Sơn", "2022-01-10").dose("bcg", "2023-02-01");
		ChildStatus s = son.at("2023-03-01");
		DoseEvaluation e = evaluationsOn(s, "2023-02-01").get(0);
		assertThat(e.status()).isEqualTo(DoseStatus.NOT_VALID);
		assertThat(e.reason()).isEqualTo(Reason.TOO_OLD);
		assertThat(s.series("bcg").status()).isEqualTo(AGED_OUT);
		assertThat(missing(son)).hasSize(8).contains("bcg 0/1");
	}

	// ------------------------------------------------------------------------------------------ hepatitis B

	/**
	 * 17. Quách Văn Phúc, born 2023-08-10, no HepB birth dose; 5-in-1 + bOPV 2023-10-10, 11-10, 12-10, BCG
	 * 2023-08-15, IPV 2024-01-10, measles 2024-05-10. HepB birth dose latest 6 weeks (2023-09-21) -> aged out,
	 * timely flag false; the infant HepB series is complete from the 5-in-1 -> FIC true.
	 */
	@Test
	void child17_missingHepBBirthDose() {
		Child phuc = new Child("Quách Văn Phúc", "2023-08-10").dose("bcg", "2023-08-15")
				.infantVisits("2023-10-10", "2023-11-10", "2023-12-10").dose("ipv", "2024-01-10").dose("measles", "2024-05-10");
		ChildStatus s = phuc.at("2024-06-01");
		assertThat(s.series("hepb-birth").status()).isEqualTo(AGED_OUT);
		assertThat(s.series("hepb-birth").latestDate()).isEqualTo(LocalDate.parse("2023-09-21"));
		assertSeries(s.series("hepb-infant"), COMPLETE, 3, null, null, null);
		assertThat(ENGINE.hepBBirthDoseTimely(phuc.birth, phuc.doses)).isFalse();
		assertThat(phuc.fic(FIC)).isTrue();
		assertThat(phuc.upToDate("2024-06-01")).isTrue();
	}

	/** 18. Quách Thị Nhung, born 2023-08-10, HepB on 2023-08-20 (10 days, before 6 weeks) -> a late birth dose: counted, not timely. */
	@Test
	void child18_lateBirthDose() {
		Child nhung = new Child("Quách Thị Nhung", "2023-08-10").dose("hepb", "2023-08-20");
		ChildStatus s = nhung.at("2023-09-01");
		assertSeries(s.series("hepb-birth"), COMPLETE, 1, null, null, null);
		assertThat(s.series("hepb-infant").validDoses()).isZero();
		assertThat(ENGINE.hepBBirthDoseTimely(nhung.birth, nhung.doses)).isFalse();
		// the birth dose is not part of "fully immunized": the infant series is still 0/3
		assertThat(missing(nhung)).hasSize(8).contains("hepb-infant 0/3");
	}

	/**
	 * 19. Lê Văn Bình, born 2023-08-10, monovalent HepB on 2023-10-01 (52 days: past the birth-dose maximum of
	 * 6 weeks) -> goes to the infant series as its dose 1 (minimum age 6 w = 2023-09-21: valid). 5-in-1 on
	 * 2023-11-01: HepB infant dose 2 (10 w = 2023-10-19, 1 month after 10-01) but diphtheria dose 1.
	 */
	@Test
	void child19_monovalentHepBStartsInfantSeries() {
		Child binh = new Child("Lê Văn Bình", "2023-08-10").dose("hepb", "2023-10-01").dose("dtp-hepb-hib", "2023-11-01");
		ChildStatus s = binh.at("2023-11-05");
		assertThat(s.series("hepb-infant").validDoses()).isEqualTo(2);
		assertThat(s.series("diphtheria").validDoses()).isEqualTo(1);
		assertThat(s.series("hepb-birth").status()).isEqualTo(AGED_OUT);
		assertThat(missing(binh)).contains("hepb-infant 2/3", "diphtheria 1/3");
	}

	/** 20. Lê Thị Hạnh, born 2023-08-10, HepB at birth and again on day 3 (2023-08-13): the second goes to the infant series and is too young (6 weeks). */
	@Test
	void child20_secondHepBTooYoung() {
		Child hanh = new Child("Lê Thị Hạnh", "2023-08-10").dose("hepb", "2023-08-10", "2023-08-13");
		ChildStatus s = hanh.at("2023-08-20");
		DoseEvaluation e = evaluationsOn(s, "2023-08-13").get(0);
		assertThat(e.seriesId()).isEqualTo("hepb-infant");
		assertThat(e.reason()).isEqualTo(Reason.TOO_YOUNG);
		assertThat(ENGINE.hepBBirthDoseTimely(hanh.birth, hanh.doses)).isTrue();
		assertThat(missing(hanh)).contains("hepb-infant 0/3");
	}

	// ------------------------------------------------------------------------------------- combinations

	/**
	 * 21. Trịnh Văn Quang, born 2023-02-01, MR on 2023-11-01 (9 m): counts as measles dose 1 and rubella dose 1
	 * (rubella minimum age 9 m). Measles dose 2: earliest = max(12 m = 2024-02-01, MR + 1 m = 2023-12-01) =
	 * 2024-02-01, due 18 m = 2024-08-01. Rubella complete.
	 */
	@Test
	void child21_mrCountsForMeaslesAndRubella() {
		Child quang = new Child("Trịnh Văn Quang", "2023-02-01").dose("mr", "2023-11-01");
		ChildStatus s = quang.at("2023-12-01");
		assertSeries(s.series("measles"), NOT_DUE, 1, 2, "2024-02-01", "2024-08-01");
		assertSeries(s.series("rubella"), COMPLETE, 1, null, null, null);
		// MR at 9 m satisfies "measles x1"
		assertThat(missing(quang)).hasSize(7).doesNotContain("measles 0/1");
	}

	/**
	 * 22. Nông Văn Hùng, born 2022-01-15, 5-in-1 x3 on time, DTP booster 2023-07-15 (18 m). On 2024-01-01:
	 * pertussis complete (4), Hib complete (3), diphtheria needs dose 5 = Td at 7 years (due 2029-01-15, under
	 * Circular 10) -> not yet due; earliest = max(7 y, dose 4 + 1 y) = 2029-01-15.
	 */
	@Test
	void child22_combinationAndBooster() {
		Child hung = new Child("Nông Văn Hùng", "2022-01-15").dose("dtp-hepb-hib", "2022-03-15", "2022-04-15", "2022-05-15")
				.dose("dtp", "2023-07-15");
		ChildStatus s = hung.at("2024-01-01");
		assertSeries(s.series("pertussis"), COMPLETE, 4, null, null, null);
		assertSeries(s.series("hib"), COMPLETE, 3, null, null, null);
		assertSeries(s.series("hepb-infant"), COMPLETE, 3, null, null, null);
		assertSeries(s.series("diphtheria"), NOT_DUE, 4, 5, "2029-01-15", "2029-01-15");
		assertSeries(s.series("tetanus"), NOT_DUE, 4, 5, "2029-01-15", "2029-01-15");
		assertThat(s.series("diphtheria").recommendedVaccine()).isEqualTo("td");
		assertThat(missing(hung)).containsExactly("bcg 0/1", "polio-opv 0/3", "measles 0/1");
	}

	/**
	 * 23. Sầm Thị Ly, born 2018-05-10, DTP x4 complete (2018-07-10, 08-10, 09-10, 2019-11-10). On 2025-06-01:
	 * Td dose 5 due 2025-05-10 (Circular 10), overdue from 2025-06-10 -> due.
	 */
	@Test
	void child23_tdAtSevenYears() {
		Child ly = new Child("Sầm Thị Ly", "2018-05-10").dose("dtp-hepb-hib", "2018-07-10", "2018-08-10", "2018-09-10")
				.dose("dtp", "2019-11-10");
		ChildStatus s = ly.at("2025-06-01");
		assertSeries(s.series("diphtheria"), DUE, 4, 5, "2025-05-10", "2025-05-10");
		assertSeries(s.series("pertussis"), COMPLETE, 4, null, null, null);
		// Td given: counts for diphtheria and tetanus, not pertussis
		ly.dose("td", "2025-06-05");
		ChildStatus after = ly.at("2025-06-10");
		assertSeries(after.series("diphtheria"), COMPLETE, 5, null, null, null);
		assertSeries(after.series("tetanus"), COMPLETE, 5, null, null, null);
		assertThat(missing(ly)).containsExactly("bcg 0/1", "polio-opv 0/3", "measles 0/1");
	}

	/** 24. Sầm Văn Lực, born 2017-03-01: Td at 7 y would be due 2024-03-01, under Circular 38 (no Td dose) -> DTP complete after 4 doses. */
	@Test
	void child24_tdNotRequiredBeforeChange() {
		Child luc = new Child("Sầm Văn Lực", "2017-03-01").dose("dtp-hepb-hib", "2017-05-01", "2017-06-01", "2017-07-01")
				.dose("dtp", "2018-09-01");
		ChildStatus s = luc.at("2024-05-01");
		assertSeries(s.series("diphtheria"), COMPLETE, 4, null, null, null);
		assertThat(s.series("diphtheria").requiredDoses()).isEqualTo(4);
		assertThat(missing(luc)).containsExactly("bcg 0/1", "polio-opv 0/3", "measles 0/1");
	}

	/**
	 * 25. Vàng Thị Dung, born 2017-06-01 (before the first schedule in our data): 5-in-1 doses due 2017-08-01..
	 * are judged by Circular 38 (fallback, said in the explanation). IPV dose 1 (due 2017-11-01) was not yet in
	 * use (IPV rule in force from 2018-08-01) -> not required.
	 */
	@Test
	void child25_bornBefore2018() {
		Child dung = new Child("Vàng Thị Dung", "2017-06-01").dose("dtp-hepb-hib", "2017-08-01");
		ChildStatus s = dung.at("2017-08-05");
		assertThat(evaluationsOn(s, "2017-08-01").get(0).explanation()).contains("earliest schedule");
		assertThat(s.series("polio-ipv").requiredDoses()).isZero();
		assertThat(missing(dung)).contains("diphtheria 1/3", "bcg 0/1");
	}

	/** 26. Hồ Văn Kiên, born 2018-02-01: IPV dose 1 due 2018-07-01, before IPV came into use (2018-08-01) -> not required. */
	@Test
	void child26_ipvBeforeIntroduction() {
		Child kien = new Child("Hồ Văn Kiên", "2018-02-01");
		assertThat(kien.at("2018-09-01").series("polio-ipv").requiredDoses()).isZero();
		assertThat(kien.fic(FIC_IPV)).isFalse(); // nothing given at all
	}

	/** 27. Hồ Thị Lệ, born 2018-03-15: IPV dose 1 due 2018-08-15 -> required; given 2018-08-20 -> FIC with IPV true. */
	@Test
	void child27_ipvAfterIntroduction() {
		Child le = new Child("Hồ Thị Lệ", "2018-03-15").dose("bcg", "2018-03-15")
				.infantVisits("2018-05-15", "2018-06-15", "2018-07-15").dose("ipv", "2018-08-20").dose("measles", "2018-12-15");
		assertThat(le.at("2018-09-01").series("polio-ipv").requiredDoses()).isEqualTo(1);
		assertThat(le.fic(FIC_IPV)).isTrue();
	}

	/** 28. Cầm Văn Toàn, born 2023-01-10, like child 1 but no IPV: FIC without IPV true, with IPV false (IPV 0/1). */
	@Test
	void child28_ficDefinitionWithIpv() {
		Child toan = new Child("Cầm Văn Toàn", "2023-01-10").dose("hepb", "2023-01-10").dose("bcg", "2023-01-20")
				.infantVisits("2023-03-10", "2023-04-10", "2023-05-10").dose("measles", "2023-10-10");
		assertThat(toan.fic(FIC)).isTrue();
		var r = ENGINE.fullyImmunizedBeforeFirstBirthday(toan.birth, toan.doses, FIC_IPV);
		assertThat(r.fullyImmunized()).isFalse();
		assertThat(r.missing()).containsExactly("polio-ipv 0/1");
	}

	/** 29. Cầm Thị Vân, born 2023-01-10, everything but measles given at 12 m 1 d (2024-01-11) -> FIC false (measles 0/1). */
	@Test
	void child29_measlesAfterBirthday() {
		Child van = new Child("Cầm Thị Vân", "2023-01-10").dose("bcg", "2023-01-20")
				.infantVisits("2023-03-10", "2023-04-10", "2023-05-10").dose("measles", "2024-01-11");
		assertThat(ENGINE.fullyImmunizedBeforeFirstBirthday(van.birth, van.doses, FIC).missing()).containsExactly("measles 0/1");
	}

	/** 30. Tạ Văn Hòa, born 2023-03-01, measles on 2023-11-25 (8 m 24 d; minimum 9 m = 12-01, grace 11-27) -> not counted, FIC false. */
	@Test
	void child30_measlesTooEarly() {
		Child hoa = new Child("Tạ Văn Hòa", "2023-03-01").dose("bcg", "2023-03-02")
				.infantVisits("2023-05-01", "2023-06-01", "2023-07-01").dose("measles", "2023-11-25");
		ChildStatus s = hoa.at("2023-12-10");
		assertThat(evaluationsOn(s, "2023-11-25").get(0).reason()).isEqualTo(Reason.TOO_YOUNG);
		// measles dose 1 due 2023-12-01, overdue from 2024-01-01 -> due on 12-10
		assertSeries(s.series("measles"), DUE, 0, 1, "2023-12-01", "2023-12-01");
		assertThat(hoa.fic(FIC)).isFalse();
	}

	// ---------------------------------------------------------------------------------- JE and up to date

	/** 31. Giàng A Páo, born 2022-06-01, JE 2023-06-01, 2023-06-08, 2024-06-10 -> complete (dose 3 >= 1 y after dose 2). */
	@Test
	void child31_jeComplete() {
		Child pao = new Child("Giàng A Páo", "2022-06-01").dose("je-inactivated", "2023-06-01", "2023-06-08", "2024-06-10");
		assertSeries(pao.at("2024-07-01").series("je"), COMPLETE, 3, null, null, null);
		// JE is not part of "fully immunized"
		assertThat(missing(pao)).hasSize(8);
	}

	/**
	 * 32. Giàng Thị Mỷ, born 2022-06-01, JE 2023-06-01 then 2023-06-03 (2 days; minimum 7 days -> 06-08, grace
	 * 06-04) -> too soon. On 2023-06-05 dose 2: earliest = 06-01 + 7 d = 06-08; due = max(birth + 1 y 7 d =
	 * 2023-06-08, 06-08) = 2023-06-08 -> not yet due.
	 */
	@Test
	void child32_jeTooSoon() {
		Child my = new Child("Giàng Thị Mỷ", "2022-06-01").dose("je-inactivated", "2023-06-01", "2023-06-03");
		ChildStatus s = my.at("2023-06-05");
		assertThat(evaluationsOn(s, "2023-06-03").get(0).reason()).isEqualTo(Reason.TOO_SOON);
		assertSeries(s.series("je"), NOT_DUE, 1, 2, "2023-06-08", "2023-06-08");
		assertThat(missing(my)).hasSize(8);
	}

	/** 33. Lù Văn Chiến, born 2024-01-10, all doses to 5 months on time; on 2024-07-15 measles not yet due (2024-10-10) -> up to date. */
	@Test
	void child33_upToDateAtSixMonths() {
		Child chien = new Child("Lù Văn Chiến", "2024-01-10").dose("hepb", "2024-01-10").dose("bcg", "2024-01-15")
				.infantVisits("2024-03-10", "2024-04-10", "2024-05-10").dose("ipv", "2024-06-10");
		assertThat(chien.upToDate("2024-07-15")).isTrue();
		assertSeries(chien.at("2024-07-15").series("measles"), NOT_DUE, 0, 1, "2024-10-10", "2024-10-10");
		// FIC (judged at the first birthday 2025-01-10 on the doses so far): only measles missing
		assertThat(missing(chien)).containsExactly("measles 0/1");
	}

	/**
	 * 34. Lù Thị Dợ, born 2024-01-10, third 5-in-1 and bOPV missing: dose 3 due = max(4 m = 2024-05-10, dose 2 +
	 * 1 m = 05-10) = 05-10, overdue from 06-10 -> overdue on 2024-07-15 -> not up to date.
	 */
	@Test
	void child34_notUpToDate() {
		Child dzo = new Child("Lù Thị Dợ", "2024-01-10").dose("hepb", "2024-01-10").dose("bcg", "2024-01-15")
				.infantVisits("2024-03-10", "2024-04-10").dose("ipv", "2024-06-10");
		assertSeries(dzo.at("2024-07-15").series("diphtheria"), OVERDUE, 2, 3, "2024-05-10", "2024-05-10");
		var r = ENGINE.upToDateForAge(dzo.birth, dzo.doses, LocalDate.parse("2024-07-15"));
		assertThat(r.upToDate()).isFalse();
		assertThat(r.overdue()).contains("diphtheria dose 3", "polio-opv dose 3", "hib dose 3");
		assertThat(missing(dzo)).containsExactly("hepb-infant 2/3", "diphtheria 2/3", "tetanus 2/3", "pertussis 2/3", "hib 2/3", "polio-opv 2/3", "measles 0/1");
	}

	/**
	 * 35. Tòng Văn Thắng, born 2022-01-20, first-year series complete, nothing at 18 months. On 2023-09-01
	 * (19 m 12 d): DTP 4 due 2023-07-20, overdue from 08-20 -> overdue; measles 2 and rubella overdue; JE 1 due
	 * at 12 m (2023-01-20), overdue. FIC true, up to date false.
	 */
	@Test
	void child35_eighteenMonthDosesOverdue() {
		Child thang = new Child("Tòng Văn Thắng", "2022-01-20").dose("bcg", "2022-01-20")
				.infantVisits("2022-03-20", "2022-04-20", "2022-05-20").dose("ipv", "2022-06-20").dose("measles", "2022-10-20");
		ChildStatus s = thang.at("2023-09-01");
		assertSeries(s.series("diphtheria"), OVERDUE, 3, 4, "2023-01-20", "2023-07-20");
		assertThat(s.series("measles").status()).isEqualTo(OVERDUE);
		assertThat(s.series("rubella").status()).isEqualTo(OVERDUE);
		assertThat(s.series("je").status()).isEqualTo(OVERDUE);
		assertThat(thang.fic(FIC)).isTrue();
		assertThat(thang.upToDate("2023-09-01")).isFalse();
	}

	/** 36. Doses dated after the assessment date are ignored (a forecast "as of" a past date). */
	@Test
	void child36_assessmentDateCutsOffLaterDoses() {
		Child thang = new Child("Tòng Thị Hiền", "2022-01-20").infantVisits("2022-03-20", "2022-04-20");
		assertThat(thang.at("2022-04-01").series("diphtheria").validDoses()).isEqualTo(1);
		assertThat(thang.at("2022-05-01").series("diphtheria").validDoses()).isEqualTo(2);
		assertThat(missing(thang)).hasSize(8).contains("polio-opv 2/3");
	}

	// ------------------------------------------------------------------------------------ maternal tetanus

	static List<AdministeredDose> mother(String vaccine, String... dates) {
		List<AdministeredDose> doses = new ArrayList<>();
		for (String d : dates) doses.add(new AdministeredDose(d, vaccine, LocalDate.parse(d)));
		return doses;
	}

	/** 37. Phạm Thị Mai: Td 2023-01-10 and 2023-02-15 (36 d >= 1 m), delivery 2023-08-01 -> 2 doses, protected until 2026-02-15. */
	@Test
	void mother37_twoDosesProtected() {
		MaternalTetanusStatus m = ENGINE.maternalTetanusProtection(mother("td", "2023-01-10", "2023-02-15"), LocalDate.parse("2023-08-01"));
		assertThat(m.protectedAtDelivery()).isTrue();
		assertThat(m.validDoses()).isEqualTo(2);
		assertThat(m.protectedUntil()).isEqualTo(LocalDate.parse("2026-02-15"));
	}

	/** 38. Nguyễn Thị Hương: Td 2023-06-01 and 2023-07-10, delivery 2023-07-25: dose 2 less than 1 month before delivery -> 1 dose, not protected. */
	@Test
	void mother38_secondDoseTooCloseToDelivery() {
		MaternalTetanusStatus m = ENGINE.maternalTetanusProtection(mother("td", "2023-06-01", "2023-07-10"), LocalDate.parse("2023-07-25"));
		assertThat(m.protectedAtDelivery()).isFalse();
		assertThat(m.validDoses()).isEqualTo(1);
	}

	/** 39. Trần Thị Thảo: TT 2018-03-01, 2018-04-05; delivery 2023-05-01: 2 doses protect 3 years (to 2021-04-05) -> expired. */
	@Test
	void mother39_protectionExpired() {
		MaternalTetanusStatus m = ENGINE.maternalTetanusProtection(mother("tt", "2018-03-01", "2018-04-05"), LocalDate.parse("2023-05-01"));
		assertThat(m.protectedAtDelivery()).isFalse();
		assertThat(m.protectedUntil()).isEqualTo(LocalDate.parse("2021-04-05"));
	}

	/** 40. Vũ Thị Nga: 5 valid doses 2010-2012 (intervals 1 m, 6 m, 1 y, 1 y) -> protected for life at a 2024 delivery. */
	@Test
	void mother40_fiveDosesLifelong() {
		MaternalTetanusStatus m = ENGINE.maternalTetanusProtection(
				mother("tt", "2010-01-01", "2010-02-05", "2010-09-01", "2011-10-01", "2012-11-01"), LocalDate.parse("2024-06-01"));
		assertThat(m.validDoses()).isEqualTo(5);
		assertThat(m.protectedAtDelivery()).isTrue();
		assertThat(m.protectedUntil()).isNull();
	}

	/** 41. Đỗ Thị Huệ: TT 2023-01-01, 2023-01-20 (19 d: too soon, not counted), 2023-02-05 (35 d after dose 1: dose 2); delivery 2023-09-01 -> protected. */
	@Test
	void mother41_tooSoonDoseSkipped() {
		MaternalTetanusStatus m = ENGINE.maternalTetanusProtection(mother("tt", "2023-01-01", "2023-01-20", "2023-02-05"), LocalDate.parse("2023-09-01"));
		assertThat(m.validDoses()).isEqualTo(2);
		assertThat(m.protectedAtDelivery()).isTrue();
		assertThat(m.evaluations().get(1).reason()).isEqualTo(Reason.TOO_SOON);
	}

	/**
	 * 42. Forecast for Lê Thị Bích, Td 2024-03-01 (dose 1): on 2024-03-10 dose 2 earliest = due = 03-01 + 1 m =
	 * 2024-04-01 -> not yet due; on 2024-04-02 -> due. With no dose at all, dose 1 is due on the assessment date.
	 */
	@Test
	void mother42_forecast() {
		var doses = mother("td", "2024-03-01");
		SeriesForecast f = ENGINE.maternalForecast(doses, LocalDate.parse("2024-03-10"));
		assertSeries(f, NOT_DUE, 1, 2, "2024-04-01", "2024-04-01");
		assertThat(ENGINE.maternalForecast(doses, LocalDate.parse("2024-04-02")).status()).isEqualTo(DUE);
		assertSeries(ENGINE.maternalForecast(List.of(), LocalDate.parse("2024-03-10")), DUE, 0, 1, "2024-03-10", "2024-03-10");
	}
}
