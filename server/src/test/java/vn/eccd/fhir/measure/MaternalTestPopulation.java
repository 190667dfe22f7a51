package vn.eccd.fhir.measure;

import java.time.LocalDate;
import java.util.Random;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import vn.eccd.fhir.support.TestData;

/**
 * Women of the three communes of {@link MeasureTestPopulation} (Hàm Rồng, Mường Lát in Thanh Hóa; Ba Đình in Hà Nội)
 * with one pregnancy each, delivered between mid-2024 and early 2026, recorded as the IG's profiles say and as the
 * synthetic population generator sends them: the pregnancy EpisodeOfCare (LMP and EDD), ANC contact Encounters
 * linked to it, Td doses and iron-folic acid given at contacts, the delivery Encounter (place, birth attendant),
 * postnatal contacts, and the newborn with early-breastfeeding and breastfeeding-status Observations. The usual gaps
 * are there on purpose: no ANC, late first contacts (13+6 and 14+0 weeks), home births with a relative, PNC on day 7
 * or 8, a cancelled contact, a delivery recorded in error, an EDD without LMP. Deterministic (seeded).
 */
final class MaternalTestPopulation {

	static final String BASE = "https://fhir.eccd.vn";
	static final String SD = BASE + "/StructureDefinition/";
	static final String CS_ENCOUNTER_TYPE = BASE + "/CodeSystem/eccd-encounter-type";
	static final String CS_DELIVERY = BASE + "/CodeSystem/eccd-delivery";
	static final String CS_OBSERVATION = BASE + "/CodeSystem/eccd-observation";
	static final String CS_BREASTFEEDING = BASE + "/CodeSystem/eccd-breastfeeding";
	static final String CS_SUPPLEMENT = BASE + "/CodeSystem/eccd-supplement";
	static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	static final String OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

	private static final String[] FAMILY = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Lò", "Hà", "Cầm", "Đinh", "Vi"};
	private static final String[] GIVEN = {"Thị Lan", "Thị Hoa", "Thị Mai", "Ngọc Ánh", "Thu Hằng", "Thị Nụ", "Minh Thư"};
	private static final String[][] ETHNICITY = {{"01", "Kinh"}, {"03", "Thái"}, {"04", "Mường"}, {"06", "Mông"}};
	private static final String[] ATTENDANTS = {"doctor", "midwife", "nurse", "assistant-physician", "village-birth-attendant",
			"relative", "none"};
	private static final String[] FEEDING = {"exclusive", "predominant", "partial", "not-breastfed"};

	private final java.util.List<Bundle> bundles = new java.util.ArrayList<>();
	private Bundle bundle;
	private final Random random;

	private MaternalTestPopulation(long seed) {
		this.random = new Random(seed);
	}

	/**
	 * Transaction Bundles of {@code perBundle} women each, {@code women} in all, with their pregnancy records and
	 * newborns (small transactions: every resource is validated against its profile on the way in).
	 *
	 * @param stations the commune health stations, as "Organization/{id}" references, in the order of
	 *                 {@link MeasureTestPopulation#STATIONS}
	 */
	static java.util.List<Bundle> build(int women, int perBundle, long seed, java.util.List<String> stations) {
		MaternalTestPopulation population = new MaternalTestPopulation(seed);
		for (int i = 0; i < women; i++) {
			if (i % perBundle == 0) {
				population.bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
				population.bundles.add(population.bundle);
			}
			population.woman(i, stations);
		}
		return population.bundles;
	}

