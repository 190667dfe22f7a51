package vn.eccd.fhir.measure.indicator;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** A person in an indicator's initial population, with what the stratifiers need (from eccd_flat_patient). */
public record CohortMember(String id, LocalDate birthDate, String sex, String ethnicity, String commune, String province) {

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
