package vn.eccd.fhir.growth;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;

/**
 * {@code POST [base]/$growth-zscore}: stateless WHO z-scores for apps that only need the numbers (nothing is
 * stored). Same engine as the derivations on write. OperationDefinition: profiles/src/main/fhir/
 * OperationDefinition-growth-zscore.json; documented in docs/growth.md.
 */
public class GrowthZScoreOperationProvider {

	public static final String OPERATION = "$growth-zscore";

	private final WhoGrowthCalculator calculator;

	public GrowthZScoreOperationProvider(WhoGrowthCalculator calculator) {
		this.calculator = calculator;
	}

	@Operation(name = OPERATION, idempotent = false)
	public Parameters growthZScore(
			@OperationParam(name = "sex", min = 1, max = 1) CodeType sex,
			@OperationParam(name = "ageInDays", max = 1) IntegerType ageInDays,
			@OperationParam(name = "birthDate", max = 1) DateType birthDate,
			@OperationParam(name = "date", max = 1) DateType date,
			@OperationParam(name = "weight", max = 1) DecimalType weight,
			@OperationParam(name = "lengthHeight", max = 1) DecimalType lengthHeight,
			@OperationParam(name = "measuringPosition", max = 1) CodeType measuringPosition,
			@OperationParam(name = "headCircumference", max = 1) DecimalType headCircumference,
			@OperationParam(name = "muac", max = 1) DecimalType muac,
			@OperationParam(name = "oedema", max = 1) BooleanType oedema) {
		if (sex == null || sex.isEmpty()) {
			throw new InvalidRequestException("Parameter 'sex' is required (male | female)");
		}
		Sex s = Sex.fromFhirCode(sex.getValue()).orElseThrow(() -> new InvalidRequestException(
				"Parameter 'sex' must be 'male' or 'female' (WHO references exist for these only), was '"
						+ sex.getValue() + "'"));
		double days = ageInDays(ageInDays, birthDate, date);
		MeasuringPosition position = null;
		if (measuringPosition != null && !measuringPosition.isEmpty()) {
			position = MeasuringPosition.fromCode(measuringPosition.getValue())
					.filter(p -> p.code().equals(measuringPosition.getValue()))
					.orElseThrow(() -> new InvalidRequestException(
							"Parameter 'measuringPosition' must be 'lying' or 'standing', was '"
									+ measuringPosition.getValue() + "'"));
		}
		AnthropometricInput input;
		try {
			input = new AnthropometricInput(s, days, decimal("weight", weight), decimal("lengthHeight", lengthHeight),
					position, decimal("headCircumference", headCircumference), decimal("muac", muac),
					oedema != null && Boolean.TRUE.equals(oedema.getValue()));
		} catch (IllegalArgumentException e) {
			throw new InvalidRequestException(e.getMessage());
		}
		return toParameters(calculator.assess(input));
	}

	/** The output: one parameter per computed indicator, parts {@code z} and {@code flagged}. */
	public static Parameters toParameters(GrowthAssessment assessment) {
		Parameters out = new Parameters();
		for (ZScore z : assessment.zScores().values()) {
			ParametersParameterComponent p = out.addParameter().setName(z.indicator().code());
			p.addPart().setName("z").setValue(zDecimal(z.z()));
			p.addPart().setName("flagged").setValue(new BooleanType(z.flagged()));
		}
		return out;
	}

	/** A z-score as a FHIR decimal with exactly 2 decimals. */
	public static DecimalType zDecimal(double z) {
		return new DecimalType(BigDecimal.valueOf(z).setScale(2, RoundingMode.HALF_EVEN));
	}

	private static double ageInDays(IntegerType ageInDays, DateType birthDate, DateType date) {
		if (ageInDays != null && ageInDays.getValue() != null) {
			if (birthDate != null || date != null) {
				throw new InvalidRequestException("Give either 'ageInDays' or 'birthDate' + 'date', not both");
			}
			if (ageInDays.getValue() < 0) {
				throw new InvalidRequestException("Parameter 'ageInDays' must be 0 or more, was " + ageInDays.getValue());
			}
			return ageInDays.getValue();
		}
		if (birthDate == null || birthDate.getValue() == null || date == null || date.getValue() == null) {
			throw new InvalidRequestException("Age is required: 'ageInDays', or 'birthDate' and 'date'");
		}
		if (birthDate.getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY
				|| date.getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
			throw new InvalidRequestException("'birthDate' and 'date' must be full dates (YYYY-MM-DD)");
		}
		long days = ChronoUnit.DAYS.between(localDate(birthDate), localDate(date));
		if (days < 0) {
			throw new InvalidRequestException("'date' is before 'birthDate'");
		}
		return days;
	}

	static LocalDate localDate(DateType d) {
		return LocalDate.of(d.getYear(), d.getMonth() + 1, d.getDay());
	}

	private static Double decimal(String name, DecimalType value) {
		if (value == null || value.getValue() == null) {
			return null;
		}
		double v = value.getValue().doubleValue();
		if (!(v > 0) || Double.isInfinite(v)) {
			throw new InvalidRequestException("Parameter '" + name + "' must be a positive number, was " + value.getValueAsString());
		}
		return v;
	}

}
