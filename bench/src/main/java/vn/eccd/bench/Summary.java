package vn.eccd.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What the generator produced, and the realised distributions (computed from the values actually written). */
public final class Summary {
	final Map<String, Long> resources = new TreeMap<>();
	final Map<String, Long> bundles = new TreeMap<>();
	final Map<String, Long> childrenByGroup = new TreeMap<>();
	final Map<String, Long> doses = new TreeMap<>();
	final Map<String, Long> screening = new TreeMap<>();
	final Map<String, double[]> growthByGroup = new TreeMap<>(); // n, stunted, underweight, wasted, targetStunt, targetWaste
	final Map<String, long[]> ancByGroup = new TreeMap<>(); // n, 0 contacts, 4+ contacts
	final Map<String, long[]> deliveryByGroup = new TreeMap<>(); // n, hospital, station, home
	final Map<String, long[]> dtp3ByGroup = new TreeMap<>(); // children >= 12 months, DTP3 before 1st birthday
	long missedDoses;
	long tooEarlyDoses;
	long entryErrors;
	long carePlans;
	long referrals;
	final Map<String, Long> referralsByCategory = new TreeMap<>();
	long screenings;
	long checkUpsWithoutInstrument;
	final Map<String, long[]> domainResults = new TreeMap<>(); // domain -> on track (N), not on track (A)
	final Map<String, Long> tasks = new TreeMap<>(); // by status
	long tasksCompletedWithin30d;
	long referralsOpenWithoutTask;
	final Map<String, Long> devCarePlans = new TreeMap<>(); // by status
	final Map<String, Long> devCarePlansAfter = new TreeMap<>(); // by the result of the screening they follow
	long devPlansAfterReference;
	final long[] rescreens = new long[2]; // every domain on track, not
	long flaggedExcluded;

	void countResource(String type) {
		resources.merge(type, 1L, Long::sum);
	}

	void countBundle(String kind) {
		bundles.merge(kind, 1L, Long::sum);
	}

	void countChild(String group) {
		childrenByGroup.merge(group, 1L, Long::sum);
	}

	void countDose(String vaccine) {
		doses.merge(vaccine, 1L, Long::sum);
	}

	void missedDose() {
		missedDoses++;
	}

	void tooEarlyDose() {
		tooEarlyDoses++;
	}

	void entryError() {
		entryErrors++;
	}

	void countCarePlan() {
		carePlans++;
	}

	void countReferral(String category) {
		referrals++;
		referralsByCategory.merge(category, 1L, Long::sum);
	}

	/** A screening's overall result (typical / monitor / refer). */
	void screening(String result) {
		screening.merge(result, 1L, Long::sum);
	}

	/** A screening recorded: one questionnaire response. */
	void countScreening() {
		screenings++;
	}

	/** A check-up attended at an age the IG's questionnaire does not cover: no screening recorded. */
	void checkUpWithoutInstrument() {
		checkUpsWithoutInstrument++;
	}

	void domainResult(String domain, boolean onTrack) {
		domainResults.computeIfAbsent(domain, k -> new long[2])[onTrack ? 0 : 1]++;
	}

	void referralTask(String status, boolean completedWithin30d) {
		tasks.merge(status, 1L, Long::sum);
		if (completedWithin30d) {
			tasksCompletedWithin30d++;
		}
	}

	/** A development care plan sent, with its status, made after a screening with that result. */
	void devCarePlan(String status, String screeningResult) {
		devCarePlans.merge(status, 1L, Long::sum);
		devCarePlansAfter.merge(screeningResult, 1L, Long::sum);
	}

	/** A development care plan that would be made after the reference date: not sent. */
	void devPlanAfterReference() {
		devPlansAfterReference++;
	}

	/** A care plan's re-screen recorded (it is also counted as a screening). */
	void rescreen(boolean onTrack) {
		rescreens[onTrack ? 0 : 1]++;
	}

	void referralOpenWithoutTask() {
		referralsOpenWithoutTask++;
	}

