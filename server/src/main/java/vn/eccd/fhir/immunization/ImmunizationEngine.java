package vn.eccd.fhir.immunization;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.eccd.fhir.immunization.ImmunizationModel.AdministeredDose;
import vn.eccd.fhir.immunization.ImmunizationModel.ChildStatus;
import vn.eccd.fhir.immunization.ImmunizationModel.DoseEvaluation;
import vn.eccd.fhir.immunization.ImmunizationModel.DoseStatus;
import vn.eccd.fhir.immunization.ImmunizationModel.ForecastStatus;
import vn.eccd.fhir.immunization.ImmunizationModel.FullImmunizationResult;
import vn.eccd.fhir.immunization.ImmunizationModel.MaternalTetanusStatus;
import vn.eccd.fhir.immunization.ImmunizationModel.Reason;
import vn.eccd.fhir.immunization.ImmunizationModel.SeriesForecast;
import vn.eccd.fhir.immunization.ImmunizationModel.UpToDateResult;
import vn.eccd.fhir.immunization.ScheduleCatalog.AppliedRule;
import vn.eccd.fhir.immunization.ScheduleCatalog.DoseRule;
import vn.eccd.fhir.immunization.ScheduleCatalog.MaternalTetanusProtection;
import vn.eccd.fhir.immunization.ScheduleCatalog.ProtectionRule;
import vn.eccd.fhir.immunization.ScheduleCatalog.Series;
import vn.eccd.fhir.immunization.ScheduleCatalog.ScheduleVersion;

/**
 * Dose evaluation and forecast for Viet Nam's EPI, driven entirely by {@link ScheduleCatalog} data.
 *
 * <p>Evaluation is antigen-based: each dose counts for every antigen its vaccine contains (a 5-in-1 dose is a
 * diphtheria, tetanus, pertussis, HepB and Hib dose). Within an antigen the dose goes to the first series (in
 * data order) that accepts the vaccine, is not complete, and whose maximum age the child has not passed
 * (so a monovalent HepB at day 0 is the birth dose and one at 7 weeks starts the infant series). A dose
 * given before the minimum age, or before the minimum interval after the previous valid dose of the series,
 * minus the grace period (4 days), is stored but not counted; the reason is returned.
 */
public final class ImmunizationEngine {

	private final ScheduleCatalog catalog;

	public ImmunizationEngine(ScheduleCatalog catalog) {
		this.catalog = catalog;
	}

	public ScheduleCatalog catalog() {
		return catalog;
	}

	/** Evaluates a child's doses (those given on or before the assessment date) and forecasts every series. */
	public ChildStatus evaluateChild(LocalDate birthDate, List<AdministeredDose> doses, LocalDate assessmentDate) {
		List<AdministeredDose> sorted = doses.stream()
				.filter(d -> d.date() != null && !d.date().isAfter(assessmentDate) && !d.date().isBefore(birthDate))
				.sorted(Comparator.comparing(AdministeredDose::date).thenComparing(d -> String.valueOf(d.id())))
				.toList();
		Map<String, SeriesState> states = new LinkedHashMap<>();
		for (String id : catalog.seriesIds()) {
			Series meta = catalog.seriesMetadata(id);
			if (meta.forChildren()) {
				states.put(id, new SeriesState(meta, birthDate));
			}
		}
		List<DoseEvaluation> all = new ArrayList<>();
		for (AdministeredDose dose : sorted) {
			Optional<ScheduleCatalog.Vaccine> vaccine = catalog.vaccine(dose.vaccineCode());
			if (vaccine.isEmpty()) continue;
			for (String antigen : vaccine.get().antigens()) {
				all.add(assign(dose, antigen, states));
			}
		}
		List<SeriesForecast> forecasts = new ArrayList<>();
		for (SeriesState state : states.values()) {
			forecasts.add(state.forecast(assessmentDate));
		}
		return new ChildStatus(birthDate, assessmentDate, forecasts, all);
	}

