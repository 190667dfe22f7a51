package vn.eccd.fhir.immunization;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import vn.eccd.fhir.immunization.ScheduleCatalog.DoseRule;
import vn.eccd.fhir.immunization.ScheduleCatalog.FullImmunizationDefinition;
import vn.eccd.fhir.immunization.ScheduleCatalog.Requirement;
import vn.eccd.fhir.immunization.ScheduleCatalog.Series;

/**
 * A versioned "fully immunized before the first birthday" definition (full-immunization.json) restated over
 * vaccine products, for indicators counted from doses with {@link ProductDoseRules} validity: each requirement
 * "n valid doses of series S" becomes "n valid doses (distinct days) of the products S recommends and accepts,
 * before the age limit". A dose that was not in the schedule when it was due (IPV dose 1 due before its start
 * date 2018-08-01) is not required, as in {@link ImmunizationEngine#fullyImmunizedBeforeFirstBirthday}.
 * generate_measures.py derives the same requirements from the same file for the CQL Library.
 */
public record FullImmunizationByProduct(String definitionId, String definitionVersion, Period ageLimit,
		List<ProductRequirement> requirements) {

	/** One dose that a requirement counts, and the date from which it is in the schedule (null = always). */
	public record RequiredDose(int dose, Period recommendedAge, LocalDate inScheduleFrom) {

		boolean requiredFor(LocalDate birthDate) {
			return inScheduleFrom == null || !birthDate.plus(recommendedAge).isBefore(inScheduleFrom);
		}
	}

	/** Valid doses of any of {@code products} (distinct days) before the age limit. */
	public record ProductRequirement(String series, Set<String> products, List<RequiredDose> doses) {

		public int dosesRequired(LocalDate birthDate) {
			return (int) doses.stream().filter(d -> d.requiredFor(birthDate)).count();
		}
	}

	public static FullImmunizationByProduct from(ScheduleCatalog catalog, String definitionId) {
		FullImmunizationDefinition definition = catalog.fullImmunizationDefinitions().get(definitionId);
		if (definition == null) {
			throw new IllegalArgumentException("Unknown full-immunization definition " + definitionId);
		}
		List<ProductRequirement> requirements = new ArrayList<>();
		for (Requirement requirement : definition.requirements()) {
			Series series = catalog.seriesMetadata(requirement.series());
			Set<String> recommended = new TreeSet<>();
			series.doses().forEach(d -> recommended.addAll(d.vaccines() == null ? List.of() : d.vaccines()));
			Set<String> products = new TreeSet<>(series.acceptedVaccines());
			products.retainAll(recommended);
			List<RequiredDose> doses = new ArrayList<>();
			for (int k = 1; k <= requirement.doses(); k++) {
				DoseRule rule = introducingRule(catalog, requirement.series(), k);
				doses.add(new RequiredDose(k, rule.recommendedAgePeriod(), rule.effectiveFrom()));
			}
			requirements.add(new ProductRequirement(requirement.series(), Set.copyOf(products), List.copyOf(doses)));
		}
		return new FullImmunizationByProduct(definition.id(), definition.version(), definition.ageLimitPeriod(),
				List.copyOf(requirements));
	}

	/**
	 * The rule of dose k in the first schedule version that has it: its own start date (IPV dose 1 from 2018-08-01)
	 * says from which due date the dose is required; later versions restate the dose without a date.
	 */
	private static DoseRule introducingRule(ScheduleCatalog catalog, String seriesId, int k) {
		for (ScheduleCatalog.ScheduleVersion version : catalog.versions()) {
			java.util.Optional<DoseRule> rule = version.series(seriesId).flatMap(s -> s.dose(k));
			if (rule.isPresent()) {
				return rule.get();
			}
		}
		throw new IllegalStateException("The schedule has no dose " + k + " of " + seriesId);
	}

	/** @param validDoses the child's doses with {@code valid} already decided (invalid ones are ignored) */
	public boolean fullyImmunized(LocalDate birthDate, Collection<ValidDose> validDoses) {
		LocalDate limit = birthDate.plus(ageLimit);
		for (ProductRequirement requirement : requirements) {
			Set<LocalDate> days = new TreeSet<>();
			for (ValidDose dose : validDoses) {
				if (requirement.products().contains(dose.vaccineCode()) && !dose.date().isBefore(birthDate)
						&& dose.date().isBefore(limit)) {
					days.add(dose.date());
				}
			}
			if (days.size() < requirement.dosesRequired(birthDate)) {
				return false;
			}
		}
		return true;
	}

	/** A dose judged valid (by {@link ProductDoseRules}). */
	public record ValidDose(String vaccineCode, LocalDate date) {}
}