	void anc(int contacts, String group) {
		long[] a = ancByGroup.computeIfAbsent(group, k -> new long[3]);
		a[0]++;
		if (contacts == 0) {
			a[1]++;
		}
		if (contacts >= 4) {
			a[2]++;
		}
	}

	void delivery(int place, String group) {
		long[] a = deliveryByGroup.computeIfAbsent(group, k -> new long[4]);
		a[0]++;
		a[1 + place]++;
	}

	void dtp3(boolean beforeFirstBirthday, String group) {
		long[] a = dtp3ByGroup.computeIfAbsent(group, k -> new long[2]);
		a[0]++;
		if (beforeFirstBirthday) {
			a[1]++;
		}
	}

	/**
	 * Prevalence as the GSO indicator counts it: children aged 0-59 months at the reference date, their latest
	 * valid measurement (within the last 12 months), WHO flags (|HAZ| > 6, WHZ outside -5..5, WAZ outside -6..5)
	 * excluded.
	 */
	void latestUnder5(String group, int sex, long ageNow, long ageAtMeasure, long daysSince, double heightCm,
			double weightKg, double stuntTarget, double wasteTarget, GrowthReference ref) {
		if (ageNow >= 1826 || daysSince > 365) {
			return;
		}
		double haz = ref.lengthOrHeightForAgeZ(sex, ageAtMeasure, heightCm);
		double whz = ref.weightForLengthZ(sex, ageAtMeasure, heightCm, weightKg);
		double waz = ref.weightForAgeZ(sex, ageAtMeasure, weightKg);
		if (Math.abs(haz) > 6 || whz < -5 || whz > 5 || waz < -6 || waz > 5) {
			flaggedExcluded++;
			return;
		}
		for (String key : new String[] {group, "all"}) {
			double[] a = growthByGroup.computeIfAbsent(key, k -> new double[6]);
			a[0]++;
			a[1] += haz < -2 ? 1 : 0;
			a[2] += waz < -2 ? 1 : 0;
			a[3] += whz < -2 ? 1 : 0;
			a[4] += stuntTarget;
			a[5] += wasteTarget;
		}
	}

	void finish(Generator.Config cfg) {
		// nothing to close; kept for symmetry with future streaming statistics
	}

	public long totalResources() {
		return resources.values().stream().mapToLong(Long::longValue).sum();
	}

	public long totalBundles() {
		return bundles.values().stream().mapToLong(Long::longValue).sum();
	}

	/** [n, stunting, underweight, wasting, expected stunting, expected wasting] as shares. */
	public double[] prevalence(String group) {
		double[] a = growthByGroup.get(group);
		if (a == null || a[0] == 0) {
			return null;
		}
		return new double[] {a[0], a[1] / a[0], a[2] / a[0], a[3] / a[0], a[4] / a[0], a[5] / a[0]};
	}

	static String pct(double v) {
		return String.format(Locale.ROOT, "%.1f%%", 100 * v);
	}