	private void woman(int i, java.util.List<String> stations) {
		int s = random.nextInt(MeasureTestPopulation.STATIONS.size());
		MeasureTestPopulation.Station station = MeasureTestPopulation.STATIONS.get(s);
		String org = stations.get(s);
		LocalDate delivery = LocalDate.of(2024, 7, 1).plusDays(random.nextInt(640)); // 2024-07 .. 2026-03
		LocalDate born = delivery.minusYears(18 + random.nextInt(22)).minusDays(random.nextInt(365));
		String[] ethnicity = ETHNICITY[random.nextInt(ETHNICITY.length)];
		String mother = add(mother(FAMILY[random.nextInt(FAMILY.length)], GIVEN[random.nextInt(GIVEN.length)], born,
				station, org, i % 13 == 7 ? null : ethnicity));

		int gestationDays = 259 + random.nextInt(35); // 37+0 .. 41+6 weeks
		LocalDate lmp = delivery.minusDays(gestationDays);
		String episode = add(pregnancy(mother, org, i % 11 == 3 ? null : lmp, lmp.plusDays(280), delivery));

		// ANC: 0-6 contacts, the first between 6 and 20 weeks; some exactly at 13+6 or 14+0 weeks
		int contacts = new int[] {0, 1, 2, 3, 4, 4, 5, 6}[random.nextInt(8)];
		int firstDay = i % 9 == 1 ? 97 : i % 9 == 2 ? 98 : 42 + random.nextInt(99);
		boolean ifa = random.nextInt(10) < 7;
		int tdDoses = random.nextInt(3);
		for (int c = 0; c < contacts; c++) {
			LocalDate day = lmp.plusDays(firstDay + (long) c * (gestationDays - firstDay - 7) / Math.max(contacts, 1));
			Encounter anc = contact("anc-contact", mother, episode, org, day);
			if (i % 17 == 4 && c == contacts - 1) {
				anc.setStatus(Encounter.EncounterStatus.CANCELLED); // booked but did not come
			}
			add(anc);
			if (c < tdDoses) {
				add(MeasureTestPopulation.immunization("td", day, mother, org));
			}
			if (ifa) {
				add(ironFolicAcid(mother, org, day));
			}
		}
		if (i % 7 == 5) { // earlier full Td course: 3 doses 2-4 years before this delivery
			LocalDate start = delivery.minusYears(2 + random.nextInt(3));
			for (int d = 0; d < 3; d++) {
				add(MeasureTestPopulation.immunization(d == 0 ? "tt" : "td", start.plusMonths(d * 6L), mother, org));
			}
		}

		// delivery: facility births by trained staff, home births with a village attendant, a relative or no one
		boolean home = random.nextInt(6) == 0;
		String attendant = home ? ATTENDANTS[4 + random.nextInt(3)] : ATTENDANTS[random.nextInt(4)];
		Encounter deliveryEncounter = delivery(mother, episode, org, delivery, home, attendant);
		if (i % 23 == 11) {
			deliveryEncounter.setStatus(Encounter.EncounterStatus.ENTEREDINERROR);
		}
		String deliveryRef = add(deliveryEncounter);

		// postnatal contacts: none, or a first one on day 0-9 (days 7 and 8 on purpose), then one at 4-6 weeks
		int pncFirst = i % 10 == 6 ? 7 : i % 10 == 8 ? 8 : random.nextInt(10);
		if (random.nextInt(5) > 0) {
			add(contact("pnc-contact", mother, episode, org, delivery.plusDays(pncFirst)));
			add(contact("pnc-contact", mother, episode, org, delivery.plusDays(28 + random.nextInt(14))));
		}

		// the newborn
		boolean girl = random.nextBoolean();
		Patient child = TestData.child(FAMILY[random.nextInt(FAMILY.length)], girl ? "Thị Ngọc" : "Văn An",
				girl ? AdministrativeGender.FEMALE : AdministrativeGender.MALE, delivery.toString(), station.communeCode(),
				station.communeName());
		if (ethnicity != null) {
			child.getExtensionByUrl(TestData.EXT_ETHNICITY).setValue(new Coding(TestData.CS_ETHNICITY, ethnicity[0], ethnicity[1]));
		}
		child.setManagingOrganization(new Reference(org));
		child.addExtension(SD + "mother", new Reference(mother));
		String childRef = add(child);
		if (random.nextInt(8) > 0) {
			add(earlyBreastfeeding(childRef, deliveryRef, org, delivery, random.nextInt(4) > 0));
		}
		if (random.nextInt(4) > 0) {
			LocalDate first = delivery.plusDays(40 + random.nextInt(60));
			add(breastfeedingStatus(childRef, org, first, random.nextInt(3) > 0 ? "exclusive" : FEEDING[1 + random.nextInt(3)]));
			if (random.nextBoolean()) { // a later record at 5 months (day 150-182): the latest one decides
				add(breastfeedingStatus(childRef, org, delivery.plusDays(150 + random.nextInt(33)), FEEDING[random.nextInt(4)]));
			}
		}
	}