	private DoseEvaluation assign(AdministeredDose dose, String antigen, Map<String, SeriesState> states) {
		Reason rejected = null;
		SeriesState rejectedBy = null;
		for (SeriesState state : states.values()) {
			Series meta = state.meta;
			if (!meta.antigen().equals(antigen) || !meta.acceptedVaccines().contains(dose.vaccineCode())) continue;
			Period maxAge = meta.maximumAgePeriod();
			if (maxAge != null && dose.date().isAfter(state.birthDate.plus(maxAge))) {
				if (rejected == null) { rejected = Reason.TOO_OLD; rejectedBy = state; }
				continue;
			}
			if (state.complete()) {
				if (rejected == null || rejected == Reason.TOO_OLD) { rejected = Reason.SERIES_COMPLETE; rejectedBy = state; }
				continue;
			}
			return state.evaluate(dose);
		}
		if (rejectedBy == null) {
			// vaccine contains the antigen but no child series of ours accepts it (e.g. TT given to a child)
			DoseEvaluation e = new DoseEvaluation(dose, antigen, null, null, DoseStatus.NOT_VALID, Reason.NOT_IN_SCHEDULE,
					"vaccine " + dose.vaccineCode() + " is not part of a child series for " + antigen, null);
			return e;
		}
		String explanation = rejected == Reason.TOO_OLD
				? "given at " + age(rejectedBy.birthDate, dose.date()) + ", after the maximum age "
						+ rejectedBy.meta.maximumAge() + " for " + rejectedBy.meta.title()
				: rejected.text;
		DoseEvaluation e = new DoseEvaluation(dose, antigen, rejectedBy.meta.id(), null,
				rejected == Reason.SERIES_COMPLETE ? DoseStatus.EXTRA : DoseStatus.NOT_VALID, rejected, explanation, null);
		rejectedBy.evaluations.add(e);
		return e;
	}

	/** Mutable evaluation state of one series for one child. */
	private final class SeriesState {
		final Series meta;
		final LocalDate birthDate;
		final List<DoseEvaluation> evaluations = new ArrayList<>();
		final Map<Integer, Optional<AppliedRule>> rules = new HashMap<>();
		int filled;
		LocalDate lastValid;

		SeriesState(Series meta, LocalDate birthDate) {
			this.meta = meta;
			this.birthDate = birthDate;
		}

		Optional<AppliedRule> rule(int n) {
			return rules.computeIfAbsent(n, k -> catalog.childRule(meta.id(), k, birthDate));
		}

		int required() {
			int n = 0;
			while (rule(n + 1).isPresent()) n++;
			return n;
		}

		boolean complete() {
			return filled >= required();
		}

		DoseEvaluation evaluate(AdministeredDose dose) {
			int n = filled + 1;
			AppliedRule applied = rule(n).orElseThrow();
			DoseRule r = applied.rule();
			int grace = applied.version().graceDays();
			LocalDate minAgeDate = birthDate.plus(r.minimumAgePeriod());
			DoseEvaluation e;
			if (dose.date().isBefore(minAgeDate.minusDays(grace))) {
				e = new DoseEvaluation(dose, meta.antigen(), meta.id(), null, DoseStatus.NOT_VALID, Reason.TOO_YOUNG,
						"dose " + n + " of " + meta.title() + " given at " + age(birthDate, dose.date())
								+ "; minimum age " + r.minimumAge() + " (" + minAgeDate + ", " + grace + "-day grace: "
								+ minAgeDate.minusDays(grace) + ")",
						applied.version().id());
			} else if (n > 1 && r.minimumIntervalPeriod() != null
					&& dose.date().isBefore(lastValid.plus(r.minimumIntervalPeriod()).minusDays(grace))) {
				LocalDate minDate = lastValid.plus(r.minimumIntervalPeriod());
				e = new DoseEvaluation(dose, meta.antigen(), meta.id(), null, DoseStatus.NOT_VALID, Reason.TOO_SOON,
						"dose " + n + " of " + meta.title() + " given " + ChronoUnit.DAYS.between(lastValid, dose.date())
								+ " days after the previous valid dose (" + lastValid + "); minimum interval "
								+ r.minimumInterval() + " (" + minDate + ", " + grace + "-day grace: " + minDate.minusDays(grace) + ")",
						applied.version().id());
			} else {
				boolean inGrace = dose.date().isBefore(minAgeDate) || (n > 1 && r.minimumIntervalPeriod() != null
						&& dose.date().isBefore(lastValid.plus(r.minimumIntervalPeriod())));
				filled = n;
				lastValid = dose.date();
				e = new DoseEvaluation(dose, meta.antigen(), meta.id(), n, DoseStatus.VALID, null,
						"dose " + n + " of " + meta.title() + (inGrace ? " (valid within the " + grace + "-day grace period)" : "")
								+ (applied.fallback() ? "; judged by " + applied.version().id() + " (earliest schedule in the data)" : ""),
						applied.version().id());
			}
			evaluations.add(e);
			return e;
		}