	public String markdown(Generator.Config cfg) {
		StringBuilder sb = new StringBuilder();
		sb.append("# Synthetic population summary\n\n");
		sb.append(String.format(Locale.ROOT, "seed %d, provinces %s, %d children, reference date %s%n%n", cfg.seed(),
				cfg.provinces(), cfg.children(), cfg.asOf()));
		sb.append("| children by group | n |\n|---|---|\n");
		childrenByGroup.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
		sb.append("\n| resources | n |\n|---|---|\n");
		resources.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
		sb.append("| **total** | ").append(totalResources()).append(" |\n");
		sb.append("\n| transaction bundles (visits) | n |\n|---|---|\n");
		bundles.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
		sb.append("| **total** | ").append(totalBundles()).append(" |\n");
		sb.append("\n| nutrition, children 0-59 months (latest valid measurement) | n | stunting (target) | underweight | wasting (target) |\n|---|---|---|---|---|\n");
		growthByGroup.keySet().forEach(k -> {
			double[] p = prevalence(k);
			sb.append(String.format(Locale.ROOT, "| %s | %d | %s (%s) | %s | %s (%s) |%n", k, (long) p[0], pct(p[1]),
					pct(p[4]), pct(p[2]), pct(p[3]), pct(p[5])));
		});
		sb.append("\nflagged (implausible) latest measurements excluded: ").append(flaggedExcluded)
				.append("; data-entry errors injected: ").append(entryErrors).append("\n");
		sb.append("\n| ANC | pregnancies | no ANC | 4+ contacts |\n|---|---|---|---|\n");
		ancByGroup.forEach((k, a) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", k, a[0],
				pct((double) a[1] / a[0]), pct((double) a[2] / a[0]))));
		sb.append("\n| delivery | births | hospital | commune station | home |\n|---|---|---|---|---|\n");
		deliveryByGroup.forEach((k, a) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", k, a[0],
				pct((double) a[1] / a[0]), pct((double) a[2] / a[0]), pct((double) a[3] / a[0]))));
		sb.append("\n| immunization | children >= 12 months | DTP3 (5-in-1) before 1st birthday |\n|---|---|---|\n");
		dtp3ByGroup.forEach((k, a) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %s |%n", k, a[0],
				pct((double) a[1] / a[0]))));
		sb.append("\ndoses given: ").append(doses).append("\n");
		sb.append("doses missed (due, never given): ").append(missedDoses).append("; invalid (too early): ")
				.append(tooEarlyDoses).append("\n");
		sb.append("\n| developmental screening (milestones questionnaire, 24-59 months) | n |\n|---|---|\n");
		sb.append("| screenings (QuestionnaireResponse, re-screens of care plans included) | ").append(screenings)
				.append(" |\n");
		screening.forEach((k, v) -> sb.append("| result ").append(k).append(" | ").append(v).append(" |\n"));
		long n = 0;
		long a = 0;
		for (Map.Entry<String, long[]> e : domainResults.entrySet()) {
			n += e.getValue()[0] + e.getValue()[1];
			a += e.getValue()[1];
			sb.append(String.format(Locale.ROOT, "| domain results %s: on track (N) / not on track (A) | %d / %d |%n",
					e.getKey(), e.getValue()[0], e.getValue()[1]));
		}
		sb.append("| domain results (Observation eccd-development-domain-result) | ").append(n).append(" (").append(a)
				.append(" A) |\n");
		sb.append("| check-ups at 12 / 60 months (no instrument in the IG, not recorded) | ")
				.append(checkUpsWithoutInstrument).append(" |\n");
		sb.append("\ncare plans (nutrition): ").append(carePlans).append("\n");
		sb.append("\n| development care plans (CarePlan category development) | n |\n|---|---|\n");
		sb.append("| plans | ").append(devCarePlans.values().stream().mapToLong(Long::longValue).sum()).append(" |\n");
		devCarePlans.forEach((k, v) -> sb.append("| plans ").append(k).append(" | ").append(v).append(" |\n"));
		devCarePlansAfter.forEach((k, v) -> sb.append("| plans after a screening ").append(k).append(" | ").append(v)
				.append(" |\n"));
		sb.append("| re-screens 3 months into a plan: every domain on track / not | ").append(rescreens[0]).append(" / ")
				.append(rescreens[1]).append(" |\n");
		sb.append("| plans due after the reference date (not sent) | ").append(devPlansAfterReference).append(" |\n");
		sb.append("\n| referrals and follow-up | n |\n|---|---|\n");
		sb.append("| referrals (ServiceRequest) | ").append(referrals).append(" |\n");
		referralsByCategory.forEach((k, v) -> sb.append("| referrals ").append(k).append(" | ").append(v).append(" |\n"));
		sb.append("| referral tasks (Task) | ").append(tasks.values().stream().mapToLong(Long::longValue).sum())
				.append(" |\n");
		tasks.forEach((k, v) -> sb.append("| tasks ").append(k).append(" | ").append(v).append(" |\n"));
		sb.append("| tasks completed within 30 days of the referral | ").append(tasksCompletedWithin30d).append(" |\n");
		sb.append("| referrals still open at the reference date (no Task yet) | ").append(referralsOpenWithoutTask)
				.append(" |\n");
		return sb.toString();
	}
}
