package vn.eccd.fhir.growth;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import vn.eccd.fhir.growth.GrowthMeasurements.Kind;

/**
 * Builds the derived resources of one visit (pure: no storage). A visit is the set of growth measurements of one
 * Patient with the same calendar date of effective[x] (pairing rule, docs/growth.md); when a kind was measured
 * more than once that day the latest (effective time, then last update) counts.
 */
public final class GrowthDerivation {

	/** One visit: {@code Patient/{id}} and a date {@code YYYY-MM-DD}. */
	public record Visit(String patientReference, String date) {

		/** Stable part of the derived resources' ids (so a re-derivation updates the same resources). */
		public String hash() {
			try {
				byte[] digest = MessageDigest.getInstance("SHA-256")
						.digest((patientReference + "|" + date).getBytes(StandardCharsets.UTF_8));
				return HexFormat.of().formatHex(digest, 0, 10);
			} catch (NoSuchAlgorithmException e) {
				throw new IllegalStateException(e);
			}
		}

		public String zScoreId(GrowthIndicator indicator) {
			return "gz-" + hash() + "-" + ABBREVIATIONS.get(indicator);
		}

		public String nutritionStatusId() {
			return "ns-" + hash();
		}

		/** Every id a derivation of this visit can use. */
		public Set<String> allDerivedIds() {
			Set<String> ids = new LinkedHashSet<>();
			for (GrowthIndicator indicator : GrowthIndicator.values()) {
				ids.add(zScoreId(indicator));
			}
			ids.add(nutritionStatusId());
			return ids;
		}
	}

	/** The derivation of a visit: assessment (null when the child's sex or birth date is not usable) and resources. */
	public record Result(GrowthAssessment assessment, NutritionStatus status, List<Observation> resources) {
	}

	static final Map<GrowthIndicator, String> ABBREVIATIONS = new EnumMap<>(Map.of(
			GrowthIndicator.WEIGHT_FOR_AGE, "wfa",
			GrowthIndicator.LENGTH_HEIGHT_FOR_AGE, "lhfa",
			GrowthIndicator.WEIGHT_FOR_LENGTH_HEIGHT, "wflh",
			GrowthIndicator.BMI_FOR_AGE, "bfa",
			GrowthIndicator.HEAD_CIRCUMFERENCE_FOR_AGE, "hcfa",
			GrowthIndicator.MUAC_FOR_AGE, "acfa"));

	private final WhoGrowthCalculator calculator;
	private final NutritionClassifier classifier;

	public GrowthDerivation(WhoGrowthCalculator calculator, NutritionClassifier classifier) {
		this.calculator = calculator;
		this.classifier = classifier;
	}

	/** The visit an Observation belongs to, if it is a usable growth measurement of a Patient. */
	public static Optional<Visit> visitOf(Observation o) {
		if (o == null || GrowthMeasurements.kindOf(o).isEmpty() || !GrowthMeasurements.hasUsableStatus(o)) {
			return Optional.empty();
		}
		String subject = patientReference(o);
		if (subject == null) {
			return Optional.empty();
		}
		return GrowthMeasurements.effectiveDate(o).map(date -> new Visit(subject, date));
	}

	static String patientReference(Observation o) {
		if (!o.hasSubject() || !o.getSubject().hasReferenceElement()) {
			return null;
		}
		var ref = o.getSubject().getReferenceElement();
		if (!"Patient".equals(ref.getResourceType()) || !ref.hasIdPart() || ref.isAbsolute()) {
			return null;
		}
		return "Patient/" + ref.getIdPart();
	}

	/** Age in days of the patient on the visit's date, or empty when the birth date is not a full date. */
	public static Optional<Long> ageInDays(Patient patient, String date) {
		if (patient == null || !patient.hasBirthDateElement()
				|| patient.getBirthDateElement().getPrecision() != TemporalPrecisionEnum.DAY) {
			return Optional.empty();
		}
		var b = patient.getBirthDateElement();
		LocalDate birth = LocalDate.of(b.getYear(), b.getMonth() + 1, b.getDay());
		return Optional.of(ChronoUnit.DAYS.between(birth, LocalDate.parse(date)));
	}

	public static Optional<Sex> sexOf(Patient patient) {
		if (patient == null || !patient.hasGender()) {
			return Optional.empty();
		}
		return patient.getGender() == AdministrativeGender.MALE ? Optional.of(Sex.MALE)
				: patient.getGender() == AdministrativeGender.FEMALE ? Optional.of(Sex.FEMALE) : Optional.empty();
	}

