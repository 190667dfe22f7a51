package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * A person in an indicator's initial population, with what the stratifiers and the exclusions need (from
 * eccd_flat_patient).
 *
 * @param deceased     Patient.deceased[x] given (true for deceasedBoolean = true and for any deceasedDateTime)
 * @param deceasedDate the date of death when recorded (deceasedDateTime)
 */
public record CohortMember(String id, LocalDate birthDate, String sex, String ethnicity, String commune, String province,
		Boolean deceased, LocalDate deceasedDate) {

	public CohortMember(String id, LocalDate birthDate, String sex, String ethnicity, String commune, String province) {
		this(id, birthDate, sex, ethnicity, commune, province, null, null);
	}

	/**
	 * Died before {@code anchor} (e.g. the first birthday of a first-birthday cohort): a recorded date of death before
	 * it, or "deceased" without a date (the date is unknown, so the child cannot be counted as surviving to the anchor).
	 */
	public boolean diedBefore(LocalDate anchor) {
		return Boolean.TRUE.equals(deceased) && (deceasedDate == null || deceasedDate.isBefore(anchor));
	}

	/** Stratum values by stratifier code ({@link IndicatorResult#STRATIFIERS}); null values become "unknown". */
	public Map<String, String> strata() {
		Map<String, String> strata = new HashMap<>();
		strata.put("commune", commune);
		strata.put("province", province);
		strata.put("sex", sex);
		strata.put("ethnicity", ethnicity);
		return strata;
	}
}
