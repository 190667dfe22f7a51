package vn.eccd.fhir.immunization;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Immunization settings ({@code eccd.immunization.*}, documented in docs/configuration.md).
 *
 * @param fullImmunizationDefinition id of the "fully immunized before the first birthday" definition used when a
 *        request names none (vn-epi-fic-2018 = BCG, DTP-HepB-Hib x3, bOPV x3, measles; vn-epi-fic-2018-ipv adds IPV)
 * @param timeZone time zone whose calendar date is "today" when no assessment date is given
 * @param womenForecastFromAge a female patient at least this many years old gets the women's TT/Td forecast
 *        instead of the child schedule
 */
@ConfigurationProperties(prefix = "eccd.immunization")
public record ImmunizationProperties(String fullImmunizationDefinition, String timeZone, int womenForecastFromAge) {

	public ImmunizationProperties {
		if (fullImmunizationDefinition == null || fullImmunizationDefinition.isBlank()) {
			fullImmunizationDefinition = "vn-epi-fic-2018";
		}
		if (timeZone == null || timeZone.isBlank()) {
			timeZone = "Asia/Ho_Chi_Minh";
		}
		if (womenForecastFromAge <= 0) {
			womenForecastFromAge = 15;
		}
	}
}