	/**
	 * Derives the z-score and nutrition-status Observations of a visit.
	 *
	 * @param members the visit's measurements (usable status, this patient, this date)
	 * @throws UnprocessableEntityException when a measurement predates the birth date or has an unusable unit
	 */
	public Result derive(Patient patient, Visit visit, List<Observation> members) {
		Optional<Sex> sex = sexOf(patient);
		Optional<Long> days = ageInDays(patient, visit.date());
		if (sex.isEmpty() || days.isEmpty() || members.isEmpty()) {
			return new Result(null, null, List.of());
		}
		if (days.get() < 0) {
			throw new UnprocessableEntityException("Growth measurement dated " + visit.date()
					+ " is before the birth date of " + visit.patientReference());
		}
		Map<Kind, Observation> latest = latestPerKind(members);
		Observation weightObs = latest.get(Kind.WEIGHT);
		Observation lengthObs = latestLengthHeight(latest);
		Observation hcObs = latest.get(Kind.HEAD_CIRCUMFERENCE);
		Observation muacObs = latest.get(Kind.MUAC);
		Observation oedemaObs = latest.get(Kind.OEDEMA);

		Double weight = weightObs == null ? null : GrowthMeasurements.valueInEngineUnit(weightObs, Kind.WEIGHT);
		Double length = null;
		MeasuringPosition position = null;
		if (lengthObs != null) {
			Kind kind = GrowthMeasurements.kindOf(lengthObs).orElseThrow();
			length = GrowthMeasurements.valueInEngineUnit(lengthObs, kind);
			position = kind.position();
		}
		Double hc = hcObs == null ? null : GrowthMeasurements.valueInEngineUnit(hcObs, Kind.HEAD_CIRCUMFERENCE);
		Double muac = muacObs == null ? null : GrowthMeasurements.valueInEngineUnit(muacObs, Kind.MUAC);
		Boolean oedemaValue = oedemaObs == null ? null : GrowthMeasurements.oedemaValue(oedemaObs);
		boolean oedema = Boolean.TRUE.equals(oedemaValue);

		AnthropometricInput input = new AnthropometricInput(sex.get(), days.get(), weight, length, position, hc, muac,
				oedema);
		GrowthAssessment assessment = calculator.assess(input);
		NutritionStatus status = classifier.classify(assessment);

		List<Observation> out = new ArrayList<>();
		for (ZScore z : assessment.zScores().values()) {
			List<Observation> sources = new ArrayList<>();
			switch (z.indicator()) {
				case WEIGHT_FOR_AGE -> add(sources, weightObs, oedemaObs);
				case LENGTH_HEIGHT_FOR_AGE -> add(sources, lengthObs);
				case WEIGHT_FOR_LENGTH_HEIGHT, BMI_FOR_AGE -> add(sources, weightObs, lengthObs, oedemaObs);
				case HEAD_CIRCUMFERENCE_FOR_AGE -> add(sources, hcObs);
				case MUAC_FOR_AGE -> add(sources, muacObs);
			}
			out.add(zScoreObservation(visit, z, sources));
		}
		if (!status.findings().isEmpty()) {
			List<Observation> sources = new ArrayList<>();
			add(sources, weightObs, lengthObs, hcObs, muacObs, oedemaObs);
			out.add(nutritionStatusObservation(visit, status, sources));
		}
		return new Result(assessment, status, out);
	}

	private static void add(List<Observation> list, Observation... observations) {
		for (Observation o : observations) {
			if (o != null) {
				list.add(o);
			}
		}
	}

	private static Map<Kind, Observation> latestPerKind(List<Observation> members) {
		Comparator<Observation> order = Comparator
				.comparing((Observation o) -> effectiveMillis(o))
				.thenComparing(o -> o.getMeta().getLastUpdated() == null ? 0L : o.getMeta().getLastUpdated().getTime())
				.thenComparing(o -> o.getIdElement().getIdPart() == null ? "" : o.getIdElement().getIdPart());
		return members.stream().collect(Collectors.groupingBy(o -> GrowthMeasurements.kindOf(o).orElseThrow(),
				() -> new EnumMap<>(Kind.class),
				Collectors.collectingAndThen(Collectors.maxBy(order), opt -> opt.orElse(null))));
	}

