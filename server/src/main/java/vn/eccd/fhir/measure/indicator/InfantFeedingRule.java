package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A newborn or infant feeding indicator over children (docs/measures.md, "Pregnancy and newborn"): early initiation
 * of breastfeeding among the live births of the period, exclusive breastfeeding among infants under 6 months with a
 * feeding record in the period. The same rules are in the CQL Libraries; {@link InfantFeedingFamily} counts them.
 */
public record InfantFeedingRule(Criterion criterion) implements IndicatorRule {

	public enum Criterion {
		/** born in the period; numerator: an early-breastfeeding record saying "yes" */
		EARLY_INITIATION,
		/** under 6 months at a breastfeeding-status record in the period; numerator: the latest one says exclusive */
		EXCLUSIVE_UNDER_6_MONTHS
	}

	public static final Set<String> OBSERVATION_COUNTED_STATUSES = Set.of("final", "amended", "corrected");

	/** An early-breastfeeding or breastfeeding-status record (eccd_flat_breastfeeding). */
	public record Feeding(String kind, LocalDate date, String status, String value) {

		boolean counts(String wantedKind) {
			return wantedKind.equals(kind) && status != null && OBSERVATION_COUNTED_STATUSES.contains(status);
		}
	}

	/** The records of the exclusive-breastfeeding indicator: in the period, before the age of 6 months. */
	public static List<Feeding> statusRecordsInPeriod(LocalDate birthDate, Collection<Feeding> records, LocalDate periodStart,
			LocalDate periodEnd) {
		LocalDate sixMonths = birthDate.plusMonths(6);
		return records.stream().filter(r -> r.counts("breastfeeding-status") && r.date() != null)
				.filter(r -> !r.date().isBefore(periodStart) && !r.date().isAfter(periodEnd))
				.filter(r -> !r.date().isBefore(birthDate) && r.date().isBefore(sixMonths)).toList();
	}

	public boolean inInitialPopulation(LocalDate birthDate, Collection<Feeding> records, LocalDate periodStart, LocalDate periodEnd) {
		if (birthDate == null) {
			return false;
		}
		return switch (criterion) {
			case EARLY_INITIATION -> !birthDate.isBefore(periodStart) && !birthDate.isAfter(periodEnd);
			case EXCLUSIVE_UNDER_6_MONTHS -> !statusRecordsInPeriod(birthDate, records, periodStart, periodEnd).isEmpty();
		};
	}

	public boolean inNumerator(LocalDate birthDate, Collection<Feeding> records, LocalDate periodStart, LocalDate periodEnd) {
		return switch (criterion) {
			case EARLY_INITIATION -> records.stream().anyMatch(r -> r.counts("early-breastfeeding") && "true".equals(r.value()));
			case EXCLUSIVE_UNDER_6_MONTHS -> {
				List<Feeding> inPeriod = statusRecordsInPeriod(birthDate, records, periodStart, periodEnd);
				Optional<LocalDate> latest = inPeriod.stream().map(Feeding::date).max(Comparator.naturalOrder());
				// every record of the latest day says exclusive (two contradicting records that day: not counted)
				yield latest.isPresent() && inPeriod.stream().filter(r -> r.date().equals(latest.get()))
						.allMatch(r -> "exclusive".equals(r.value()));
			}
		};
	}
}
