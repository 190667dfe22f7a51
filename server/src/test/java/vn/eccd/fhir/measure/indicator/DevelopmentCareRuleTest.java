package vn.eccd.fhir.measure.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.measure.indicator.DevelopmentCareRule.CarePlan;
import vn.eccd.fhir.measure.indicator.DevelopmentCareRule.Child;
import vn.eccd.fhir.measure.indicator.DevelopmentCareRule.Referral;
import vn.eccd.fhir.measure.indicator.DevelopmentCareRule.ReferralTask;
import vn.eccd.fhir.measure.indicator.DevelopmentCareRule.Result;

/** The development and care rules on hand-built children (Lò Văn Minh, Nguyễn Bảo An, ...). */
class DevelopmentCareRuleTest {

	static final LocalDate START = LocalDate.of(2025, 1, 1);
	static final LocalDate END = LocalDate.of(2025, 12, 31);
	static final LocalDate MINH = LocalDate.of(2022, 3, 12);

	static DevelopmentCareRule rule(String id) {
		return (DevelopmentCareRule) IndicatorCatalog.byUrl("https://fhir.eccd.vn/Measure/" + id).orElseThrow().rule();
	}

	static Child child(LocalDate born, List<Result> results, List<CarePlan> plans, List<Referral> referrals, List<ReferralTask> tasks) {
		return new Child(born, results, plans, referrals, tasks);
	}

	@Test
	void childrenAged0To8AtThePeriodEndByAgeGroup() {
		DevelopmentCareRule screening = rule("dev-screening-done");
		// 8 years 364 days on 2025-12-31 is in, 9 years is out; born after the period is out
		assertThat(screening.inInitialPopulation(child(LocalDate.of(2017, 1, 1), List.of(), List.of(), List.of(), List.of()), START, END)).isTrue();
		assertThat(screening.inInitialPopulation(child(LocalDate.of(2016, 12, 31), List.of(), List.of(), List.of(), List.of()), START, END)).isFalse();
		assertThat(screening.inInitialPopulation(child(LocalDate.of(2026, 1, 1), List.of(), List.of(), List.of(), List.of()), START, END)).isFalse();
		assertThat(DevelopmentCareRule.ageGroup(LocalDate.of(2023, 1, 1), END)).isEqualTo("0-2");
		assertThat(DevelopmentCareRule.ageGroup(LocalDate.of(2022, 12, 31), END)).isEqualTo("3-5");
		assertThat(DevelopmentCareRule.ageGroup(LocalDate.of(2019, 12, 31), END)).isEqualTo("6-8");
	}

	@Test
	void aScreeningResultInThePeriodCounts() {
		DevelopmentCareRule screening = rule("dev-screening-done");
		assertThat(screening.inNumerator(child(MINH, List.of(new Result(END, "final", "N")), List.of(), List.of(), List.of()), START, END)).isTrue();
		assertThat(screening.inNumerator(child(MINH, List.of(new Result(START.minusDays(1), "final", "N")), List.of(), List.of(), List.of()), START, END)).isFalse();
		assertThat(screening.inNumerator(child(MINH, List.of(new Result(START, "entered-in-error", "N")), List.of(), List.of(), List.of()), START, END)).isFalse();
		assertThat(screening.inNumerator(child(MINH, List.of(), List.of(), List.of(), List.of()), START, END)).isFalse();
	}

	@Test
	void atRiskChildrenNeedAnActiveDevelopmentPlanAtThePeriodEnd() {
		DevelopmentCareRule rule = rule("dev-at-risk-care-plan");
		List<Result> atRisk = List.of(new Result(LocalDate.of(2025, 9, 12), "final", "A"), new Result(LocalDate.of(2025, 9, 12), "final", "N"));
		assertThat(rule.inInitialPopulation(child(MINH, atRisk, List.of(), List.of(), List.of()), START, END)).isTrue();
		assertThat(rule.inInitialPopulation(child(MINH, List.of(new Result(LocalDate.of(2025, 9, 12), "final", "N")), List.of(),
				List.of(), List.of()), START, END)).isFalse();
		CarePlan active = new CarePlan("development", "active", LocalDate.of(2025, 9, 12), null);
		assertThat(rule.inNumerator(child(MINH, atRisk, List.of(active), List.of(), List.of()), START, END)).isTrue();
		// a nutrition plan, a plan ended before the period end, a completed plan, or one started after it: no
		for (CarePlan plan : List.of(new CarePlan("nutrition", "active", LocalDate.of(2025, 9, 12), null),
				new CarePlan("development", "active", LocalDate.of(2025, 9, 12), LocalDate.of(2025, 12, 30)),
				new CarePlan("development", "completed", LocalDate.of(2025, 9, 12), null),
				new CarePlan("disability", "active", LocalDate.of(2026, 1, 1), null))) {
			assertThat(rule.inNumerator(child(MINH, atRisk, List.of(plan), List.of(), List.of()), START, END)).as(plan.toString()).isFalse();
		}
		assertThat(rule.inNumerator(child(MINH, atRisk, List.of(new CarePlan("disability", "active", LocalDate.of(2025, 9, 12),
				END)), List.of(), List.of()), START, END)).isTrue();
	}

	@Test
	void firstReferralCompletedWithin30Days() {
		DevelopmentCareRule rule = rule("dev-referral-completed-30d");
		LocalDate referred = LocalDate.of(2025, 9, 12);
		List<Referral> referral = List.of(new Referral("ref-minh", referred, "active", "order"));
		assertThat(rule.inInitialPopulation(child(MINH, List.of(), List.of(), referral, List.of()), START, END)).isTrue();
		assertThat(rule.inNumerator(child(MINH, List.of(), List.of(), referral,
				List.of(new ReferralTask("ref-minh", "completed", referred.plusDays(30)))), START, END)).isTrue();
		assertThat(rule.inNumerator(child(MINH, List.of(), List.of(), referral,
				List.of(new ReferralTask("ref-minh", "completed", referred.plusDays(31)))), START, END)).isFalse();
		// accepted but not completed, or a task of another referral
		assertThat(rule.inNumerator(child(MINH, List.of(), List.of(), referral,
				List.of(new ReferralTask("ref-minh", "accepted", referred.plusDays(3)))), START, END)).isFalse();
		assertThat(rule.inNumerator(child(MINH, List.of(), List.of(), referral,
				List.of(new ReferralTask("ref-other", "completed", referred.plusDays(3)))), START, END)).isFalse();
		// the first referral of the period decides; a draft or revoked request is no referral
		List<Referral> two = List.of(new Referral("ref-1", LocalDate.of(2025, 3, 1), "active", "order"), referral.get(0));
		assertThat(rule.inNumerator(child(MINH, List.of(), List.of(), two,
				List.of(new ReferralTask("ref-minh", "completed", referred.plusDays(3)))), START, END)).isFalse();
		assertThat(rule.inInitialPopulation(child(MINH, List.of(), List.of(), List.of(new Referral("ref-x", referred, "draft", "order"),
				new Referral("ref-y", referred, "revoked", "order")), List.of()), START, END)).isFalse();
	}
}