		SeriesForecast forecast(LocalDate asOf) {
			int required = required();
			List<DoseEvaluation> evals = List.copyOf(evaluations);
			if (filled >= required) {
				return new SeriesForecast(meta.id(), meta.antigen(), meta.title(), meta.titleVi(), ForecastStatus.COMPLETE,
						filled, required, null, null, null, null, null, null,
						rule(Math.max(1, filled)).map(a -> a.version().id()).orElse(null), meta.countsForUpToDate(), evals);
			}
			int n = filled + 1;
			AppliedRule applied = rule(n).orElseThrow();
			DoseRule r = applied.rule();
			LocalDate earliest = birthDate.plus(r.minimumAgePeriod());
			if (n > 1 && r.minimumIntervalPeriod() != null) {
				earliest = max(earliest, lastValid.plus(r.minimumIntervalPeriod()));
			}
			LocalDate due = birthDate.plus(r.recommendedAgePeriod());
			if (n > 1 && r.recommendedIntervalPeriod() != null) {
				due = max(due, lastValid.plus(r.recommendedIntervalPeriod()));
			}
			due = max(due, earliest);
			Period overdueAfter = r.overdueAfterPeriod() != null ? r.overdueAfterPeriod()
					: Period.parse(applied.version().defaultOverdueAfter());
			LocalDate overdue = due.plus(overdueAfter);
			LocalDate latest = meta.maximumAgePeriod() == null ? null : birthDate.plus(meta.maximumAgePeriod());
			ForecastStatus status;
			if (latest != null && asOf.isAfter(latest)) {
				status = ForecastStatus.AGED_OUT;
			} else if (asOf.isBefore(due)) {
				status = ForecastStatus.NOT_DUE;
			} else if (asOf.isBefore(overdue)) {
				status = ForecastStatus.DUE;
			} else {
				status = ForecastStatus.OVERDUE;
			}
			String vaccine = r.vaccines() == null || r.vaccines().isEmpty() ? meta.acceptedVaccines().get(0) : r.vaccines().get(0);
			return new SeriesForecast(meta.id(), meta.antigen(), meta.title(), meta.titleVi(), status, filled, required,
					n, earliest, due, overdue, latest, vaccine, applied.version().id(), meta.countsForUpToDate(), evals);
		}
	}

	/** "Fully immunized before the first birthday" under the named definition. */
	public FullImmunizationResult fullyImmunizedBeforeFirstBirthday(LocalDate birthDate, List<AdministeredDose> doses,
			String definitionId) {
		ScheduleCatalog.FullImmunizationDefinition def = catalog.fullImmunizationDefinitions().get(definitionId);
		if (def == null) {
			throw new IllegalArgumentException("Unknown full-immunization definition " + definitionId
					+ "; known: " + catalog.fullImmunizationDefinitions().keySet());
		}
		LocalDate birthday = birthDate.plus(def.ageLimitPeriod());
		// doses on or after the first birthday do not count: assess on the day before
		ChildStatus status = evaluateChild(birthDate, doses, birthday.minusDays(1));
		List<String> missing = new ArrayList<>();
		for (ScheduleCatalog.Requirement req : def.requirements()) {
			SeriesForecast s = status.series(req.series());
			int needed = Math.min(req.doses(), s.requiredDoses());
			if (s.validDoses() < needed) {
				missing.add(req.series() + " " + s.validDoses() + "/" + needed);
			}
		}
		return new FullImmunizationResult(missing.isEmpty(), def.id(), def.version(), birthday, missing);
	}

