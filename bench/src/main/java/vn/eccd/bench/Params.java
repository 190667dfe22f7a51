package vn.eccd.bench;

/**
 * The distributions of the synthetic population, per population group. Every number here is documented with its
 * source or status in docs/synthetic-population.md; change them together.
 * Groups: 0 = urban ward, 1 = lowland rural commune, 2 = Kinh in a mountainous commune, 3 = ethnic minority in a
 * mountainous commune (H'Mông get an extra penalty, see MONG_*).
 */
final class Params {
	private Params() {
	}

	static final String[] GROUP_NAMES = {"urban", "lowland", "mountain-kinh", "mountain-minority"};

	// ---- anthropometry (WHO z-scores); prevalence targets of the latent z distribution ----
	static final double[] STUNTING = {0.12, 0.18, 0.24, 0.32};
	static final double[] WASTING = {0.035, 0.05, 0.06, 0.08};
	static final double MONG_STUNTING = 0.42;
	static final double HAZ_SD = 1.1;          // child's height-for-age track
	static final double HAZ_VISIT_SD = 0.15;   // measurement-to-measurement variation
	static final double WHZ_TRACK_SD = 0.85;
	static final double WHZ_VISIT_SD = 0.45;   // wasting is episodic
	static final double BIRTH_TRACK_SHARE = 0.5; // birth z = share x the child's track + own variation [background]
	static final double ENTRY_ERROR_RATE = 0.006; // share of measurements with a data-entry error

	// ---- family ----
	static final double[][] CHILDREN_PER_MOTHER = {{70, 28, 2}, {65, 31, 4}, {58, 35, 7}, {48, 38, 14}}; // 1,2,3
	static final double[] MOTHER_AGE_MEAN = {29, 27.5, 26, 22.5};
	static final double MALE_SHARE = 0.53; // sex ratio at birth ~112 boys per 100 girls (GSO) [secondary]
	static final double PRETERM_SHARE = 0.07;

	// ---- pregnancy ----
	static final double[][] ANC_COUNT = { // weights for 0..8 contacts
			{1, 1, 2, 4, 20, 25, 22, 15, 10},
			{2, 3, 5, 8, 25, 22, 18, 10, 7},
			{4, 6, 8, 12, 25, 18, 14, 8, 5},
			{12, 12, 14, 14, 20, 12, 8, 5, 3}};
	static final double[] FIRST_ANC_WEEK = {9, 10, 12, 15};
	static final double[] FIRST_ANC_WEEK_SD = {3, 3, 4, 5};
	static final double[] TT2_SHARE = {0.85, 0.80, 0.70, 0.55};
	static final double[] TT1_SHARE = {0.10, 0.12, 0.18, 0.25};
	static final double[] IFA_SHARE = {0.90, 0.85, 0.75, 0.60};
	static final double[][] DELIVERY_PLACE = {{97, 2, 1}, {85, 13, 2}, {72, 23, 5}, {50, 28, 22}}; // hospital, station, home
	static final double MONG_HOME_BIRTH_EXTRA = 25; // added to the home weight for H'Mông mothers
	static final double[][] POSTNATAL_COUNT = {{5, 15, 30, 50}, {10, 20, 30, 40}, {20, 25, 30, 25}, {30, 30, 25, 15}};
	static final double[] EARLY_BREASTFEEDING = {0.25, 0.30, 0.35, 0.45};
	static final double[] EXCLUSIVE_BREASTFEEDING = {0.20, 0.25, 0.30, 0.40};

	// ---- immunization ----
	static final double[] DOSE_COVERAGE = {0.985, 0.97, 0.95, 0.90};
	static final double MONG_DOSE_COVERAGE = 0.86;
	static final double[] DELAY_MEDIAN_DAYS = {3, 7, 14, 21};
	static final double DELAY_SIGMA = 0.9;
	static final double TOO_EARLY_RATE = 0.015;
	static final double[] HEPB_24H_FACILITY = {0.95, 0.90, 0.85, 0.75};
	static final double HEPB_24H_HOME = 0.25;
	static final String SHORTAGE_FROM = "2022-07-01"; // 5-in-1 / DTP shortage (MoH / WHO / UNICEF news 2022-2023)
	static final String SHORTAGE_TO = "2023-09-30";
	static final double SHORTAGE_AFFECTED = 0.6;

