package vn.eccd.fhir.immunization;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Viet Nam's EPI schedule as data: the vaccine catalogue, every schedule version (one JSON file per legal
 * text, with the dates it is in force) and the "fully immunized" definitions, read from the terminology
 * jar under {@value #BASE}. Nothing in the rules is hard-coded: correcting a [background] rule means
 * editing the JSON (see SOURCE.md next to it).
 */
public final class ScheduleCatalog {

	public static final String BASE = "vn/eccd/terminology/immunization/";
	public static final String VACCINE_SYSTEM = "https://fhir.eccd.vn/CodeSystem/vn-epi-vaccine";
	public static final String ANTIGEN_SYSTEM = "https://fhir.eccd.vn/CodeSystem/vn-epi-antigen";

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Mapping(String code, String display, String equivalence) {}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Vaccine(String code, String display, String displayVi, List<String> antigens,
			Mapping cvx, Mapping icd11, Mapping snomed) {}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Antigen(String code, String display, String displayVi) {}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record DoseRule(int dose, String recommendedAge, String minimumAge, String minimumInterval,
			String recommendedInterval, String overdueAfter, List<String> vaccines, LocalDate effectiveFrom,
			LocalDate effectiveTo, String confidence, String note) {

		public Period recommendedAgePeriod() { return period(recommendedAge); }
		public Period minimumAgePeriod() { return period(minimumAge); }
		public Period minimumIntervalPeriod() { return period(minimumInterval); }
		public Period recommendedIntervalPeriod() { return period(recommendedInterval); }
		public Period overdueAfterPeriod() { return period(overdueAfter); }

		boolean inForceOn(LocalDate date) {
			return (effectiveFrom == null || !date.isBefore(effectiveFrom))
					&& (effectiveTo == null || !date.isAfter(effectiveTo));
		}
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Series(String id, String antigen, String target, String title, String titleVi,
			List<String> acceptedVaccines, String programme, boolean countsForUpToDate, String maximumAge,
			String note, List<DoseRule> doses) {

		public Period maximumAgePeriod() { return period(maximumAge); }

		public Optional<DoseRule> dose(int n) {
			return doses.stream().filter(d -> d.dose() == n).findFirst();
		}

		public boolean forChildren() { return "child".equals(target); }
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ProtectionRule(int validDoses, int years) {}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record MaternalTetanusProtection(String minimumBeforeDelivery, List<ProtectionRule> protection,
			String confidence, String note) {}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ScheduleVersion(String id, String version, String title, String titleVi, String legalBasis,
			LocalDate effectiveFrom, LocalDate effectiveTo, int graceDays, String defaultOverdueAfter,
			MaternalTetanusProtection maternalTetanusProtection, List<Series> series) {

		public boolean inForceOn(LocalDate date) {
			return !date.isBefore(effectiveFrom) && (effectiveTo == null || !date.isAfter(effectiveTo));
		}

		public Optional<Series> series(String seriesId) {
			return series.stream().filter(s -> s.id().equals(seriesId)).findFirst();
		}
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Requirement(String series, int doses) {}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record FullImmunizationDefinition(String id, String version, String title, String titleVi,
			LocalDate effectiveFrom, LocalDate effectiveTo, String ageLimit, String confidence, String source,
			List<Requirement> requirements) {

		public Period ageLimitPeriod() { return period(ageLimit); }
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Index(List<String> schedules, String fullImmunization) {}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record VaccineFile(List<Vaccine> vaccines, List<Antigen> antigens) {}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record FicFile(List<FullImmunizationDefinition> definitions) {}

	private final Map<String, Vaccine> vaccines = new LinkedHashMap<>();
	private final Map<String, Antigen> antigens = new LinkedHashMap<>();
	private final List<ScheduleVersion> versions;
	private final Map<String, FullImmunizationDefinition> fullImmunizationDefinitions = new LinkedHashMap<>();
	private final List<String> seriesIds;
	private final Map<String, Series> seriesMetadata = new LinkedHashMap<>();

	private ScheduleCatalog(VaccineFile vaccineFile, List<ScheduleVersion> versions, FicFile fic) {
		vaccineFile.vaccines().forEach(v -> vaccines.put(v.code(), v));
		vaccineFile.antigens().forEach(a -> antigens.put(a.code(), a));
		this.versions = versions.stream().sorted(Comparator.comparing(ScheduleVersion::effectiveFrom)).toList();
		fic.definitions().forEach(d -> fullImmunizationDefinitions.put(d.id(), d));
		this.seriesIds = computeSeriesIds();
		check();
		seriesIds.forEach(id -> seriesMetadata.put(id, seriesMetadata(id)));
	}

	/** Loads the catalogue from the classpath (terminology jar). */
	public static ScheduleCatalog loadFromClasspath() {
		ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
				.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
		Index index = read(mapper, "index.json", Index.class);
		List<ScheduleVersion> versions = new ArrayList<>();
		for (String file : index.schedules()) {
			versions.add(read(mapper, file, ScheduleVersion.class));
		}
		return new ScheduleCatalog(read(mapper, "vaccines.json", VaccineFile.class), versions,
				read(mapper, index.fullImmunization(), FicFile.class));
	}

	private static <T> T read(ObjectMapper mapper, String file, Class<T> type) {
		try (InputStream in = ScheduleCatalog.class.getClassLoader().getResourceAsStream(BASE + file)) {
			if (in == null) {
				throw new IllegalStateException("Immunization schedule data missing from classpath: " + BASE + file);
			}
			return mapper.readValue(in, type);
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read " + BASE + file, e);
		}
	}

	/** Referential checks so that a data edit with a typo fails at start-up, not in a forecast. */
	private void check() {
		List<String> problems = new ArrayList<>();
		for (Vaccine v : vaccines.values()) {
			v.antigens().stream().filter(a -> !antigens.containsKey(a))
					.forEach(a -> problems.add("vaccine " + v.code() + " names unknown antigen " + a));
		}
		for (ScheduleVersion version : versions) {
			for (Series s : version.series()) {
				if (!antigens.containsKey(s.antigen())) {
					problems.add(version.id() + "/" + s.id() + ": unknown antigen " + s.antigen());
				}
				for (String v : s.acceptedVaccines()) {
					Vaccine vaccine = vaccines.get(v);
					if (vaccine == null || !vaccine.antigens().contains(s.antigen())) {
						problems.add(version.id() + "/" + s.id() + ": accepted vaccine " + v + " does not contain " + s.antigen());
					}
				}
				int expected = 1;
				for (DoseRule d : s.doses()) {
					if (d.dose() != expected++) {
						problems.add(version.id() + "/" + s.id() + ": doses must be numbered 1..n in order");
					}
					if (d.recommendedAge() == null || d.minimumAge() == null) {
						problems.add(version.id() + "/" + s.id() + " dose " + d.dose() + ": recommendedAge and minimumAge are required");
					}
					d.vaccines().stream().filter(v -> !s.acceptedVaccines().contains(v))
							.forEach(v -> problems.add(version.id() + "/" + s.id() + " dose " + d.dose() + ": vaccine " + v + " not accepted by the series"));
				}
			}
		}
		for (int i = 1; i < versions.size(); i++) {
			ScheduleVersion prev = versions.get(i - 1);
			if (prev.effectiveTo() == null || !prev.effectiveTo().plusDays(1).equals(versions.get(i).effectiveFrom())) {
				problems.add("schedule " + prev.id() + " must end the day before " + versions.get(i).id() + " starts");
			}
		}
		for (FullImmunizationDefinition d : fullImmunizationDefinitions.values()) {
			d.requirements().stream().filter(r -> seriesIds().stream().noneMatch(r.series()::equals))
					.forEach(r -> problems.add("definition " + d.id() + " names unknown series " + r.series()));
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Invalid immunization schedule data: " + String.join("; ", problems));
		}
	}

	public Map<String, Vaccine> vaccines() { return vaccines; }
	public Map<String, Antigen> antigens() { return antigens; }
	public List<ScheduleVersion> versions() { return versions; }
	public Map<String, FullImmunizationDefinition> fullImmunizationDefinitions() { return fullImmunizationDefinitions; }

	public Optional<Vaccine> vaccine(String code) { return Optional.ofNullable(vaccines.get(code)); }

	/** Vaccine code of ours for a CVX code, when the map says the two are equivalent. */
	public Optional<Vaccine> vaccineForCvx(String cvx) {
		return vaccines.values().stream()
				.filter(v -> v.cvx() != null && v.cvx().code().equals(cvx) && "equivalent".equals(v.cvx().equivalence()))
				.findFirst();
	}

	/** All series ids in data order (the latest version's order first, then any only older ones). */
	public List<String> seriesIds() {
		return seriesIds;
	}

	private List<String> computeSeriesIds() {
		List<String> ids = new ArrayList<>();
		for (int i = versions.size() - 1; i >= 0; i--) {
			versions.get(i).series().forEach(s -> { if (!ids.contains(s.id())) ids.add(s.id()); });
		}
		return List.copyOf(ids);
	}

	/** The newest definition of a series (its metadata: accepted vaccines, maximum age, programme). */
	public Series seriesMetadata(String seriesId) {
		Series cached = seriesMetadata.get(seriesId);
		if (cached != null) return cached;
		for (int i = versions.size() - 1; i >= 0; i--) {
			Optional<Series> s = versions.get(i).series(seriesId);
			if (s.isPresent()) return s.get();
		}
		throw new IllegalArgumentException("Unknown series " + seriesId);
	}

	public Optional<ScheduleVersion> versionInForce(LocalDate date) {
		return versions.stream().filter(v -> v.inForceOn(date)).findFirst();
	}

	/** The rule of one dose together with the schedule version it comes from. */
	public record AppliedRule(ScheduleVersion version, Series series, DoseRule rule, boolean fallback) {}

	/**
	 * The rule for dose {@code n} of a child's series: "a child is judged by the rules in force when the dose was
	 * due". For each version the dose's nominal due date is birth date + that version's recommended age; the
	 * version in force on that date (and whose dose-level dates include it) applies. A due date before the
	 * first version in the data falls back to the first version (the data start in 2018). Empty = the dose
	 * was not part of the schedule when it was due, so the child's series ends before it.
	 */
	public Optional<AppliedRule> childRule(String seriesId, int n, LocalDate birthDate) {
		for (ScheduleVersion version : versions) {
			Optional<Series> series = version.series(seriesId);
			Optional<DoseRule> rule = series.flatMap(s -> s.dose(n));
			if (rule.isEmpty()) continue;
			LocalDate nominalDue = birthDate.plus(rule.get().recommendedAgePeriod());
			if (version.inForceOn(nominalDue)) {
				return rule.get().inForceOn(nominalDue)
						? Optional.of(new AppliedRule(version, series.get(), rule.get(), false))
						: Optional.empty();
			}
		}
		ScheduleVersion first = versions.get(0);
		Optional<Series> series = first.series(seriesId);
		Optional<DoseRule> rule = series.flatMap(s -> s.dose(n));
		if (rule.isPresent() && birthDate.plus(rule.get().recommendedAgePeriod()).isBefore(first.effectiveFrom())
				&& rule.get().effectiveFrom() == null) {
			return Optional.of(new AppliedRule(first, series.get(), rule.get(), true));
		}
		return Optional.empty();
	}

	/** Rule for a series judged as a whole on one date (the pregnant woman's tetanus series). */
	public Optional<AppliedRule> ruleOnDate(String seriesId, int n, LocalDate date) {
		ScheduleVersion version = versionInForce(date).orElse(date.isBefore(versions.get(0).effectiveFrom())
				? versions.get(0) : versions.get(versions.size() - 1));
		return version.series(seriesId).flatMap(s -> s.dose(n).map(r -> new AppliedRule(version, s, r, false)));
	}

	private static final java.util.concurrent.ConcurrentHashMap<String, Period> PERIODS = new java.util.concurrent.ConcurrentHashMap<>();

	static Period period(String iso) {
		return iso == null || iso.isBlank() ? null : PERIODS.computeIfAbsent(iso, Period::parse);
	}
}
