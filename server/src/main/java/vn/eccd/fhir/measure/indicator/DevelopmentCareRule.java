package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A development and care indicator over children 0-8 years (docs/measures.md, "Development and care"): screening
 * done, at-risk children with an active care plan, referrals completed within 30 days. The same rules are in the CQL
 * Libraries (profiles/src/main/cql/EccdDev*.cql); {@link DevelopmentCareFamily} gathers the records.
 */
public record DevelopmentCareRule(Criterion criterion) implements IndicatorRule {

	public enum Criterion {
		/** a developmental screening result recorded in the period */
		SCREENING_DONE,
		/** children with an "abnormal" screening result in the period: an active development care plan at period end */
		AT_RISK_CARE_PLAN,
		/** children referred in the period: their first referral completed within 30 days */
		REFERRAL_COMPLETED_30_DAYS
	}

	/** Oldest age, in completed years at the end of the period. */
	public static final int MAX_AGE_YEARS = 8;
	public static final int REFERRAL_DAYS = 30;
	public static final Set<String> OBSERVATION_COUNTED_STATUSES = Set.of("final", "amended", "corrected");
	/** Care plans that answer a developmental risk (CodeSystem eccd-care-plan-category). */
	public static final Set<String> DEVELOPMENT_CARE_PLANS = Set.of("development", "disability");
	/** Referrals that were made (not drafts, revoked or in error). */
	public static final Set<String> REFERRAL_COUNTED_STATUSES = Set.of("active", "on-hold", "completed");

	/** A screening domain result (eccd_flat_development_result). */
	public record Result(LocalDate date, String status, String interpretation) {

		boolean countsIn(LocalDate periodStart, LocalDate periodEnd) {
			return date != null && OBSERVATION_COUNTED_STATUSES.contains(status) && !date.isBefore(periodStart)
					&& !date.isAfter(periodEnd);
		}
	}

	public record CarePlan(String category, String status, LocalDate start, LocalDate end) {}

	public record Referral(String id, LocalDate authored, String status, String intent) {}

	public record ReferralTask(String referralId, String status, LocalDate completed) {}

	/** Everything about one child that the criteria read. */
	public record Child(LocalDate birthDate, List<Result> results, List<CarePlan> carePlans, List<Referral> referrals,
			List<ReferralTask> tasks) {}

	/** Completed years of age at a date. */
	public static long ageInYears(LocalDate birthDate, LocalDate on) {
		return ChronoUnit.YEARS.between(birthDate, on);
	}

	/** Stratum of the age-group stratifier: age in completed years at the end of the period. */
	public static String ageGroup(LocalDate birthDate, LocalDate periodEnd) {
		long years = ageInYears(birthDate, periodEnd);
		return years <= 2 ? "0-2" : years <= 5 ? "3-5" : "6-8";
	}

	/** Aged 0-8 completed years at the end of the period (born on or before it). */
	public static boolean inAgeRange(LocalDate birthDate, LocalDate periodEnd) {
		return birthDate != null && !birthDate.isAfter(periodEnd) && ageInYears(birthDate, periodEnd) <= MAX_AGE_YEARS;
	}

	public boolean inInitialPopulation(Child child, LocalDate periodStart, LocalDate periodEnd) {
		if (!inAgeRange(child.birthDate(), periodEnd)) {
			return false;
		}
		return switch (criterion) {
			case SCREENING_DONE -> true;
			case AT_RISK_CARE_PLAN -> child.results().stream()
					.anyMatch(r -> r.countsIn(periodStart, periodEnd) && "A".equals(r.interpretation()));
			case REFERRAL_COMPLETED_30_DAYS -> firstReferralDate(child.referrals(), periodStart, periodEnd).isPresent();
		};
	}

	public boolean inNumerator(Child child, LocalDate periodStart, LocalDate periodEnd) {
		return switch (criterion) {
			case SCREENING_DONE -> child.results().stream().anyMatch(r -> r.countsIn(periodStart, periodEnd));
			case AT_RISK_CARE_PLAN -> child.carePlans().stream().anyMatch(p -> DEVELOPMENT_CARE_PLANS.contains(p.category())
					&& "active".equals(p.status()) && p.start() != null && !p.start().isAfter(periodEnd)
					&& (p.end() == null || !p.end().isBefore(periodEnd)));
			case REFERRAL_COMPLETED_30_DAYS -> {
				Optional<LocalDate> first = firstReferralDate(child.referrals(), periodStart, periodEnd);
				// with several referrals on that first day, one completed in time is enough
				yield first.isPresent() && counted(child.referrals(), periodStart, periodEnd)
						.filter(r -> r.authored().equals(first.get()))
						.anyMatch(r -> child.tasks().stream().anyMatch(t -> r.id().equals(t.referralId())
								&& "completed".equals(t.status()) && t.completed() != null
								&& !t.completed().isBefore(r.authored())
								&& !t.completed().isAfter(r.authored().plusDays(REFERRAL_DAYS))));
			}
		};
	}

	private static java.util.stream.Stream<Referral> counted(Collection<Referral> referrals, LocalDate periodStart, LocalDate periodEnd) {
		return referrals.stream().filter(r -> "order".equals(r.intent()) && REFERRAL_COUNTED_STATUSES.contains(r.status())
				&& r.authored() != null && !r.authored().isBefore(periodStart) && !r.authored().isAfter(periodEnd));
	}

	static Optional<LocalDate> firstReferralDate(Collection<Referral> referrals, LocalDate periodStart, LocalDate periodEnd) {
		return counted(referrals, periodStart, periodEnd).map(Referral::authored).min(Comparator.naturalOrder());
	}
}