	/**
	 * "Up to date for age" on a date: no series that counts for it is overdue or past its maximum age without
	 * the dose (a missed BCG stays missed). Series marked countsForUpToDate=false in the data (HepB birth dose,
	 * phased rotavirus) are ignored.
	 */
	public UpToDateResult upToDateForAge(LocalDate birthDate, List<AdministeredDose> doses, LocalDate date) {
		ChildStatus status = evaluateChild(birthDate, doses, date);
		List<String> overdue = status.series().stream()
				.filter(SeriesForecast::countsForUpToDate)
				.filter(s -> s.status() == ForecastStatus.OVERDUE || s.status() == ForecastStatus.AGED_OUT)
				.map(s -> s.seriesId() + " dose " + s.nextDose())
				.toList();
		return new UpToDateResult(overdue.isEmpty(), date, overdue);
	}

	/** HepB birth dose given within 24 hours (same or next calendar day: dates carry no time here). */
	public boolean hepBBirthDoseTimely(LocalDate birthDate, List<AdministeredDose> doses) {
		return doses.stream().anyMatch(d -> "hepb".equals(d.vaccineCode()) && d.date() != null
				&& !d.date().isBefore(birthDate) && !d.date().isAfter(birthDate.plusDays(1)));
	}

	/**
	 * A pregnant woman's tetanus protection at delivery. Her TT/Td doses are evaluated against the maternal
	 * series (minimum intervals with grace) of the schedule in force on the delivery date; only valid doses
	 * given at least {@code minimumBeforeDelivery} before delivery count. Protected when the number of counted
	 * doses reaches a protection rule and delivery falls within its duration after the last counted dose.
	 */
	public MaternalTetanusStatus maternalTetanusProtection(List<AdministeredDose> doses, LocalDate deliveryDate) {
		ScheduleVersion version = catalog.ruleOnDate(MATERNAL_SERIES, 1, deliveryDate).orElseThrow().version();
		MaternalTetanusProtection protection = version.maternalTetanusProtection();
		LocalDate cutoff = deliveryDate.minus(Period.parse(protection.minimumBeforeDelivery()));
		MaternalEvaluation ev = evaluateMaternal(version, doses, deliveryDate, cutoff, protection.minimumBeforeDelivery());
		List<DoseEvaluation> evals = ev.evaluations;
		int valid = ev.valid;
		LocalDate last = ev.last;
		ProtectionRule applicable = null;
		for (ProtectionRule p : protection.protection()) {
			if (valid >= p.validDoses()) applicable = p;
		}
		if (applicable == null) {
			return new MaternalTetanusStatus(false, deliveryDate, valid, last, null, version.id(),
					valid + " valid dose(s) at least " + protection.minimumBeforeDelivery() + " before delivery; at least "
							+ protection.protection().get(0).validDoses() + " are needed", evals);
		}
		LocalDate until = applicable.years() == 0 ? null : last.plusYears(applicable.years());
		boolean protectedAtDelivery = until == null || !deliveryDate.isAfter(until);
		String why = valid + " valid dose(s), last on " + last + ": protection "
				+ (until == null ? "for life (childbearing years)" : "until " + until)
				+ (protectedAtDelivery ? "" : ", expired before delivery");
		return new MaternalTetanusStatus(protectedAtDelivery, deliveryDate, valid, last, until, version.id(), why, evals);
	}

	public static final String MATERNAL_SERIES = "tetanus-maternal";

	private record MaternalEvaluation(List<DoseEvaluation> evaluations, int valid, LocalDate last) {}