	private static long effectiveMillis(Observation o) {
		if (o.hasEffectiveDateTimeType() && o.getEffectiveDateTimeType().getValue() != null) {
			return o.getEffectiveDateTimeType().getValue().getTime();
		}
		if (o.hasEffectivePeriod() && o.getEffectivePeriod().getStart() != null) {
			return o.getEffectivePeriod().getStart().getTime();
		}
		return 0L;
	}

	private static Observation latestLengthHeight(Map<Kind, Observation> latest) {
		Observation best = null;
		for (Kind kind : List.of(Kind.LENGTH_LYING, Kind.HEIGHT_STANDING, Kind.LENGTH_HEIGHT_UNSPECIFIED)) {
			Observation o = latest.get(kind);
			if (o != null && (best == null || effectiveMillis(o) > effectiveMillis(best))) {
				best = o;
			}
		}
		return best;
	}

	private Observation zScoreObservation(Visit visit, ZScore z, List<Observation> sources) {
		Observation primary = sources.get(0);
		Observation o = base(visit.zScoreId(z.indicator()), visit, primary, sources);
		o.setCode(new CodeableConcept(new Coding(GrowthIndicator.SYSTEM, z.indicator().code(), z.indicator().display())));
		o.setValue(new Quantity().setValue(BigDecimal.valueOf(z.z()).setScale(2, RoundingMode.HALF_EVEN))
				.setUnit("SD").setSystem(GrowthMeasurements.UCUM).setCode("{SD}"));
		if (z.flagged()) {
			o.addInterpretation(new CodeableConcept(new Coding(GrowthIndicator.SYSTEM, "implausible",
					"Biologically implausible value (WHO flag)")));
		}
		o.setMethod(new CodeableConcept().setText(z.reference() == GrowthReference.WHO_2006
				? "WHO Child Growth Standards (2006)" : "WHO Growth Reference (2007)"));
		return o;
	}

	private Observation nutritionStatusObservation(Visit visit, NutritionStatus status, List<Observation> sources) {
		Observation o = base(visit.nutritionStatusId(), visit, sources.get(0), sources);
		o.setCode(new CodeableConcept(new Coding(NutritionStatus.SYSTEM, NutritionStatus.OBSERVATION_CODE,
				"Nutrition status (WHO anthropometric classification)")));
		List<String> abnormal = status.abnormalCodes();
		String headline = abnormal.isEmpty()
				? (status.findings().stream().allMatch(f -> NutritionStatus.IMPLAUSIBLE.equals(f.code()))
						? NutritionStatus.IMPLAUSIBLE : NutritionStatus.NORMAL)
				: abnormal.get(0);
		CodeableConcept value = new CodeableConcept(new Coding(NutritionStatus.SYSTEM, headline, NutritionDisplays.of(headline)));
		value.setText(abnormal.isEmpty() ? NutritionDisplays.of(headline)
				: abnormal.stream().map(NutritionDisplays::of).collect(Collectors.joining(", ")));
		o.setValue(value);
		for (NutritionStatus.Finding f : status.findings()) {
			o.addComponent()
					.setCode(new CodeableConcept(new Coding(NutritionStatus.SYSTEM, f.dimension(), NutritionDisplays.of(f.dimension()))))
					.setValue(new CodeableConcept(new Coding(NutritionStatus.SYSTEM, f.code(), NutritionDisplays.of(f.code()))));
		}
		return o;
	}

	private static Observation base(String id, Visit visit, Observation primary, List<Observation> sources) {
		Observation o = new Observation();
		o.setId(id);
		o.getMeta().addTag(GrowthMeasurements.RECORD_ORIGIN_SYSTEM, GrowthMeasurements.DERIVED, "Derived by the server");
		boolean preliminary = sources.stream().anyMatch(s -> s.getStatus() == ObservationStatus.PRELIMINARY);
		o.setStatus(preliminary ? ObservationStatus.PRELIMINARY : ObservationStatus.FINAL);
		o.setSubject(new Reference(visit.patientReference()));
		if (primary.hasEncounter()) {
			o.setEncounter(primary.getEncounter().copy());
		}
		if (primary.hasEffectiveDateTimeType()) {
			o.setEffective(primary.getEffectiveDateTimeType().copy());
		} else {
			o.setEffective(new DateTimeType(visit.date()));
		}
		for (Reference performer : primary.getPerformer()) {
			o.addPerformer(performer.copy());
		}
		for (Observation s : sources) {
			o.addDerivedFrom(new Reference(s.getIdElement().toUnqualifiedVersionless().getValue()));
		}
		return o;
	}
}
