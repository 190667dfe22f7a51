package vn.eccd.fhir.growth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** The pure part of the derivation on write: pairing, units, resource shape. */
class GrowthDerivationTest {

	private final GrowthDerivation derivation = new GrowthDerivation(new WhoGrowthCalculator(),
			NutritionClassifier.fromClasspath());

	private static Patient boy() {
		Patient p = new Patient();
		p.setId("Patient/7");
		p.setGender(AdministrativeGender.MALE);
		p.setBirthDateElement(new DateType("2022-01-01"));
		return p;
	}

	private static Observation obs(String id, String loinc, String effective, String value, String unit) {
		Observation o = new Observation();
		o.setId("Observation/" + id);
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.getCode().addCoding().setSystem(GrowthMeasurements.LOINC).setCode(loinc);
		o.setSubject(new Reference("Patient/7"));
		o.setEffective(new DateTimeType(effective));
		o.setValue(new Quantity().setValue(new BigDecimal(value)).setUnit(unit).setSystem(GrowthMeasurements.UCUM).setCode(unit));
		return o;
	}

	private Map<String, Observation> derive(List<Observation> members) {
		GrowthDerivation.Visit visit = GrowthDerivation.visitOf(members.get(0)).orElseThrow();
		return derivation.derive(boy(), visit, members).resources().stream()
				.collect(Collectors.toMap(o -> o.getCode().getCodingFirstRep().getCode(), Function.identity()));
	}

	@Test
	void pairsWeightAndLengthOfTheSameDateAndKeepsTheLatestOfAKind() {
		// igrowup id 60 (boy, 269 days = 2022-09-27): 6.3 kg, 64.8 cm lying -> WAZ -3.08, WLZ -1.70, BAZ -1.71
		Map<String, Observation> d = derive(List.of(
				obs("w1", "29463-7", "2022-09-27T08:00:00+07:00", "7.9", "kg"), // re-weighed later that day
				obs("w2", "29463-7", "2022-09-27T10:00:00+07:00", "6300.001907", "g"),
				obs("l1", "8306-3", "2022-09-27T08:05:00+07:00", "648.00003052", "mm")));
		assertThat(d.get("weight-for-age").getValueQuantity().getValue()).isEqualByComparingTo("-3.08");
		assertThat(d.get("weight-for-length-height").getValueQuantity().getValue()).isEqualByComparingTo("-1.70");
		assertThat(d.get("bmi-for-age").getValueQuantity().getValue()).isEqualByComparingTo("-1.71");
		assertThat(d.get("weight-for-length-height").getDerivedFrom()).extracting(Reference::getReference)
				.containsExactly("Observation/w2", "Observation/l1");
		Observation wfa = d.get("weight-for-age");
		assertThat(wfa.getIdElement().getIdPart()).startsWith("gz-").endsWith("-wfa");
		assertThat(wfa.getMeta().getTag(GrowthMeasurements.RECORD_ORIGIN_SYSTEM, GrowthMeasurements.DERIVED)).isNotNull();
		assertThat(wfa.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2022-09-27T10:00:00+07:00");
		assertThat(wfa.getValueQuantity().getCode()).isEqualTo("{SD}");
		assertThat(d.get("nutrition-status").getValueCodeableConcept().getCodingFirstRep().getCode())
				.isEqualTo("underweight-severe");
	}

	@Test
	void visitIsPatientAndCalendarDateAsRecorded() {
		Observation late = obs("a", "29463-7", "2022-09-27T23:30:00+07:00", "6.3", "kg");
		Observation next = obs("b", "29463-7", "2022-09-28T00:10:00+07:00", "6.3", "kg");
		assertThat(GrowthDerivation.visitOf(late)).isNotEqualTo(GrowthDerivation.visitOf(next));
		assertThat(GrowthDerivation.visitOf(late).orElseThrow().date()).isEqualTo("2022-09-27");
		// not a growth code, not usable status, not a Patient subject: no visit
		Observation heartRate = obs("c", "8867-4", "2022-09-27", "120", "/min");
		assertThat(GrowthDerivation.visitOf(heartRate)).isEmpty();
		Observation wrong = obs("d", "29463-7", "2022-09-27", "6.3", "kg");
		wrong.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
		assertThat(GrowthDerivation.visitOf(wrong)).isEmpty();
		Observation group = obs("e", "29463-7", "2022-09-27", "6.3", "kg");
		group.setSubject(new Reference("Group/1"));
		assertThat(GrowthDerivation.visitOf(group)).isEmpty();
		// the derived ids are stable for a visit and differ between visits
		assertThat(GrowthDerivation.visitOf(late).orElseThrow().nutritionStatusId())
				.isEqualTo(GrowthDerivation.visitOf(obs("f", "8306-3", "2022-09-27", "64", "cm")).orElseThrow().nutritionStatusId())
				.isNotEqualTo(GrowthDerivation.visitOf(next).orElseThrow().nutritionStatusId());
	}

	@Test
	void refusesUnknownUnitsAndMeasurementsBeforeBirth() {
		assertThatThrownBy(() -> derive(List.of(obs("p", "29463-7", "2022-09-27", "14", "[lb_av]"))))
				.isInstanceOf(UnprocessableEntityException.class).hasMessageContaining("[lb_av]");
		assertThatThrownBy(() -> derive(List.of(obs("q", "29463-7", "2021-12-31", "3.2", "kg"))))
				.isInstanceOf(UnprocessableEntityException.class).hasMessageContaining("before the birth date");
	}

	@Test
	void noDerivationWithoutUsableSexOrBirthDate() {
		Patient unknown = boy();
		unknown.setGender(AdministrativeGender.UNKNOWN);
		Observation w = obs("w", "29463-7", "2022-09-27", "6.3", "kg");
		GrowthDerivation.Visit visit = GrowthDerivation.visitOf(w).orElseThrow();
		assertThat(derivation.derive(unknown, visit, List.of(w)).resources()).isEmpty();
		Patient yearOnly = boy();
		yearOnly.setBirthDateElement(new DateType("2022"));
		assertThat(derivation.derive(yearOnly, visit, List.of(w)).resources()).isEmpty();
	}

	@Test
	void unchangedDerivedResourceIsRecognised() {
		Map<String, Observation> d = derive(List.of(obs("w", "29463-7", "2022-09-27", "6.3", "kg")));
		Observation stored = d.get("weight-for-age").copy();
		stored.getMeta().setVersionId("3").setLastUpdated(new java.util.Date());
		stored.setId("Observation/" + stored.getIdElement().getIdPart() + "/_history/3");
		assertThat(GrowthDerivationService.sameContent(stored, d.get("weight-for-age"))).isTrue();
		Map<String, Observation> corrected = derive(List.of(obs("w", "29463-7", "2022-09-27", "6.4", "kg")));
		assertThat(GrowthDerivationService.sameContent(stored, corrected.get("weight-for-age"))).isFalse();
		assertThat(GrowthDerivationService.sameContent(null, corrected.get("weight-for-age"))).isFalse();
	}
}
