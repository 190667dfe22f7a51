package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A pregnancy and delivery indicator over the women who delivered in the period (docs/measures.md, "Pregnancy and
 * newborn"). The case is the woman's latest delivery in the period; her pregnancy is the 44 weeks before it. The
 * same rules are written in CQL in each indicator's Library (profiles/src/main/cql/EccdMch*.cql); the SQL evaluator
 * ({@link MaternalCareFamily}) gathers the records and applies this code.
 */
public record MaternalCareRule(Criterion criterion) implements IndicatorRule {

	/** What the numerator asks of the woman's latest delivery in the period. */
	public enum Criterion {
		/** at least 4 ANC contacts (distinct days) during the pregnancy */
		ANC_4_CONTACTS,
		/** the first ANC contact of the pregnancy at a gestational age of at most 13 weeks + 6 days */
		ANC_FIRST_TRIMESTER,
		/** protected against neonatal tetanus at delivery by her TT/Td doses (WHO protection at birth) */
		TETANUS_PROTECTED,
		/** iron-folic acid given during the pregnancy */
		IRON_FOLIC_ACID,
		/** a skilled birth attendant (doctor, midwife, nurse, assistant physician) recorded at the delivery */
		SKILLED_ATTENDANT,
		/** a postnatal care contact on the day of delivery or within the 7 days after it */
		PNC_WITHIN_7_DAYS
	}

	/** The pregnancy is the 44 weeks up to the delivery (the longest plausible gestation plus a margin). */
	public static final int PREGNANCY_WINDOW_DAYS = 44 * 7;
	/** 13 weeks + 6 days: the last day of the first trimester. */
	public static final int FIRST_TRIMESTER_LAST_DAY = 13 * 7 + 6;
	public static final int PNC_DAYS = 7;
	public static final Set<String> ENCOUNTER_COUNTED_STATUSES = Set.of("in-progress", "finished");
	public static final Set<String> TETANUS_VACCINES = Set.of("tt", "td");
	public static final String IRON_FOLIC_ACID = "iron-folic-acid";

	/** A delivery, ANC contact or postnatal contact (eccd_flat_maternal_encounter). */
	public record Contact(LocalDate date, String status, String episodeId, Boolean skilledAttendant) {

		boolean counts() {
			return date != null && status != null && ENCOUNTER_COUNTED_STATUSES.contains(status);
		}
	}

	/** A pregnancy EpisodeOfCare: its LMP, else its EDD − 280 days, dates the gestation. */
	public record Pregnancy(LocalDate lmp, LocalDate edd) {

		Optional<LocalDate> gestationStart() {
			return Optional.ofNullable(lmp != null ? lmp : edd != null ? edd.minusDays(280) : null);
		}
	}

	/** A supplement given (eccd_flat_supplementation). */
	public record Supplement(String code, LocalDate date, String status) {}

	/** Everything about one woman that the criteria read; pregnancies by EpisodeOfCare id. */
	public record Woman(List<Contact> deliveries, List<Contact> ancContacts, List<Contact> pncContacts,
			Map<String, Pregnancy> pregnancies, List<ImmunizationCoverageRule.Dose> doses, List<Supplement> supplements) {}

	/** Date of the woman's latest counted delivery in the period (empty: not in the initial population). */
	public static Optional<LocalDate> caseDeliveryDate(Collection<Contact> deliveries, LocalDate periodStart, LocalDate periodEnd) {
		return deliveries.stream().filter(Contact::counts)
				.map(Contact::date).filter(d -> !d.isBefore(periodStart) && !d.isAfter(periodEnd))
				.max(Comparator.naturalOrder());
	}

	/** @param tetanus the protection rule of the immunization capability (read by {@link Criterion#TETANUS_PROTECTED}) */
	public boolean inNumerator(Woman woman, LocalDate delivery, TetanusProtection tetanus) {
		LocalDate pregnancyStart = delivery.minusDays(PREGNANCY_WINDOW_DAYS);
		List<Contact> anc = woman.ancContacts().stream().filter(Contact::counts)
				.filter(c -> !c.date().isBefore(pregnancyStart) && !c.date().isAfter(delivery)).toList();
		return switch (criterion) {
			case ANC_4_CONTACTS -> anc.stream().map(Contact::date).distinct().count() >= 4;
			case ANC_FIRST_TRIMESTER -> firstContactInFirstTrimester(anc, woman.pregnancies());
			case TETANUS_PROTECTED -> tetanus.protectedAt(woman.doses().stream()
					.filter(d -> d.counts() && TETANUS_VACCINES.contains(d.vaccineCode())).toList(), delivery);
			case IRON_FOLIC_ACID -> woman.supplements().stream().anyMatch(s -> IRON_FOLIC_ACID.equals(s.code())
					&& "completed".equals(s.status()) && s.date() != null
					&& !s.date().isBefore(pregnancyStart) && !s.date().isAfter(delivery));
			case SKILLED_ATTENDANT -> woman.deliveries().stream().filter(Contact::counts)
					.anyMatch(d -> d.date().equals(delivery) && Boolean.TRUE.equals(d.skilledAttendant()));
			case PNC_WITHIN_7_DAYS -> woman.pncContacts().stream().filter(Contact::counts)
					.anyMatch(c -> !c.date().isBefore(delivery) && !c.date().isAfter(delivery.plusDays(PNC_DAYS)));
		};
	}

	/**
	 * The first contact day of the pregnancy, dated by the pregnancy its record belongs to, falls at 0 to 97 days
	 * (13 weeks + 6 days) of gestation. With several records on that day, one dated so is enough.
	 */
	static boolean firstContactInFirstTrimester(List<Contact> anc, Map<String, Pregnancy> pregnancies) {
		Optional<LocalDate> first = anc.stream().map(Contact::date).min(Comparator.naturalOrder());
		if (first.isEmpty()) {
			return false;
		}
		return anc.stream().filter(c -> c.date().equals(first.get()) && c.episodeId() != null)
				.map(c -> pregnancies.get(c.episodeId())).filter(java.util.Objects::nonNull)
				.flatMap(p -> p.gestationStart().stream())
				.map(start -> ChronoUnit.DAYS.between(start, first.get()))
				.anyMatch(days -> days >= 0 && days <= FIRST_TRIMESTER_LAST_DAY);
	}

	/**
	 * Whether a woman's tetanus doses protect her newborn at a delivery: the immunization capability's maternal
	 * tetanus status (WHO protection at birth, ImmunizationEngine#maternalTetanusProtection), given the doses that
	 * count (completed, not known invalid, of TT or Td).
	 */
	@FunctionalInterface
	public interface TetanusProtection {
		boolean protectedAt(List<ImmunizationCoverageRule.Dose> doses, LocalDate delivery);
	}
}