	/** The woman's TT/Td doses up to {@code upTo}; doses after {@code cutoff} are evaluated but not counted. */
	private MaternalEvaluation evaluateMaternal(ScheduleVersion version, List<AdministeredDose> doses, LocalDate upTo,
			LocalDate cutoff, String cutoffLabel) {
		Series meta = version.series(MATERNAL_SERIES).orElseThrow();
		List<AdministeredDose> sorted = doses.stream()
				.filter(d -> d.date() != null && meta.acceptedVaccines().contains(d.vaccineCode()) && !d.date().isAfter(upTo))
				.sorted(Comparator.comparing(AdministeredDose::date)).toList();
		List<DoseEvaluation> evals = new ArrayList<>();
		int valid = 0;
		LocalDate last = null;
		for (AdministeredDose d : sorted) {
			int n = valid + 1;
			Optional<DoseRule> rule = meta.dose(n);
			if (rule.isEmpty()) {
				evals.add(new DoseEvaluation(d, "tetanus", MATERNAL_SERIES, null, DoseStatus.EXTRA, Reason.SERIES_COMPLETE,
						Reason.SERIES_COMPLETE.text, version.id()));
				continue;
			}
			if (d.date().isAfter(cutoff)) {
				evals.add(new DoseEvaluation(d, "tetanus", MATERNAL_SERIES, null, DoseStatus.NOT_VALID, Reason.TOO_SOON,
						"given less than " + cutoffLabel + " before delivery (" + upTo + "): does not protect the newborn",
						version.id()));
				continue;
			}
			Period minInterval = rule.get().minimumIntervalPeriod();
			if (n > 1 && minInterval != null && d.date().isBefore(last.plus(minInterval).minusDays(version.graceDays()))) {
				evals.add(new DoseEvaluation(d, "tetanus", MATERNAL_SERIES, null, DoseStatus.NOT_VALID, Reason.TOO_SOON,
						"dose " + n + " given " + ChronoUnit.DAYS.between(last, d.date()) + " days after dose " + (n - 1)
								+ "; minimum interval " + rule.get().minimumInterval(), version.id()));
				continue;
			}
			valid = n;
			last = d.date();
			evals.add(new DoseEvaluation(d, "tetanus", MATERNAL_SERIES, n, DoseStatus.VALID, null, "dose " + n, version.id()));
		}
		return new MaternalEvaluation(evals, valid, last);
	}

	/**
	 * Forecast of a woman's TT/Td series (women of childbearing age, pregnant women): next dose, earliest = due
	 * date (minimum interval after the previous valid dose; dose 1 at any antenatal contact). Never "overdue":
	 * the women's schedule has no age anchor.
	 */
	public SeriesForecast maternalForecast(List<AdministeredDose> doses, LocalDate assessmentDate) {
		ScheduleVersion version = catalog.ruleOnDate(MATERNAL_SERIES, 1, assessmentDate).orElseThrow().version();
		Series meta = version.series(MATERNAL_SERIES).orElseThrow();
		MaternalEvaluation ev = evaluateMaternal(version, doses, assessmentDate, assessmentDate, "0 days");
		int required = meta.doses().size();
		if (ev.valid >= required) {
			return new SeriesForecast(meta.id(), meta.antigen(), meta.title(), meta.titleVi(), ForecastStatus.COMPLETE,
					ev.valid, required, null, null, null, null, null, null, version.id(), false, ev.evaluations);
		}
		DoseRule r = meta.dose(ev.valid + 1).orElseThrow();
		LocalDate earliest = ev.valid == 0 || r.minimumIntervalPeriod() == null ? assessmentDate
				: ev.last.plus(r.minimumIntervalPeriod());
		ForecastStatus status = assessmentDate.isBefore(earliest) ? ForecastStatus.NOT_DUE : ForecastStatus.DUE;
		return new SeriesForecast(meta.id(), meta.antigen(), meta.title(), meta.titleVi(), status, ev.valid, required,
				ev.valid + 1, earliest, earliest, null, null, r.vaccines().get(0), version.id(), false, ev.evaluations);
	}

	static String age(LocalDate birthDate, LocalDate date) {
		Period p = Period.between(birthDate, date);
		if (p.getYears() == 0 && p.getMonths() == 0) return p.getDays() + " days";
		return (p.getYears() > 0 ? p.getYears() + "y " : "") + p.getMonths() + "m " + p.getDays() + "d";
	}

	private static LocalDate max(LocalDate a, LocalDate b) {
		return a.isAfter(b) ? a : b;
	}
}