	// ---- growth monitoring and screening ----
	static final int[] UNDER2_INTERVAL_MONTHS = {3, 3, 1, 1};
	static final double[] UNDER2_ATTENDANCE = {0.85, 0.85, 0.6, 0.6};
	static final double[] CAMPAIGN_ATTENDANCE = {0.85, 0.85, 0.75, 0.7};
	static final double[] SCHOOL_ATTENDANCE = {0.85, 0.8, 0.75, 0.7};
	static final double[] SCREENING_ATTENDANCE = {0.6, 0.55, 0.45, 0.35};
	static final int[] SCREENING_AGES_MONTHS = {12, 24, 36, 48, 60};
	static final double SCREENING_REFER = 0.04;
	static final double SCREENING_REFER_STUNTED = 0.10;
	static final double SCREENING_MONITOR = 0.10;
	// a screening's domains (EcdMilestones order: health, learning, psychosocial) [background]
	static final double[] DELAYED_DOMAIN_WEIGHTS = {30, 40, 30};  // which domain is not on track
	static final double[] REFER_DOMAINS_NOT_ON_TRACK = {65, 25, 10}; // "refer": 1 / 2 / 3 domains not on track
	static final double[] ON_TRACK_MISSED = {65, 25, 10};       // on track: 0 / 1 / 2 milestones missed (capped at the cut-off)
	static final double[] REFER_BELOW_CUTOFF = {60, 30, 10};    // "refer": score 2 / 3 / 4 below the cut-off (at least 0)

	// ---- referral follow-up (Task of the receiving facility) [background] ----
	static final double[] REFERRAL_DONE_30D = {0.70, 0.62, 0.52, 0.40};   // completed within 30 days
	static final double[] REFERRAL_DONE_LATER = {0.12, 0.15, 0.18, 0.20}; // completed after 31-120 days
	static final double REFERRAL_OPEN_IN_PROGRESS = 0.4; // never completed: in progress (attended), else still requested
	static final double REFERRAL_DAYS_MEDIAN_URGENT = 5;  // days to completion within 30 days: lognormal median
	static final double REFERRAL_DAYS_MEDIAN_ROUTINE = 12;
	static final double REFERRAL_DAYS_SIGMA = 0.8;
	static final int REFERRAL_LATE_MAX_DAYS = 120;
	static final int[] REFERRAL_CHECK_DAYS = {14, 45}; // the station's follow-up check of a referral not completed

	// ---- development care plan (eccd-care-plan, category development) after a screening with a domain not on
	// track, if the child has no plan running [background: commune stations' early-stimulation counselling, by group
	// as staff time and the family's reach; to confirm with the programme's reports] ----
	static final double[] DEV_PLAN_REFER = {0.92, 0.88, 0.80, 0.70};   // "refer" screening: a plan is made
	static final double[] DEV_PLAN_MONITOR = {0.45, 0.35, 0.25, 0.18}; // "monitor": a plan is made (else advice only)
	static final double[] DEV_PLAN_AT_SCREENING = {0.70, 0.65, 0.55, 0.45}; // made at the screening visit, else later:
	static final int[] DEV_PLAN_LATER_DAYS = {7, 28};                       // at a follow-up 7-28 days after it
	static final int[] DEV_RESCREEN_DAYS = {90, 120}; // the plan's re-screen ("tái sàng lọc sau 3 tháng"), after its start
	static final double[] DEV_RESCREEN_ATTENDANCE = {0.80, 0.70, 0.60, 0.45}; // the family comes to the re-screen
	static final double DEV_RESCREEN_ON_TRACK_MONITOR = 0.65; // every domain on track at the re-screen: plan completed
	static final double DEV_RESCREEN_ON_TRACK_REFER = 0.30;   // (else the plan goes on, still active)
}