	private String add(Resource resource) {
		String urn = "urn:uuid:" + UUID.randomUUID();
		bundle.addEntry().setFullUrl(urn).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.POST)
				.setUrl(resource.fhirType());
		return urn;
	}

	static Patient mother(String family, String given, LocalDate born, MeasureTestPopulation.Station station, String org,
			String[] ethnicity) {
		Patient p = new Patient();
		p.getMeta().addProfile(SD + "eccd-mother");
		p.addIdentifier(new Identifier().setSystem(TestData.SID_PERSONAL_ID).setValue(TestData.personalId(true, born.getYear())));
		p.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(family).addGiven(given).setText(family + " " + given);
		p.setGender(AdministrativeGender.FEMALE);
		p.setBirthDateElement(new DateType(born.toString()));
		p.addAddress(TestData.commune(station.communeCode(), station.communeName()));
		p.setManagingOrganization(new Reference(org));
		if (ethnicity != null) {
			p.addExtension(TestData.EXT_ETHNICITY, new Coding(TestData.CS_ETHNICITY, ethnicity[0], ethnicity[1]));
		}
		return p;
	}

	static EpisodeOfCare pregnancy(String mother, String org, LocalDate lmp, LocalDate edd, LocalDate delivery) {
		EpisodeOfCare ep = new EpisodeOfCare();
		ep.getMeta().addProfile(SD + "eccd-pregnancy");
		ep.setStatus(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
		ep.addType().addCoding(new Coding(CS_ENCOUNTER_TYPE, "pregnancy", "Pregnancy (episode of care)"));
		if (lmp != null) {
			ep.addExtension(new Extension(SD + "pregnancy-lmp", new DateType(lmp.toString())));
		}
		ep.addExtension(new Extension(SD + "pregnancy-edd", new DateType(edd.toString())));
		ep.setPatient(new Reference(mother));
		ep.setManagingOrganization(new Reference(org));
		ep.setPeriod(new Period().setStartElement(new DateTimeType(edd.minusDays(280).plusWeeks(6).toString()))
				.setEndElement(new DateTimeType(delivery.toString())));
		return ep;
	}

	/** An ANC contact (profile eccd-anc-contact) or a postnatal care contact of the woman. */
	static Encounter contact(String kind, String mother, String episode, String org, LocalDate day) {
		Encounter e = new Encounter();
		if ("anc-contact".equals(kind)) {
			e.getMeta().addProfile(SD + "eccd-anc-contact");
		}
		e.setStatus(Encounter.EncounterStatus.FINISHED);
		e.setClass_(new Coding(V3_ACT_CODE, "AMB", "ambulatory"));
		e.addType().addCoding(new Coding(CS_ENCOUNTER_TYPE, kind,
				"anc-contact".equals(kind) ? "Antenatal care contact" : "Postnatal care contact"));
		e.setSubject(new Reference(mother));
		e.addEpisodeOfCare(new Reference(episode));
		// a time and offset, as a commune system sends them: the indicator reads the calendar date as written
		e.setPeriod(new Period().setStartElement(new DateTimeType(day + "T08:00:00+07:00"))
				.setEndElement(new DateTimeType(day + "T09:00:00+07:00")));
		e.setServiceProvider(new Reference(org));
		return e;
	}

	static Encounter delivery(String mother, String episode, String org, LocalDate day, boolean home, String attendant) {
		Encounter e = new Encounter();
		e.getMeta().addProfile(SD + "eccd-delivery");
		e.setStatus(Encounter.EncounterStatus.FINISHED);
		e.setClass_(home ? new Coding(V3_ACT_CODE, "HH", "home health") : new Coding(V3_ACT_CODE, "IMP", "inpatient encounter"));
		e.addType().addCoding(new Coding(CS_ENCOUNTER_TYPE, "delivery", "Delivery (birth)"));
		e.addExtension(new Extension(SD + "place-of-delivery", new CodeableConcept().addCoding(home
				? new Coding(CS_DELIVERY, "home", "Home") : new Coding(CS_DELIVERY, "health-facility", "Health facility"))));
		e.setSubject(new Reference(mother));
		e.addEpisodeOfCare(new Reference(episode));
		e.setPeriod(new Period().setStartElement(new DateTimeType(day.toString())));
		e.setServiceProvider(new Reference(org));
		e.addParticipant().addType().addCoding(new Coding(CS_DELIVERY, attendant, null));
		return e;
	}

	static MedicationAdministration ironFolicAcid(String mother, String org, LocalDate day) {
		MedicationAdministration ma = new MedicationAdministration();
		ma.getMeta().addProfile(SD + "eccd-supplementation");
		ma.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
		ma.setMedication(new CodeableConcept().addCoding(new Coding(CS_SUPPLEMENT, "iron-folic-acid",
				"Iron-folic acid tablet (pregnancy)")).setText("Viên sắt - acid folic"));
		ma.setSubject(new Reference(mother));
		ma.setEffective(new DateTimeType(day.toString()));
		ma.addExtension(SD + "performing-organization", new Reference(org));
		ma.getDosage().setText("1 viên/ngày, cấp 30 viên").setDose(new Quantity().setValue(30).setUnit("{tbl}")
				.setSystem("http://unitsofmeasure.org").setCode("{tbl}"));
		return ma;
	}

	static Observation earlyBreastfeeding(String child, String delivery, String org, LocalDate day, boolean yes) {
		Observation o = new Observation();
		o.getMeta().addProfile(SD + "eccd-early-breastfeeding");
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.addCategory().addCoding(new Coding(OBS_CATEGORY, "exam", "Exam"));
		o.setCode(new CodeableConcept().addCoding(new Coding(CS_OBSERVATION, "early-breastfeeding",
				"Breastfed within 1 hour of birth")).setText("Bú mẹ trong vòng 1 giờ đầu sau sinh"));
		o.setSubject(new Reference(child));
		if (delivery != null) {
			o.setEncounter(new Reference(delivery));
		}
		o.setEffective(new DateTimeType(day.toString()));
		o.addPerformer(new Reference(org));
		o.setValue(new BooleanType(yes));
		return o;
	}

	static Observation breastfeedingStatus(String child, String org, LocalDate day, String status) {
		Observation o = new Observation();
		o.getMeta().addProfile(SD + "eccd-breastfeeding-status");
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.addCategory().addCoding(new Coding(OBS_CATEGORY, "social-history", "Social History"));
		o.setCode(new CodeableConcept().addCoding(new Coding(CS_OBSERVATION, "breastfeeding-status",
				"Breastfeeding status (previous 24 hours)")));
		o.setSubject(new Reference(child));
		o.setEffective(new DateTimeType(day.toString()));
		o.addPerformer(new Reference(org));
		o.setValue(new CodeableConcept().addCoding(new Coding(CS_BREASTFEEDING, status, null)));
		return o;
	}

	static Immunization td(LocalDate day, String mother, String org) {
		return MeasureTestPopulation.immunization("td", day, mother, org);
	}
}
