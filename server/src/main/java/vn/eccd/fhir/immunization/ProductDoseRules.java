package vn.eccd.fhir.immunization;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import vn.eccd.fhir.immunization.ScheduleCatalog.DoseRule;
import vn.eccd.fhir.immunization.ScheduleCatalog.ScheduleVersion;
import vn.eccd.fhir.immunization.ScheduleCatalog.Series;

/**
 * Dose validity by vaccine product, the form of the EPI schedule's minimum-age and minimum-interval rules that
 * indicators use (the flattened table's {@code dose_valid}, and the same rule written in every indicator's CQL
 * Library by profiles/src/main/cql/generate_measures.py from the same data files).
 *
 * <p>Derivation from the schedule data: the k-th dose of a product has the minimum age of the k-th dose rule of a
 * child series that recommends that product (and, for k &gt; 1, that rule's minimum interval, measured from the
 * previous valid dose of the same product). When several series or schedule versions give a rule for the same
 * (product, k), the least restrictive one is used: a dose counts when it is valid for at least one antigen it
 * protects against (MR at 9 months is a valid rubella dose 1 even though it is too young for measles dose 2).
 * Every rule has the schedule's grace period (4 days).
 *
 * <p>Evaluation: a child's completed doses of one product in date order; a dose before the birth date is invalid;
 * a dose on the same day as the previous valid dose is a second record of that dose (valid); a dose after the
 * product's last rule is an extra dose (invalid); otherwise the dose is valid when it meets the next rule, and
 * an invalid dose leaves the chain unchanged (intervals run from the previous valid dose).
 *
 * <p>Simplification against {@link ImmunizationEngine} (which assigns doses to antigen series): intervals across
 * products (DTP booster 6 months after the third 5-in-1) and maximum ages are not applied here; the engine stays
 * the reference for a single child's card and forecast.
 */
public final class ProductDoseRules {

	/** The k-th dose of a product: minimum age, and minimum interval after the previous valid dose (null = none). */
	public record Rule(Period minimumAge, Period minimumInterval) {}

	/** One recorded dose as the validity rule sees it. */
	public record Dose(String id, String vaccineCode, LocalDate date, boolean completed) {}

	private final Map<String, List<Rule>> rules;
	private final int graceDays;

	public ProductDoseRules(Map<String, List<Rule>> rules, int graceDays) {
		this.rules = Map.copyOf(rules);
		this.graceDays = graceDays;
	}

	public static ProductDoseRules from(ScheduleCatalog catalog) {
		Map<String, Map<Integer, Rule>> byProduct = new LinkedHashMap<>();
		int grace = Integer.MAX_VALUE;
		for (ScheduleVersion version : catalog.versions()) {
			grace = Math.min(grace, version.graceDays());
			for (Series series : version.series()) {
				if (!series.forChildren()) {
					continue;
				}
				Map<String, Integer> occurrences = new HashMap<>();
				series.doses().stream().sorted(Comparator.comparingInt(DoseRule::dose)).forEach(rule -> {
					for (String product : rule.vaccines() == null ? List.<String>of() : rule.vaccines()) {
						int k = occurrences.merge(product, 1, Integer::sum);
						Rule candidate = new Rule(rule.minimumAgePeriod(), k > 1 ? rule.minimumIntervalPeriod() : null);
						byProduct.computeIfAbsent(product, p -> new HashMap<>()).merge(k, candidate, ProductDoseRules::lessRestrictive);
					}
				});
			}
		}
		Map<String, List<Rule>> rules = new LinkedHashMap<>();
		byProduct.forEach((product, byNumber) -> {
			List<Rule> chain = new ArrayList<>();
			for (int k = 1; byNumber.containsKey(k); k++) {
				chain.add(byNumber.get(k));
			}
			rules.put(product, List.copyOf(chain));
		});
		return new ProductDoseRules(rules, grace == Integer.MAX_VALUE ? 0 : grace);
	}

	private static Rule lessRestrictive(Rule a, Rule b) {
		Period age = earlier(a.minimumAge(), b.minimumAge());
		Period interval = a.minimumInterval() == null || b.minimumInterval() == null ? null
				: earlier(a.minimumInterval(), b.minimumInterval());
		return new Rule(age, interval);
	}

	private static final LocalDate REFERENCE = LocalDate.of(2000, 1, 1);

	private static Period earlier(Period a, Period b) {
		return REFERENCE.plus(a).isAfter(REFERENCE.plus(b)) ? b : a;
	}

	/** The product's dose rules in order (empty for a product no child series recommends, e.g. TT). */
	public List<Rule> rules(String vaccineCode) {
		return rules.getOrDefault(vaccineCode, List.of());
	}

	public Map<String, List<Rule>> all() {
		return rules;
	}

	public int graceDays() {
		return graceDays;
	}

	/**
	 * Validity of each of a child's doses (by dose id): true / false for completed, dated doses of a product with
	 * rules; null (not assessed) for other records or when the birth date is unknown.
	 */
	public Map<String, Boolean> evaluate(LocalDate birthDate, List<Dose> doses) {
		Map<String, Boolean> validity = new HashMap<>();
		doses.forEach(d -> validity.put(d.id(), null));
		if (birthDate == null) {
			return validity;
		}
		Map<String, List<Dose>> byProduct = new HashMap<>();
		for (Dose dose : doses) {
			if (dose.completed() && dose.date() != null && !rules(dose.vaccineCode()).isEmpty()) {
				byProduct.computeIfAbsent(dose.vaccineCode(), p -> new ArrayList<>()).add(dose);
			}
		}
		byProduct.forEach((product, list) -> {
			list.sort(Comparator.comparing(Dose::date).thenComparing(d -> Objects.toString(d.id())));
			List<Rule> chain = rules(product);
			int valid = 0;
			LocalDate lastValid = null;
			for (Dose dose : list) {
				boolean ok;
				if (dose.date().isBefore(birthDate)) {
					ok = false;
				} else if (dose.date().equals(lastValid)) {
					ok = true; // a second record of the dose already counted
				} else if (valid == chain.size()) {
					ok = false; // extra dose: the product's series is complete
				} else {
					Rule rule = chain.get(valid);
					ok = !dose.date().isBefore(birthDate.plus(rule.minimumAge()).minusDays(graceDays))
							&& (valid == 0 || rule.minimumInterval() == null
									|| !dose.date().isBefore(lastValid.plus(rule.minimumInterval()).minusDays(graceDays)));
					if (ok) {
						valid++;
						lastValid = dose.date();
					}
				}
				validity.put(dose.id(), ok);
			}
		});
		return validity;
	}
}
