package vn.eccd.fhir.measure;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.DateTimeType;

/** periodStart / periodEnd: a FHIR date or dateTime, widened to whole days (a year or month covers all its days). */
final class MeasurePeriod {

	private MeasurePeriod() {}

	static LocalDate start(String value) {
		DateTimeType parsed = parse("periodStart", value);
		return LocalDate.of(parsed.getYear(), parsed.getPrecision() == TemporalPrecisionEnum.YEAR ? 1 : parsed.getMonth() + 1,
				parsed.getPrecision().ordinal() <= TemporalPrecisionEnum.MONTH.ordinal() ? 1 : parsed.getDay());
	}

	static LocalDate end(String value) {
		DateTimeType parsed = parse("periodEnd", value);
		return switch (parsed.getPrecision()) {
			case YEAR -> LocalDate.of(parsed.getYear(), 12, 31);
			case MONTH -> LocalDate.of(parsed.getYear(), parsed.getMonth() + 1, 1).plusMonths(1).minusDays(1);
			default -> LocalDate.of(parsed.getYear(), parsed.getMonth() + 1, parsed.getDay());
		};
	}

	private static DateTimeType parse(String name, String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidRequestException(name + " is required (a date such as 2025-01-01)");
		}
		try {
			return new DateTimeType(value.trim());
		} catch (RuntimeException e) {
			throw new InvalidRequestException(name + " is not a FHIR date or dateTime: '" + value + "'");
		}
	}
}
