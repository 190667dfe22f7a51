package vn.eccd.bench;

import static vn.eccd.bench.Conventions.*;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CarePlan;
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
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

import vn.eccd.bench.Geography.Commune;
import vn.eccd.bench.Geography.Zone;

/**
 * Deterministic synthetic population: for each commune of the chosen provinces, families (a mother and 1-3
 * children aged 0-8), each child's pregnancy (ANC contacts, tetanus doses, iron/folic acid, delivery, postnatal
 * visits, breastfeeding), immunizations on Vietnam's EPI schedule, growth measurements, developmental screening
 * (the IG's milestones questionnaire and one result per domain) and, for children at risk, a care plan and a
 * referral with its follow-up Task. Output is a list of visits (one transaction bundle
 * each) per commune, handed to a {@link Sink}. Same seed and configuration = identical output.
 */
public final class Generator {

	/** The facility children are referred to, named by display (no hospital Organizations are generated). */
	static final String DISTRICT_CENTRE = "Trung tâm Y tế khu vực (district health centre)";

	public record Config(long seed, List<String> provinces, int children, LocalDate asOf) {
	}

	/** One resource to send: conditional-create key, intra-bundle urn, and the id it gets in bulk NDJSON. */
	public static final class Entry {
		final Resource resource;
		final String urn;
		final String ndjsonId;
		final String ifNoneExist;

		Entry(Resource resource, String urn, String ndjsonId, String ifNoneExist) {
			this.resource = resource;
			this.urn = urn;
			this.ndjsonId = ndjsonId;
			this.ifNoneExist = ifNoneExist;
		}

		public Resource resource() {
			return resource;
		}

		public String urn() {
			return urn;
		}

		public String ndjsonId() {
			return ndjsonId;
		}

		public String ifNoneExist() {
			return ifNoneExist;
		}
	}

	/** What a commune system sends in one go: the record owners (station, mother, child) and the visit's records. */
	public static final class Visit {
		final String kind;
		final LocalDate date;
		final int order;
		final List<Entry> entries = new ArrayList<>();

		Visit(String kind, LocalDate date, int order) {
			this.kind = kind;
			this.date = date;
			this.order = order;
		}

		public String kind() {
			return kind;
		}

		public LocalDate date() {
			return date;
		}

		public List<Entry> entries() {
			return entries;
		}
	}

	public interface Sink {
		/** Called once per commune, in a deterministic order, with its station and its visits sorted by date. */
		void commune(Commune commune, Entry station, List<Visit> visits);
	}


	private final Geography geo;
	private final Names names = new Names();
	private final GrowthReference growth;
	private final EpiSchedule epi;
	/** Relative readiness of each dose (epi-uptake.csv), by EpiSchedule key. */
	private final Map<String, Double> uptake = new HashMap<>();
	private final Summary summary = new Summary();
	private final Set<String> usedIds = new HashSet<>();

	private static Geography sharedGeography;
	private static GrowthReference sharedGrowth;
	private static EpiSchedule sharedEpi;

	/** The reference data are immutable once loaded: shared by all generators of the JVM. */
	private static synchronized Geography geographyOnce() {
		if (sharedGeography == null) {
			sharedGeography = new Geography();
		}
		return sharedGeography;
	}

	private static synchronized EpiSchedule epiOnce() {
		if (sharedEpi == null) {
			sharedEpi = new EpiSchedule();
		}
		return sharedEpi;
	}

	private static synchronized GrowthReference growthOnce() {
		if (sharedGrowth == null) {
			sharedGrowth = new GrowthReference();
		}
		return sharedGrowth;
	}

	public Generator() {
		this(geographyOnce());
	}

	Generator(Geography geo) {
		this.geo = geo;
		this.growth = growthOnce();
		this.epi = epiOnce();
		for (Map<String, String> r : Csv.read("vn/eccd/bench/epi-uptake.csv")) {
			String key = r.get("vaccine") + "#" + r.get("dose");
			if (!epi.doseKeys().contains(key)) {
				throw new IllegalStateException("epi-uptake.csv names " + key + ", a dose the EPI schedule does not have");
			}
			uptake.put(key, Double.parseDouble(r.get("coverage_factor")));
		}
	}

	public Summary summary() {
		return summary;
	}

	Geography geography() {
		return geo;
	}

	GrowthReference growthReference() {
		return growth;
	}

	// =====================================================================================================
	public void run(Config cfg, Sink sink) {
		List<Commune> communes = new ArrayList<>();
		for (String p : cfg.provinces()) {
			communes.addAll(geo.communes(p));
		}
		int[] counts = allocate(communes, cfg.children());
		Map<String, Integer> serialInProvince = new HashMap<>();
		for (int i = 0; i < communes.size(); i++) {
			Commune c = communes.get(i);
			int serial = serialInProvince.merge(c.provinceCode(), 1, Integer::sum);
			String facility = c.provinceCode() + String.format("%03d", serial);
			CommuneRun run = new CommuneRun(cfg, c, facility);
			run.generate(counts[i]);
			sink.commune(c, run.station, run.sortedVisits());
		}
		summary.finish(cfg);
	}

	/** Children per commune proportional to the commune weights (largest-remainder rounding, deterministic). */
	static int[] allocate(List<Commune> communes, int total) {
		double sum = communes.stream().mapToDouble(Commune::weight).sum();
		int[] counts = new int[communes.size()];
		double[] rem = new double[communes.size()];
		int assigned = 0;
		for (int i = 0; i < counts.length; i++) {
			double exact = total * communes.get(i).weight() / sum;
			counts[i] = (int) Math.floor(exact);
			rem[i] = exact - counts[i];
			assigned += counts[i];
		}
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < counts.length; i++) {
			order.add(i);
		}
		order.sort(Comparator.<Integer>comparingDouble(i -> -rem[i]).thenComparing(i -> i));
		for (int k = 0; k < total - assigned; k++) {
			counts[order.get(k % counts.length)]++;
		}
		return counts;
	}

	// =====================================================================================================
	private final class CommuneRun {
		final Config cfg;
		final Commune commune;
		final String facility;
		final String recordSystem;
		final Rng rng;
		final Entry station;
		final int epiSessionDay;
		final List<Visit> visits = new ArrayList<>();
		int visitOrder;

		CommuneRun(Config cfg, Commune commune, String facility) {
			this.cfg = cfg;
			this.commune = commune;
			this.facility = facility;
			this.recordSystem = SID_RECORD + facility;
			this.rng = new Rng(Rng.mix(cfg.seed(), commune.code()));
			this.epiSessionDay = 5 + rng.nextInt(21);
			this.station = station();
		}

		List<Visit> sortedVisits() {
			visits.sort(Comparator.comparing((Visit v) -> v.date).thenComparingInt(v -> v.order));
			return visits;
		}

		// ------------------------------------------------------------------------------------------------
		String uuid(String local) {
			return "urn:uuid:" + UUID.nameUUIDFromBytes((cfg.seed() + "|" + facility + "|" + local)
					.getBytes(StandardCharsets.UTF_8));
		}

		Entry entry(Resource r, String local, String identifierSystem, String identifierValue) {
			String id = (r.fhirType().substring(0, 3) + "-" + facility + "-" + local).toLowerCase()
					.replaceAll("[^a-z0-9.-]", "-");
			if (id.length() > 64) {
				id = id.substring(0, 64);
			}
			summary.countResource(r.fhirType());
			return new Entry(r, uuid(local), id, "identifier=" + identifierSystem + "|" + identifierValue);
		}

		Entry record(Resource r, String local) {
			return entry(r, local, recordSystem, local);
		}

		Identifier recordId(String local) {
			return new Identifier().setSystem(recordSystem).setValue(local);
		}

		Reference ref(Entry e) {
			return new Reference(e.urn);
		}

		Address address(String hamlet) {
			Address a = new Address().setUse(Address.AddressUse.HOME).setType(Address.AddressType.PHYSICAL);
			if (hamlet != null) {
				a.addLine(hamlet);
			}
			a.setText((hamlet != null ? hamlet + ", " : "") + commune.name() + ", " + commune.provinceName());
			a.setState(commune.provinceName()).setCountry("VN");
			a.addExtension(new Extension(EXT_ADMIN_UNIT,
					new Coding(CS_ADMIN_UNIT, commune.code(), commune.name())));
			return a;
		}

		Entry station() {
			Organization o = new Organization();
			o.getMeta().addProfile(P_STATION);
			o.addIdentifier().setSystem(SID_HEALTH_FACILITY).setValue(facility);
			o.setActive(true);
			o.addType().addCoding(new Coding(CS_FACILITY_TYPE, "tram-y-te-xa", "Trạm y tế xã/phường (commune health station)"));
			o.setName("Trạm Y tế " + commune.name());
			Address a = address(null);
			a.setUse(Address.AddressUse.WORK);
			a.setCity(commune.name());
			o.addAddress(a);
			summary.countResource("Organization");
			return new Entry(o, uuid("station"), ("org-" + facility), "identifier=" + SID_HEALTH_FACILITY + "|" + facility);
		}

		Visit visit(String kind, LocalDate date, Entry... owners) {
			Visit v = new Visit(kind, date, visitOrder++);
			v.entries.add(station);
			for (Entry e : owners) {
				v.entries.add(e);
			}
			visits.add(v);
			summary.countBundle(kind);
			return v;
		}

		String hamlet() {
			int n = 1 + rng.nextInt(commune.zone() == Zone.MOUNTAINOUS ? 12 : 20);
			return switch (commune.zone()) {
				case URBAN -> "Tổ dân phố " + n;
				case LOWLAND -> "Thôn " + n;
				case MOUNTAINOUS -> "Bản " + n;
			};
		}

		// ------------------------------------------------------------------------------------------------
		void generate(int childrenWanted) {
			int family = 0;
			int made = 0;
			while (made < childrenWanted) {
				family++;
				made += family(family, childrenWanted - made);
			}
		}

		int group(String ethnicity) {
			return switch (commune.zone()) {
				case URBAN -> 0;
				case LOWLAND -> 1;
				case MOUNTAINOUS -> "01".equals(ethnicity) ? 2 : 3;
			};
		}

		int family(int familyNo, int maxChildren) {
			String[] codes = commune.ethnicMix().keySet().toArray(new String[0]);
			double[] w = commune.ethnicMix().values().stream().mapToDouble(Double::doubleValue).toArray();
			String ethnicity = codes[rng.weighted(w)];
			Geography.Ethnicity eth = geo.ethnicity(ethnicity);
			int g = group(ethnicity);
			boolean mong = "08".equals(ethnicity);
			int nChildren = Math.min(maxChildren, 1 + rng.weighted(Params.CHILDREN_PER_MOTHER[g]));
			// youngest child's birth date uniform over the 0-8 year window, older siblings 2-5 years apart
			long window = ChronoUnit.DAYS.between(cfg.asOf().minusYears(9).plusDays(1), cfg.asOf());
			List<LocalDate> births = new ArrayList<>();
			LocalDate b = cfg.asOf().minusDays(rng.nextInt((int) window));
			births.add(b);
			for (int k = 1; k < nChildren; k++) {
				b = b.minusMonths(rng.between(22, 60));
				if (b.isBefore(cfg.asOf().minusYears(9).plusDays(1))) {
					break;
				}
				births.add(0, b);
			}
			double motherAgeAtFirst = rng.clippedNormal(Params.MOTHER_AGE_MEAN[g], 4.5, 16, 44);
			LocalDate motherBirth = births.get(0).minusDays((long) (motherAgeAtFirst * 365.25) + rng.nextInt(365));
			String hamlet = hamlet();
			String motherFamily = names.family(rng, eth.nameStyle());
			Names.Name motherName = names.person(rng, eth.nameStyle(), motherFamily, true);
			String fatherFamily = names.family(rng, eth.nameStyle());
			String motherLocal = "M" + familyNo;
			Entry mother = motherEntry(motherLocal, motherName, motherBirth, eth, g, hamlet);
			int k = 0;
			for (LocalDate birth : births) {
				k++;
				child(motherLocal + "-C" + k, mother, motherBirth, birth, eth, g, mong, fatherFamily, hamlet);
			}
			return births.size();
		}

		Entry motherEntry(String local, Names.Name name, LocalDate birth, Geography.Ethnicity eth, int g, String hamlet) {
			Patient p = new Patient();
			p.getMeta().addProfile(P_MOTHER);
			p.addIdentifier(recordId(local));
			p.addIdentifier().setSystem(SID_PERSONAL_ID).setValue(personalId(birth, true));
			// adults: household (GD, level 4) or, in mountainous communes, people in disadvantaged areas (DK, level 2)
			String group = commune.zone() == Zone.MOUNTAINOUS ? "DK2" : "GD4";
			p.addIdentifier().setSystem(SID_HEALTH_INSURANCE).setValue(bhyt(group));
			p.addName(humanName(name));
			p.setGender(AdministrativeGender.FEMALE);
			p.setBirthDateElement(new DateType(birth.toString()));
			p.addAddress(address(hamlet));
			p.setManagingOrganization(ref(station));
			p.addExtension(new Extension(EXT_ETHNICITY, new Coding(CS_ETHNICITY, eth.code(), eth.name())));
			return record(p, local);
		}

		HumanName humanName(Names.Name n) {
			HumanName h = new HumanName().setUse(HumanName.NameUse.OFFICIAL).setText(n.text()).setFamily(n.family());
			h.addGiven(n.middle());
			h.addGiven(n.given());
			return h;
		}

		String personalId(LocalDate birth, boolean female) {
			int century = birth.getYear() / 100 == 19 ? 0 : 2;
			String prefix = "0" + commune.provinceCode() + (century + (female ? 1 : 0))
					+ String.format("%02d", birth.getYear() % 100);
			String id;
			do {
				id = prefix + rng.digits(6);
			} while (!usedIds.add(id));
			return id;
		}

		String bhyt(String groupAndLevel) {
			String id;
			do {
				id = groupAndLevel + commune.provinceCode() + commune.provinceCode() + rng.digits(8);
			} while (!usedIds.add(id));
			return id;
		}

		// ------------------------------------------------------------------------------------------------
		void child(String local, Entry mother, LocalDate motherBirth, LocalDate birth, Geography.Ethnicity eth, int g,
				boolean mong, String family, String hamlet) {
			boolean female = !rng.chance(Params.MALE_SHARE);
			Names.Name name = names.person(rng, eth.nameStyle(), family, female);
			Patient p = new Patient();
			p.getMeta().addProfile(P_CHILD);
			p.addIdentifier(recordId(local));
			p.addIdentifier().setSystem(SID_PERSONAL_ID).setValue(personalId(birth, female));
			long ageDaysNow = ChronoUnit.DAYS.between(birth, cfg.asOf());
			p.addIdentifier().setSystem(SID_HEALTH_INSURANCE).setValue(bhyt(ageDaysNow < 6 * 365.25 ? "TE1" : "HS4"));
			Identifier reg = p.addIdentifier().setSystem(SID_BIRTH_REGISTRATION)
					.setValue((1 + rng.nextInt(400)) + "/" + birth.plusDays(rng.between(3, 60)).getYear());
			reg.setAssigner(new Reference().setDisplay("UBND " + commune.name()));
			p.addName(humanName(name));
			p.setGender(female ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
			p.setBirthDateElement(new DateType(birth.toString()));
			p.addAddress(address(hamlet));
			p.setManagingOrganization(ref(station));
			p.addExtension(new Extension(EXT_ETHNICITY, new Coding(CS_ETHNICITY, eth.code(), eth.name())));
			p.addExtension(new Extension(EXT_MOTHER, ref(mother)));
			Entry child = record(p, local);
			summary.countChild(Params.GROUP_NAMES[g]);

			int place = pregnancy(local, mother, child, birth, g, mong);
			ChildState st = new ChildState(local, child, mother, birth, female ? 2 : 1, g, mong, place);
			immunizations(st);
			growthAndScreening(st);
		}

		// ------------------------------------------------------------------------------------------------
		/** @return delivery place: 0 hospital, 1 commune station, 2 home */
		int pregnancy(String childLocal, Entry mother, Entry child, LocalDate birth, int g, boolean mong) {
			String local = childLocal + "-PREG";
			double gaWeeks = rng.chance(Params.PRETERM_SHARE) ? rng.between(32, 36) : rng.clippedNormal(39.3, 1.0, 37, 41.9);
			LocalDate lmp = birth.minusDays((long) (gaWeeks * 7));
			int ancCount = rng.weighted(Params.ANC_COUNT[g]);
			List<LocalDate> ancDates = new ArrayList<>();
			if (ancCount > 0) {
				double first = rng.clippedNormal(Params.FIRST_ANC_WEEK[g], Params.FIRST_ANC_WEEK_SD[g], 5, gaWeeks - 2);
				ancDates.add(lmp.plusDays((long) (first * 7)));
				double span = gaWeeks - 1 - first;
				for (int i = 1; i < ancCount; i++) {
					double wk = first + span * i / ancCount + rng.normal(0, 0.8);
					LocalDate d = lmp.plusDays((long) (wk * 7));
					if (d.isAfter(ancDates.get(ancDates.size() - 1).plusDays(7)) && d.isBefore(birth)) {
						ancDates.add(d);
					}
				}
			}
			summary.anc(ancDates.size(), Params.GROUP_NAMES[g]);

			EpisodeOfCare ep = new EpisodeOfCare();
			ep.getMeta().addProfile(P_PREGNANCY);
			ep.addIdentifier(recordId(local));
			ep.setStatus(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
			ep.addType().addCoding(new Coding(CS_ENCOUNTER_TYPE, "pregnancy", "Pregnancy (episode of care)"));
			ep.addExtension(new Extension(EXT_PREGNANCY_LMP, new DateType(lmp.toString())));
			ep.addExtension(new Extension(EXT_PREGNANCY_EDD, new DateType(lmp.plusDays(280).toString())));
			ep.setPatient(ref(mother));
			ep.setManagingOrganization(ref(station));
			LocalDate start = ancDates.isEmpty() ? birth : ancDates.get(0);
			ep.setPeriod(new Period().setStartElement(dt(start))
					.setEndElement(dt(birth)));
			Entry episode = record(ep, local);

			// tetanus doses given at ANC contacts
			int ttDoses = 0;
			if (!ancDates.isEmpty()) {
				double u = rng.uniform();
				ttDoses = u < Params.TT2_SHARE[g] ? 2 : u < Params.TT2_SHARE[g] + Params.TT1_SHARE[g] ? 1 : 0;
				ttDoses = Math.min(ttDoses, ancDates.size());
			}
			boolean ifa = !ancDates.isEmpty() && rng.chance(Params.IFA_SHARE[g]);
			for (int i = 0; i < ancDates.size(); i++) {
				LocalDate d = ancDates.get(i);
				Visit v = visit("anc", d, mother, episode);
				Encounter e = new Encounter();
				e.getMeta().addProfile(P_ANC_CONTACT);
				String el = local + "-ANC" + (i + 1);
				e.addIdentifier(recordId(el));
				e.setStatus(Encounter.EncounterStatus.FINISHED);
				e.setClass_(new Coding(V3_ACT_CODE, "AMB", "ambulatory"));
				e.addType().addCoding(new Coding(CS_ENCOUNTER_TYPE, "anc-contact", "Antenatal care contact"));
				e.addType().addCoding(i == 0 ? new Coding(SNOMED, "424441002", "Prenatal initial visit")
						: new Coding(SNOMED, "424619006", "Prenatal visit"));
				e.setSubject(ref(mother));
				e.addEpisodeOfCare(ref(episode));
				e.setPeriod(dayPeriod(d));
				e.setServiceProvider(ref(station));
				Entry enc = record(e, el);
				v.entries.add(enc);
				if (i < ttDoses) {
					String vaccine = d.isBefore(LocalDate.of(2020, 1, 1)) ? "tt" : "td";
					v.entries.add(immunization(el + "-TT", mother, vaccine, i + 1, d, false));
				}
				if (ifa) {
					MedicationAdministration ma = new MedicationAdministration();
					ma.getMeta().addProfile(P_SUPPLEMENTATION);
					ma.addIdentifier(recordId(el + "-IFA"));
					ma.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
					ma.setMedication(new CodeableConcept().addCoding(new Coding(CS_SUPPLEMENT, "iron-folic-acid",
							"Iron-folic acid tablet (pregnancy)")).setText("Viên sắt - acid folic"));
					ma.setSubject(ref(mother));
					ma.setContext(ref(enc));
					ma.setEffective(dt(d));
					// R4 does not allow an Organization as MedicationAdministration.performer.actor: the IG names the
					// station in an extension, and a contained Practitioner stands for the station's health worker
					ma.addExtension("https://fhir.eccd.vn/StructureDefinition/performing-organization", ref(station));
					Practitioner hw = new Practitioner();
					hw.setId("hw");
					hw.addName().setText("Cán bộ Trạm Y tế " + commune.name());
					ma.addContained(hw);
					ma.addPerformer().setActor(new Reference("#hw"));
					ma.getDosage().setText("1 viên/ngày, cấp 30 viên").setDose(
							new Quantity().setValue(30).setUnit("{tbl}").setSystem(UCUM).setCode("{tbl}"));
					v.entries.add(record(ma, el + "-IFA"));
				}
			}

			// delivery
			double[] placeW = Params.DELIVERY_PLACE[g].clone();
			if (mong) {
				placeW[2] += Params.MONG_HOME_BIRTH_EXTRA;
			}
			int place = rng.weighted(placeW);
			summary.delivery(place, Params.GROUP_NAMES[g]);
			Visit dv = visit("delivery", birth, mother, child, episode);
			Encounter de = new Encounter();
			de.getMeta().addProfile(P_DELIVERY);
			String dl = local + "-DELIVERY";
			de.addIdentifier(recordId(dl));
			de.setStatus(Encounter.EncounterStatus.FINISHED);
			de.setClass_(place == 2 ? new Coding(V3_ACT_CODE, "HH", "home health")
					: new Coding(V3_ACT_CODE, "IMP", "inpatient encounter"));
			de.addType().addCoding(new Coding(CS_ENCOUNTER_TYPE, "delivery", "Delivery (birth)"));
			de.addExtension(new Extension(EXT_PLACE_OF_DELIVERY, new CodeableConcept().addCoding(place == 2
					? new Coding(CS_DELIVERY, "home", "Home") : new Coding(CS_DELIVERY, "health-facility", "Health facility"))));
			de.setSubject(ref(mother));
			de.addEpisodeOfCare(ref(episode));
			de.setPeriod(dayPeriod(birth));
			de.setServiceProvider(ref(station));
			Location loc = new Location();
			loc.setId("place");
			String[] placeNames = {"Bệnh viện đa khoa", "Trạm Y tế " + commune.name(), "Tại nhà"};
			String[] placeCodes = {"HOSP", "PC", "PTRES"};
			String[] placeDisplays = {"Hospital", "Primary care clinic", "Patient's Residence"};
			loc.setName(placeNames[place]);
			loc.addType().addCoding(new Coding(V3_ROLE_CODE, placeCodes[place], placeDisplays[place]));
			de.addContained(loc);
			de.addLocation().setLocation(new Reference("#place"));
			String attendant = attendant(place);
			de.addParticipant().addType().addCoding(new Coding(CS_DELIVERY, attendant, attendantDisplay(attendant)));
			Entry delEnc = record(de, dl);
			dv.entries.add(delEnc);
			Procedure pr = new Procedure();
			pr.addIdentifier(recordId(dl + "-PROC"));
			pr.setStatus(Procedure.ProcedureStatus.COMPLETED);
			pr.setCode(new CodeableConcept().addCoding(new Coding(SNOMED, "236973005", "Delivery procedure")));
			pr.setSubject(ref(mother));
			pr.setEncounter(ref(delEnc));
			pr.setPerformed(dt(birth));
			Procedure.ProcedurePerformerComponent perf = pr.addPerformer();
			perf.setFunction(new CodeableConcept().addCoding(new Coding(CS_DELIVERY, attendant, attendantDisplay(attendant))));
			perf.setActor(place == 1 ? ref(station) : new Reference().setDisplay(attendantDisplay(attendant)));
			dv.entries.add(record(pr, dl + "-PROC"));
			boolean early = rng.chance(Params.EARLY_BREASTFEEDING[g]);
			Observation bf = new Observation();
			bf.getMeta().addProfile(P_EARLY_BF);
			bf.addIdentifier(recordId(childLocal + "-BF-EARLY"));
			bf.setStatus(Observation.ObservationStatus.FINAL);
			bf.addCategory().addCoding(new Coding(OBS_CATEGORY, "exam", "Exam"));
			bf.setCode(new CodeableConcept().addCoding(new Coding(CS_ECCD_OBSERVATION, "early-breastfeeding",
					"Breastfed within 1 hour of birth")).setText("Bú mẹ trong vòng 1 giờ đầu sau sinh"));
			bf.setSubject(ref(child));
			bf.setEncounter(ref(delEnc));
			bf.setEffective(dt(birth));
			bf.addPerformer(ref(station));
			bf.setValue(new BooleanType(early));
			dv.entries.add(record(bf, childLocal + "-BF-EARLY"));

			// postnatal visits (mother and newborn) at days 1-3, 4-7, 28-42
			int pnc = rng.weighted(Params.POSTNATAL_COUNT[g]);
			int[][] windows = {{1, 3}, {4, 7}, {28, 42}};
			for (int i = 0; i < pnc; i++) {
				LocalDate d = birth.plusDays(rng.between(windows[i][0], windows[i][1]));
				if (d.isAfter(cfg.asOf())) {
					break;
				}
				Visit pv = visit("postnatal", d, mother, episode);
				Encounter pe = new Encounter();
				String pl = local + "-PNC" + (i + 1);
				pe.addIdentifier(recordId(pl));
				pe.setStatus(Encounter.EncounterStatus.FINISHED);
				pe.setClass_(place == 2 || i > 0 ? new Coding(V3_ACT_CODE, "HH", "home health")
						: new Coding(V3_ACT_CODE, "AMB", "ambulatory"));
				pe.addType().addCoding(new Coding(CS_ENCOUNTER_TYPE, "pnc-contact", "Postnatal care contact"));
				pe.setSubject(ref(mother));
				pe.addEpisodeOfCare(ref(episode));
				pe.setPeriod(dayPeriod(d));
				pe.setServiceProvider(ref(station));
				pv.entries.add(record(pe, pl));
			}
			return place;
		}

		String attendant(int place) {
			return switch (place) {
				case 0 -> rng.chance(0.7) ? "doctor" : "midwife";
				case 1 -> new String[] {"midwife", "assistant-physician", "nurse"}[rng.weighted(new double[] {50, 35, 15})];
				default -> new String[] {"village-birth-attendant", "relative", "none"}[rng.weighted(new double[] {35, 55, 10})];
			};
		}

		String attendantDisplay(String code) {
			return switch (code) {
				case "doctor" -> "Doctor (bác sĩ)";
				case "midwife" -> "Midwife (nữ hộ sinh)";
				case "nurse" -> "Nurse (điều dưỡng)";
				case "assistant-physician" -> "Assistant physician (y sĩ)";
				case "village-birth-attendant" -> "Village birth attendant (cô đỡ thôn bản)";
				case "relative" -> "Relative or other person";
				default -> "No one";
			};
		}

		Entry breastfeedingStatus(String local, Entry child, String status, LocalDate d) {
			Observation o = new Observation();
			o.getMeta().addProfile(P_BF_STATUS);
			o.addIdentifier(recordId(local));
			o.setStatus(Observation.ObservationStatus.FINAL);
			o.addCategory().addCoding(new Coding(OBS_CATEGORY, "social-history", "Social History"));
			o.setCode(new CodeableConcept().addCoding(new Coding(CS_ECCD_OBSERVATION, "breastfeeding-status",
					"Breastfeeding status (previous 24 hours)")));
			o.setSubject(ref(child));
			o.setEffective(dt(d));
			o.addPerformer(ref(station));
			String display = switch (status) {
				case "exclusive" -> "Exclusively breastfed";
				case "predominant" -> "Predominantly breastfed";
				case "partial" -> "Partially breastfed (mixed feeding)";
				default -> "Not breastfed";
			};
			o.setValue(new CodeableConcept().addCoding(new Coding(CS_BREASTFEEDING, status, display)));
			return record(o, local);
		}

		Entry immunization(String local, Entry patient, String vaccine, int dose, LocalDate d, boolean child) {
			Immunization im = new Immunization();
			im.getMeta().addProfile(P_IMMUNIZATION);
			im.addIdentifier(recordId(local));
			im.setStatus(Immunization.ImmunizationStatus.COMPLETED);
			EpiSchedule.Vaccine product = epi.vaccine(vaccine);
			im.setVaccineCode(new CodeableConcept().addCoding(new Coding(CS_VACCINE, vaccine, product.displayVi())));
			im.setPatient(ref(patient));
			im.setOccurrence(dt(d));
			im.setPrimarySource(true);
			im.addPerformer().setActor(ref(station));
			Immunization.ImmunizationProtocolAppliedComponent pa = im.addProtocolApplied();
			for (String antigen : product.antigens()) {
				pa.addTargetDisease().addCoding(new Coding(CS_ANTIGEN, antigen, null));
			}
			pa.setDoseNumber(new PositiveIntType(dose));
			summary.countDose(vaccine);
			return record(im, local);
		}

		// ------------------------------------------------------------------------------------------------
		final class ChildState {
			final String local;
			final Entry child;
			final Entry mother;
			final LocalDate birth;
			final int sex;
			final int g;
			final boolean mong;
			final int place;
			final double hazTrack;
			final double whzTrack;
			final TreeMap<LocalDate, Visit> visitsByDate = new TreeMap<>();
			final double stuntingTarget;
			final double wastingTarget;
			long lastU5Age = -1;
			double lastU5Height;
			double lastU5Weight;
			double lastHaz = Double.NaN;
			double lastWhz = Double.NaN;
			LocalDate lastMeasured;

			ChildState(String local, Entry child, Entry mother, LocalDate birth, int sex, int g, boolean mong, int place) {
				this.local = local;
				this.child = child;
				this.mother = mother;
				this.birth = birth;
				this.sex = sex;
				this.g = g;
				this.mong = mong;
				this.place = place;
				double stunting = mong ? Params.MONG_STUNTING : Params.STUNTING[g];
				double hazSd = Math.sqrt(Params.HAZ_SD * Params.HAZ_SD + Params.HAZ_VISIT_SD * Params.HAZ_VISIT_SD);
				double whzSd = Math.sqrt(Params.WHZ_TRACK_SD * Params.WHZ_TRACK_SD + Params.WHZ_VISIT_SD * Params.WHZ_VISIT_SD);
				this.hazTrack = rng.normal(Stats.meanForPrevalenceBelowMinus2(stunting, hazSd), Params.HAZ_SD);
				this.whzTrack = rng.normal(Stats.meanForPrevalenceBelowMinus2(Params.WASTING[g], whzSd), Params.WHZ_TRACK_SD);
				this.stuntingTarget = stunting;
				this.wastingTarget = Params.WASTING[g];
			}

			private Rng development;

			/**
			 * The child's own random stream for the details of screenings and referral follow-up (answers, scores,
			 * outcomes): drawing them does not shift the commune's stream, so the rest of the population is the same.
			 */
			Rng development() {
				if (development == null) {
					development = new Rng(Rng.mix(cfg.seed(), facility + "|" + local + "|development"));
				}
				return development;
			}

			private Rng carePlans;

			/**
			 * The child's own random stream for development care plans and their re-screens: separate from
			 * {@link #development()}, so that the child's screenings and referral follow-up stay as they were.
			 */
			Rng carePlans() {
				if (carePlans == null) {
					carePlans = new Rng(Rng.mix(cfg.seed(), facility + "|" + local + "|development-care-plan"));
				}
				return carePlans;
			}

			Visit visitOn(LocalDate d, String kind) {
				return visitsByDate.computeIfAbsent(d, x -> visit(kind, x, mother, child));
			}
		}

		void immunizations(ChildState st) {
			Map<String, LocalDate> lastDose = new HashMap<>();
			Map<String, Integer> dosesGiven = new HashMap<>();
			Map<String, Boolean> seriesBroken = new HashMap<>();
			double coverage = st.mong ? Params.MONG_DOSE_COVERAGE : Params.DOSE_COVERAGE[st.g];
			LocalDate shortageFrom = LocalDate.parse(Params.SHORTAGE_FROM);
			LocalDate shortageTo = LocalDate.parse(Params.SHORTAGE_TO);
			for (String key : epi.doseKeys()) {
				EpiSchedule.ProductDose row = epi.forChild(key, st.birth);
				if (row == null) {
					continue; // not in the programme for this child's birth cohort
				}
				LocalDate due = st.birth.plus(row.recommendedAge());
				String prevSeries = row.after() != null ? row.after() : row.vaccine();
				LocalDate prev = lastDose.get(prevSeries);
				int needed = row.after() != null ? row.afterDoses() : row.index();
				if (needed > 0 && dosesGiven.getOrDefault(prevSeries, 0) < needed) {
					continue; // series not started/continued: this dose is missed too
				}
				double p = coverage * uptake.getOrDefault(key, 1.0);
				if (Boolean.TRUE.equals(seriesBroken.get(row.vaccine())) || !rng.chance(p)) {
					seriesBroken.put(row.vaccine(), true);
					summary.missedDose();
					continue;
				}
				LocalDate date;
				if (row.atBirth() && "hepb".equals(row.vaccine())) {
					double within24h = st.place == 2 ? Params.HEPB_24H_HOME : Params.HEPB_24H_FACILITY[st.g];
					date = rng.chance(within24h) ? st.birth : st.birth.plusDays(rng.between(2, 30));
				} else if (row.atBirth()) {
					date = st.birth.plusDays(st.place == 2 ? rng.between(3, 45) : rng.between(0, 7));
				} else if (rng.chance(Params.TOO_EARLY_RATE)) {
					LocalDate earliest = st.birth.plus(row.minimumAge());
					if (prev != null && prev.plus(row.minimumInterval()).isAfter(earliest)) {
						earliest = prev.plus(row.minimumInterval());
					}
					date = earliest.minusDays(rng.between(4, 20));
					if (prev != null && !date.isAfter(prev)) {
						date = prev.plusDays(1 + rng.nextInt(3));
					}
					summary.tooEarlyDose();
				} else {
					LocalDate base = due;
					if (prev != null) {
						// a commune waits at least the minimum interval, and never less than four weeks
						LocalDate next = prev.plus(row.minimumInterval());
						if (next.isBefore(prev.plusDays(28))) {
							next = prev.plusDays(28);
						}
						if (next.isAfter(base)) {
							base = next;
						}
					}
					long delay = Math.round(rng.lognormal(Params.DELAY_MEDIAN_DAYS[st.g], Params.DELAY_SIGMA));
					date = base.plusDays(delay);
					if ((row.vaccine().equals("dtp-hepb-hib") || row.vaccine().equals("dtp"))
							&& !date.isBefore(shortageFrom) && !date.isAfter(shortageTo)
							&& rng.chance(Params.SHORTAGE_AFFECTED)) {
						date = date.plusDays(rng.between(30, 150));
					}
					if (st.g != 0) {
						date = nextSessionDay(date);
					}
				}
				if (date.isAfter(cfg.asOf())) {
					continue; // not yet given
				}
				Visit v = st.visitOn(date, "epi");
				v.entries.add(immunization(st.local + "-IMM-" + row.vaccine() + "-" + row.dose(), st.child, row.vaccine(),
						row.dose(), date, true));
				lastDose.put(row.vaccine(), date);
				dosesGiven.merge(row.vaccine(), 1, Integer::sum);
				if (row.vaccine().equals("dtp-hepb-hib") && row.dose() == 3) {
					summary.dtp3(ChronoUnit.DAYS.between(st.birth, date) < 365, Params.GROUP_NAMES[st.g]);
				}
			}
			if (ChronoUnit.DAYS.between(st.birth, cfg.asOf()) >= 365 && dosesGiven.getOrDefault("dtp-hepb-hib", 0) < 3) {
				summary.dtp3(false, Params.GROUP_NAMES[st.g]);
			}
		}

		LocalDate nextSessionDay(LocalDate d) {
			LocalDate s = d.withDayOfMonth(Math.min(epiSessionDay, d.lengthOfMonth()));
			if (s.isBefore(d)) {
				LocalDate n = d.plusMonths(1);
				s = n.withDayOfMonth(Math.min(epiSessionDay, n.lengthOfMonth()));
			}
			if (s.getDayOfWeek() == DayOfWeek.SUNDAY) {
				s = s.plusDays(1);
			}
			return s;
		}

		// ------------------------------------------------------------------------------------------------
		void growthAndScreening(ChildState st) {
			List<LocalDate> dates = new ArrayList<>();
			// birth measurement (facility births; half of home births)
			if (st.place != 2 || rng.chance(0.5)) {
				dates.add(st.birth);
			}
			int interval = Params.UNDER2_INTERVAL_MONTHS[st.g];
			for (int m = interval; m < 24; m += interval) {
				if (rng.chance(Params.UNDER2_ATTENDANCE[st.g])) {
					LocalDate d = st.birth.plusMonths(m).plusDays(rng.between(-5, 10));
					dates.add(st.g >= 2 ? nextSessionDay(d) : d);
				}
			}
			// twice-yearly micronutrient / growth campaigns (June, December) for 24-59 months
			for (int year = st.birth.getYear(); year <= cfg.asOf().getYear(); year++) {
				for (int month : new int[] {6, 12}) {
					LocalDate d = LocalDate.of(year, month, 1).plusDays(rng.nextInt(14));
					long age = ChronoUnit.DAYS.between(st.birth, d);
					if (age >= 731 && age < 1826 && rng.chance(Params.CAMPAIGN_ATTENDANCE[st.g])) {
						dates.add(d);
					}
				}
				// school health check (October) for 5-8 years
				LocalDate school = LocalDate.of(year, 10, 1).plusDays(rng.nextInt(20));
				long age = ChronoUnit.DAYS.between(st.birth, school);
				if (age >= 1826 && rng.chance(Params.SCHOOL_ATTENDANCE[st.g])) {
					dates.add(school);
				}
			}
			dates.removeIf(d -> d.isAfter(cfg.asOf()) || d.isBefore(st.birth));
			dates.sort(null);
			LocalDate previous = null;
			for (LocalDate d : dates) {
				if (d.equals(previous)) {
					continue;
				}
				previous = d;
				measure(st, d);
				long ageDays = ChronoUnit.DAYS.between(st.birth, d);
				if (ageDays >= 150 && ageDays < 183) {
					String status = rng.chance(Params.EXCLUSIVE_BREASTFEEDING[st.g]) ? "exclusive"
							: new String[] {"predominant", "partial", "not-breastfed"}[rng.weighted(new double[] {30, 55, 15})];
					st.visitOn(d, "growth").entries.add(breastfeedingStatus(st.local + "-BF-6M", st.child, status, d));
				}
			}
			if (st.lastU5Age >= 0) {
				summary.latestUnder5(Params.GROUP_NAMES[st.g], st.sex, ChronoUnit.DAYS.between(st.birth, cfg.asOf()),
						st.lastU5Age, ChronoUnit.DAYS.between(st.birth.plusDays(st.lastU5Age), cfg.asOf()),
						st.lastU5Height, st.lastU5Weight, st.stuntingTarget, st.wastingTarget, growth);
			}

			// developmental check-ups at 12, 24, 36, 48, 60 months; a screening is recorded (the IG's milestones
			// questionnaire answered, and one result per domain) at those within the questionnaire's age band
			boolean referred = false;
			List<AtRisk> atRisk = new ArrayList<>();
			for (int m : Params.SCREENING_AGES_MONTHS) {
				LocalDate d = st.birth.plusMonths(m).plusDays(rng.between(0, 30));
				if (d.isAfter(cfg.asOf()) || !rng.chance(Params.SCREENING_ATTENDANCE[st.g])) {
					continue;
				}
				boolean stunted = !Double.isNaN(st.lastHaz) && st.lastHaz < -2;
				double pRefer = stunted ? Params.SCREENING_REFER_STUNTED : Params.SCREENING_REFER;
				double u = rng.uniform();
				String result = u < pRefer ? "refer" : u < pRefer + Params.SCREENING_MONITOR ? "monitor" : "typical";
				long months = ChronoUnit.MONTHS.between(st.birth, d);
				if (months < EcdMilestones.MIN_AGE_MONTHS || months > EcdMilestones.MAX_AGE_MONTHS) {
					// 12 and 60 months: the IG has no instrument for these ages, no screening is recorded (the draws
					// above are kept: the rest of the population stays as before the screening used the questionnaire)
					summary.checkUpWithoutInstrument();
					continue;
				}
				Visit v = st.visitOn(d, "screening");
				Screening s = screening(st, m, d, result, v);
				summary.screening(result);
				boolean referredHere = "refer".equals(result) && !referred;
				if (!"typical".equals(result)) {
					atRisk.add(new AtRisk(m, d, result, s, v, referredHere));
				}
				if (referredHere) {
					referred = true;
					List<String> domains = s.notOnTrack().stream().map(e -> s.domainOf(e).vi()).toList();
					String reason = "Sàng lọc phát triển " + m + " tháng: nghi chậm phát triển (" + String.join(", ", domains)
							+ ")";
					Entry first = s.notOnTrack().get(0);
					Entry sr = referral(st, d, "development-assessment", reason, first, v);
					followUp(st, sr, d, false, List.of(s.response(), first));
				}
			}
			// at-risk children (stunted, wasted at the latest measurement): a nutrition care plan, and a referral if SAM
			if (st.lastMeasured != null && (st.lastHaz < -2 || st.lastWhz < -2)
					&& ChronoUnit.DAYS.between(st.birth, st.lastMeasured) < 1826) {
				Visit v = st.visitOn(st.lastMeasured, "growth");
				CarePlan cp = new CarePlan();
				cp.getMeta().addProfile(P_CARE_PLAN);
				String l = st.local + "-CP-NUTRITION";
				cp.addIdentifier(recordId(l));
				cp.setStatus(CarePlan.CarePlanStatus.ACTIVE);
				cp.setIntent(CarePlan.CarePlanIntent.PLAN);
				cp.addCategory().addCoding(new Coding(CS_CARE_PLAN_CATEGORY, "nutrition", "Nutrition (malnutrition, overweight)"))
						.setText("Chăm sóc dinh dưỡng");
				cp.setTitle("Kế hoạch can thiệp dinh dưỡng");
				cp.setDescription(st.lastWhz < -2 ? "Trẻ gầy còm: tư vấn dinh dưỡng, theo dõi cân nặng hằng tháng"
						: "Trẻ thấp còi: tư vấn nuôi dưỡng, bổ sung vi chất, theo dõi tăng trưởng");
				cp.setSubject(ref(st.child));
				cp.setPeriod(new Period().setStartElement(dt(st.lastMeasured)));
				cp.setCreatedElement(dt(st.lastMeasured));
				cp.setAuthor(ref(station));
				cp.addActivity().getDetail().setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED)
						.setDescription("Cân, đo và tư vấn hằng tháng tại trạm y tế");
				v.entries.add(record(cp, l));
				summary.countCarePlan();
				if (st.lastWhz < -3 && !referred) {
					Entry sr = referral(st, st.lastMeasured, "acute-malnutrition", "Suy dinh dưỡng cấp tính nặng (WHZ < -3)",
							null, v);
					followUp(st, sr, st.lastMeasured, true, List.of());
				}
			}
			developmentCarePlans(st, atRisk);
		}

		/** A screening: the questionnaire response and its domain results not on track (in the order drawn). */
		record Screening(Entry response, List<Entry> notOnTrack) {
			EcdMilestones.Domain domainOf(Entry result) {
				String code = ((Observation) result.resource()).getCode().getCodingFirstRep().getCode();
				return EcdMilestones.DOMAINS.stream().filter(d -> d.code().equals(code)).findFirst().orElseThrow();
			}
		}

		/** A recorded screening with a domain not on track ("monitor" or "refer"); {@code referred}: it made the referral. */
		record AtRisk(int m, LocalDate date, String result, Screening screening, Visit visit, boolean referred) {
		}

		/**
		 * Development care plans (eccd-care-plan, category {@code development}) as a commune station makes them after
		 * a screening with a domain not on track, when the child has no plan running: for most "refer" and some
		 * "monitor" screenings ({@code Params.DEV_PLAN_*}), at the screening visit or at a follow-up 7-28 days later.
		 * The plan coaches the parents to play and talk with the child (an activity per domain not on track), visits
		 * the family monthly and schedules a re-screen after 3 months. The re-screen, if the family comes, before the
		 * reference date and inside the questionnaire's age band, is recorded as a screening (local id
		 * {@code -DEV{m}-RS}); if every domain is then on track the plan is completed ({@code period.end} = the
		 * re-screen) and sent in the re-screen's bundle, else the plan goes on (active) and is sent when made. Each
		 * plan is sent once, as it stands at its bundle's date (a conditional create does not update a record).
		 * Drawn from the child's own care-plan stream: nothing else of the population moves.
		 */
		void developmentCarePlans(ChildState st, List<AtRisk> atRisk) {
			LocalDate runningUntil = null; // a plan made earlier runs until then (LocalDate.MAX: still active)
			for (AtRisk a : atRisk) {
				if (runningUntil != null && !a.date().isAfter(runningUntil)) {
					continue;
				}
				Rng r = st.carePlans();
				boolean refer = "refer".equals(a.result());
				if (!r.chance(refer ? Params.DEV_PLAN_REFER[st.g] : Params.DEV_PLAN_MONITOR[st.g])) {
					continue;
				}
				LocalDate start = r.chance(Params.DEV_PLAN_AT_SCREENING[st.g]) ? a.date()
						: a.date().plusDays(r.between(Params.DEV_PLAN_LATER_DAYS[0], Params.DEV_PLAN_LATER_DAYS[1]));
				LocalDate rescreen = start.plusDays(r.between(Params.DEV_RESCREEN_DAYS[0], Params.DEV_RESCREEN_DAYS[1]));
				boolean attends = r.chance(Params.DEV_RESCREEN_ATTENDANCE[st.g]);
				boolean onTrack = r.chance(refer ? Params.DEV_RESCREEN_ON_TRACK_REFER : Params.DEV_RESCREEN_ON_TRACK_MONITOR);
				if (start.isAfter(cfg.asOf())) {
					summary.devPlanAfterReference();
					continue;
				}
				Screening again = null;
				Visit rv = null;
				long months = ChronoUnit.MONTHS.between(st.birth, rescreen);
				if (attends && !rescreen.isAfter(cfg.asOf()) && months >= EcdMilestones.MIN_AGE_MONTHS
						&& months <= EcdMilestones.MAX_AGE_MONTHS) {
					rv = st.visitOn(rescreen, "followup");
					// not on track again: the plan's main domain (the first drawn), as far below the cut-off as before
					int main = EcdMilestones.DOMAINS.indexOf(a.screening().domainOf(a.screening().notOnTrack().get(0)));
					again = screening(st, r, st.local + "-DEV" + a.m() + "-RS", "Sàng lọc lại sau can thiệp (" + months
							+ " tháng)", rescreen, onTrack ? "typical" : a.result(), onTrack ? List.of() : List.of(main), rv);
					summary.rescreen(onTrack);
				}
				boolean completed = again != null && onTrack;
				Visit v = completed ? rv : start.equals(a.date()) ? a.visit() : st.visitOn(start, "followup");
				List<Entry> context = new ArrayList<>();
				context.add(a.screening().response());
				context.addAll(a.screening().notOnTrack());
				for (Entry e : context) { // what the plan references, when it is sent after the screening
					if (!v.entries.contains(e)) {
						v.entries.add(e);
					}
				}
				v.entries.add(developmentPlan(st, a, start, completed ? again : null));
				summary.devCarePlan(completed ? "completed" : "active", a.result());
				runningUntil = completed ? rescreen : LocalDate.MAX;
			}
		}

		/** The plan: completed if {@code again} (its re-screen, every domain on track) is given, else active. */
		Entry developmentPlan(ChildState st, AtRisk a, LocalDate start, Screening again) {
			boolean completed = again != null;
			LocalDate end = completed ? LocalDate.parse(
					((QuestionnaireResponse) again.response().resource()).getAuthoredElement().getValueAsString()) : null;
			List<EcdMilestones.Domain> domains = a.screening().notOnTrack().stream().map(e -> a.screening().domainOf(e))
					.toList();
			String names = String.join(", ", domains.stream().map(EcdMilestones.Domain::vi).toList());
			CarePlan cp = new CarePlan();
			cp.getMeta().addProfile(P_CARE_PLAN);
			String l = st.local + "-CP-DEV" + a.m();
			cp.addIdentifier(recordId(l));
			cp.setStatus(completed ? CarePlan.CarePlanStatus.COMPLETED : CarePlan.CarePlanStatus.ACTIVE);
			cp.setIntent(CarePlan.CarePlanIntent.PLAN);
			cp.addCategory().addCoding(new Coding(CS_CARE_PLAN_CATEGORY, "development",
					"Developmental delay / early stimulation")).setText("Can thiệp sớm, kích thích phát triển");
			cp.setTitle("Kế hoạch can thiệp sớm");
			cp.setDescription("Sàng lọc phát triển " + a.m() + " tháng: " + ("refer".equals(a.result())
					? "nghi chậm phát triển (" + names + ")" + (a.referred() ? ", đã chuyển khám, đánh giá tại tuyến trên" : "")
					: names + " chưa đạt mốc theo tuổi")
					+ ". Hướng dẫn gia đình kích thích phát triển tại nhà, tái sàng lọc sau 3 tháng.");
			cp.setSubject(ref(st.child));
			Period period = new Period().setStartElement(dt(start));
			if (completed) {
				period.setEndElement(dt(end));
			}
			cp.setPeriod(period);
			cp.setCreatedElement(dt(start));
			cp.setAuthor(ref(station));
			for (Entry e : a.screening().notOnTrack()) {
				cp.addSupportingInfo(ref(e)); // the findings the plan answers
			}
			CarePlan.CarePlanActivityStatus ongoing = completed ? CarePlan.CarePlanActivityStatus.COMPLETED
					: CarePlan.CarePlanActivityStatus.INPROGRESS;
			cp.addActivity().getDetail().setStatus(ongoing).setScheduled(new StringType("hằng ngày")).setDescription(
					"Hướng dẫn cha mẹ chơi và trò chuyện với trẻ hằng ngày (tư vấn tại trạm y tế)");
			for (EcdMilestones.Domain d : domains) {
				cp.addActivity().getDetail().setStatus(ongoing).setScheduled(new StringType("hằng ngày"))
						.setDescription(switch (d.code()) {
							case "health" -> "Hướng dẫn cha mẹ cho trẻ tập vận động (leo bậc, nhảy, cầm bút vẽ) và tự phục vụ"
									+ " (tự xúc ăn, tự mặc quần áo)";
							case "learning" -> "Hướng dẫn cha mẹ đọc truyện, trò chuyện, gọi tên và đếm đồ vật cùng trẻ";
							default -> "Hướng dẫn cha mẹ cho trẻ chơi cùng trẻ khác, khen ngợi, dỗ dành trẻ khi buồn";
						});
			}
			cp.addActivity().getDetail().setStatus(ongoing).setScheduled(new StringType("hằng tháng"))
					.setDescription("Thăm hộ gia đình, theo dõi trẻ và tư vấn cha mẹ (cán bộ trạm y tế, y tế thôn bản)");
			CarePlan.CarePlanActivityComponent again3 = cp.addActivity();
			again3.getDetail().setStatus(completed ? CarePlan.CarePlanActivityStatus.COMPLETED
					: CarePlan.CarePlanActivityStatus.SCHEDULED).setScheduled(new StringType(
							start.plusMonths(3).format(DateTimeFormatter.ofPattern("yyyy-MM")))).setDescription(
									"Tái sàng lọc sau 3 tháng (bộ câu hỏi mốc phát triển)");
			if (completed) {
				again3.addOutcomeReference(ref(again.response()));
				cp.addNote().setText("Tái sàng lọc ngày " + end.format(DateTimeFormatter.ofPattern("dd/MM/yyyy"))
						+ ": các lĩnh vực đều đạt mốc theo tuổi, kết thúc kế hoạch can thiệp.");
			}
			return record(cp, l);
		}

		/**
		 * The milestones questionnaire answered by the caregiver (QuestionnaireResponse) and one
		 * eccd-development-domain-result Observation per domain (score = milestones achieved, interpretation N/A by
		 * the domain's cut-off, derivedFrom the response). "typical": every domain on track; "monitor": one domain
		 * just below its cut-off; "refer": one to three domains clearly below it. Details come from the child's own
		 * random stream, so they do not move the rest of the population.
		 */
		Screening screening(ChildState st, int m, LocalDate d, String result, Visit v) {
			Rng r = st.development();
			// the domains not on track, in the order drawn (the first is the referral's reason)
			List<Integer> delayed = new ArrayList<>();
			int nDelayed = switch (result) {
				case "refer" -> 1 + r.weighted(Params.REFER_DOMAINS_NOT_ON_TRACK);
				case "monitor" -> 1;
				default -> 0;
			};
			double[] w = Params.DELAYED_DOMAIN_WEIGHTS.clone();
			for (int k = 0; k < nDelayed; k++) {
				int i = r.weighted(w);
				w[i] = 0;
				delayed.add(i);
			}
			return screening(st, r, st.local + "-DEV" + m, "Sàng lọc phát triển " + m + " tháng", d, result, delayed, v);
		}

		/**
		 * A screening's records, given the domains not on track ({@code delayed}, indexes of
		 * {@link EcdMilestones#DOMAINS}) and how far below the cut-off they are ({@code result}: "monitor" just below,
		 * "refer" clearly below); scores, answers from {@code r}. {@code label} starts the domain results' text.
		 */
		Screening screening(ChildState st, Rng r, String l, String label, LocalDate d, String result,
				List<Integer> delayed, Visit v) {
			List<EcdMilestones.Domain> all = EcdMilestones.DOMAINS;
			int[] scores = new int[all.size()];
			for (int i = 0; i < all.size(); i++) {
				EcdMilestones.Domain dom = all.get(i);
				if (!delayed.contains(i)) {
					scores[i] = dom.max() - Math.min(r.weighted(Params.ON_TRACK_MISSED), dom.max() - dom.onTrack());
				} else if ("monitor".equals(result)) {
					scores[i] = dom.onTrack() - 1;
				} else {
					scores[i] = Math.max(0, dom.onTrack() - 2 - r.weighted(Params.REFER_BELOW_CUTOFF));
				}
			}

			QuestionnaireResponse qr = new QuestionnaireResponse();
			qr.setIdentifier(recordId(l));
			qr.setQuestionnaire(Q_ECD_MILESTONES);
			qr.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
			qr.setSubject(ref(st.child));
			qr.setAuthoredElement(dt(d));
			qr.setAuthor(ref(station));
			qr.setSource(ref(st.mother)); // caregiver-reported
			for (int i = 0; i < all.size(); i++) {
				EcdMilestones.Domain dom = all.get(i);
				QuestionnaireResponse.QuestionnaireResponseItemComponent group = qr.addItem().setLinkId(dom.code())
						.setText(dom.display());
				// which milestones are not achieved: max - score of the items, drawn without replacement
				List<Integer> order = new ArrayList<>();
				for (int k = 0; k < dom.max(); k++) {
					order.add(k);
				}
				Set<Integer> missed = new HashSet<>();
				for (int k = 0; k < dom.max() - scores[i]; k++) {
					missed.add(order.remove(r.nextInt(order.size())));
				}
				for (int k = 0; k < dom.max(); k++) {
					EcdMilestones.Item item = dom.items().get(k);
					group.addItem().setLinkId(item.linkId()).setText(item.text()).addAnswer()
							.setValue(new BooleanType(!missed.contains(k)));
				}
			}
			Entry response = record(qr, l);
			v.entries.add(response);
			summary.countScreening();

			List<Entry> notOnTrack = new ArrayList<>();
			Entry[] results = new Entry[all.size()];
			for (int i = 0; i < all.size(); i++) {
				EcdMilestones.Domain dom = all.get(i);
				boolean onTrack = EcdMilestones.onTrack(dom, scores[i]);
				Observation o = new Observation();
				o.getMeta().addProfile(P_DEVELOPMENT_RESULT);
				String ol = l + "-" + dom.code();
				o.addIdentifier(recordId(ol));
				o.setStatus(Observation.ObservationStatus.FINAL);
				o.addCategory().addCoding(new Coding(OBS_CATEGORY, "survey", "Survey"));
				o.setCode(new CodeableConcept().addCoding(new Coding(CS_DEVELOPMENT_DOMAIN, dom.code(), dom.display()))
						.setText(label + ": " + dom.vi()));
				o.setSubject(ref(st.child));
				o.setEffective(dt(d));
				o.addPerformer(ref(station));
				o.setValue(new IntegerType(scores[i]));
				o.addInterpretation().addCoding(onTrack ? new Coding(V3_INTERPRETATION, "N", "Normal")
						: new Coding(V3_INTERPRETATION, "A", "Abnormal"));
				o.addDerivedFrom(ref(response));
				results[i] = record(o, ol);
				v.entries.add(results[i]);
				summary.domainResult(dom.code(), onTrack);
			}
			for (int i : delayed) {
				notOnTrack.add(results[i]);
			}
			return new Screening(response, notOnTrack);
		}

		Entry referral(ChildState st, LocalDate d, String category, String reason, Entry because, Visit v) {
			ServiceRequest sr = new ServiceRequest();
			sr.getMeta().addProfile(P_REFERRAL);
			sr.addCategory().addCoding(new Coding(CS_REFERRAL_CATEGORY, category, "acute-malnutrition".equals(category)
					? "Acute malnutrition treatment (SAM/MAM)" : "Developmental assessment"));
			sr.setPriority("acute-malnutrition".equals(category) ? ServiceRequest.ServiceRequestPriority.URGENT
					: ServiceRequest.ServiceRequestPriority.ROUTINE);
			String l = st.local + "-REF-" + d.format(DateTimeFormatter.BASIC_ISO_DATE);
			sr.addIdentifier(recordId(l));
			sr.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
			sr.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
			sr.setCode(new CodeableConcept().addCoding(new Coding(SNOMED, "3457005", "Patient referral")));
			sr.setSubject(ref(st.child));
			sr.setAuthoredOnElement(dt(d));
			sr.setRequester(ref(station));
			sr.addPerformer().setDisplay(DISTRICT_CENTRE);
			sr.addReasonCode().setText(reason);
			if (because != null) {
				sr.addReasonReference(ref(because));
			}
			Entry e = record(sr, l);
			v.entries.add(e);
			summary.countReferral(category);
			return e;
		}

		/**
		 * The referral's follow-up: a Task (eccd-referral-task) basedOn and focused on the referral, sent once, in a
		 * later visit bundle of the child dated when the outcome is known: at the completion (within 30 days, or
		 * 31-120 days later), or at the station's follow-up check for a referral never completed (in progress: the
		 * child attended, care goes on; requested: not attended). Not sent if that date is after the reference date
		 * (the referral is still open). The bundle carries the referral and what it references (the screening
		 * result and its questionnaire response), as conditional creates, so that it is self-contained.
		 */
		void followUp(ChildState st, Entry referral, LocalDate d, boolean urgent, List<Entry> context) {
			Rng r = st.development();
			double u = r.uniform();
			Task.TaskStatus status;
			int days;
			if (u < Params.REFERRAL_DONE_30D[st.g]) {
				status = Task.TaskStatus.COMPLETED;
				double median = urgent ? Params.REFERRAL_DAYS_MEDIAN_URGENT : Params.REFERRAL_DAYS_MEDIAN_ROUTINE;
				days = 0;
				for (int k = 0; k < 20 && (days < 1 || days > 30); k++) {
					days = (int) Math.round(r.lognormal(median, Params.REFERRAL_DAYS_SIGMA));
				}
				if (days < 1 || days > 30) {
					days = r.between(1, 30);
				}
			} else if (u < Params.REFERRAL_DONE_30D[st.g] + Params.REFERRAL_DONE_LATER[st.g]) {
				status = Task.TaskStatus.COMPLETED;
				days = r.between(31, Params.REFERRAL_LATE_MAX_DAYS);
			} else {
				status = r.chance(Params.REFERRAL_OPEN_IN_PROGRESS) ? Task.TaskStatus.INPROGRESS : Task.TaskStatus.REQUESTED;
				days = r.between(Params.REFERRAL_CHECK_DAYS[0], Params.REFERRAL_CHECK_DAYS[1]);
			}
			LocalDate sent = d.plusDays(days);
			if (sent.isAfter(cfg.asOf())) {
				summary.referralOpenWithoutTask();
				return;
			}
			String local = ((ServiceRequest) referral.resource).getIdentifierFirstRep().getValue() + "-TASK";
			Task t = new Task();
			t.getMeta().addProfile(P_REFERRAL_TASK);
			t.addIdentifier(recordId(local));
			t.addBasedOn(ref(referral));
			t.setStatus(status);
			t.setIntent(Task.TaskIntent.ORDER);
			t.setPriority(urgent ? Task.TaskPriority.URGENT : Task.TaskPriority.ROUTINE);
			t.setCode(new CodeableConcept().addCoding(new Coding(TASK_CODE, "fulfill", null)));
			t.setDescription(urgent ? "Theo dõi chuyển tuyến: điều trị suy dinh dưỡng cấp tính nặng"
					: "Theo dõi chuyển tuyến: khám, đánh giá phát triển");
			t.setFocus(ref(referral));
			t.setFor(ref(st.child));
			t.setAuthoredOnElement(dt(d));
			t.setLastModifiedElement(dt(sent));
			t.setRequester(ref(station));
			t.setOwner(new Reference().setDisplay(DISTRICT_CENTRE)); // the facility referred to, as the referral's performer
			switch (status) {
				case COMPLETED -> {
					LocalDate attended = sent.minusDays(Math.min(days - 1, r.between(0, 2)));
					t.setExecutionPeriod(new Period().setStartElement(dt(attended)).setEndElement(dt(sent)));
					String[] outcomes = urgent
							? new String[] {"Đã điều trị suy dinh dưỡng cấp tính nặng ngoại trú, trẻ tăng cân tốt",
									"Đã điều trị nội trú suy dinh dưỡng cấp tính nặng, chuyển về trạm theo dõi"}
							: new String[] {"Đã khám, đánh giá: phát triển trong giới hạn bình thường, tiếp tục theo dõi",
									"Đã khám, đánh giá: chậm phát triển nhẹ, hướng dẫn cha mẹ can thiệp tại nhà",
									"Đã khám, đánh giá: chậm phát triển, chuyển can thiệp sớm (phục hồi chức năng)"};
					t.addOutput().setType(new CodeableConcept().setText("Kết quả"))
							.setValue(new StringType(outcomes[r.nextInt(outcomes.length)]));
				}
				case INPROGRESS -> {
					t.setExecutionPeriod(new Period().setStartElement(dt(d.plusDays(r.between(3, 14)))));
					t.setStatusReason(new CodeableConcept().setText(urgent ? "Đang điều trị tại tuyến trên"
							: "Đang đánh giá, can thiệp tại tuyến trên"));
				}
				default -> t.setStatusReason(new CodeableConcept().setText("Gia đình chưa đưa trẻ đi khám"));
			}
			Visit v = st.visitOn(sent, "followup");
			for (Entry e : context) {
				if (!v.entries.contains(e)) {
					v.entries.add(e);
				}
			}
			if (!v.entries.contains(referral)) {
				v.entries.add(referral);
			}
			v.entries.add(record(t, local));
			summary.referralTask(status.toCode(), status == Task.TaskStatus.COMPLETED && days <= 30);
		}

		/** SD of the birth z-score's own part, so that share x track + it has the SD of a later visit's z. */
		static double birthSd(double trackSd, double visitSd) {
			double share = Params.BIRTH_TRACK_SHARE;
			return Math.sqrt(trackSd * trackSd + visitSd * visitSd - share * share * trackSd * trackSd);
		}

		void measure(ChildState st, LocalDate d) {
			long ageDays = ChronoUnit.DAYS.between(st.birth, d);
			double haz = st.hazTrack + rng.normal(0, Params.HAZ_VISIT_SD);
			double whz = st.whzTrack + rng.normal(0, Params.WHZ_VISIT_SD);
			if (ageDays == 0) {
				// at birth: size only partly predicts the child's later track (low birth weight and short length where
				// the track is low), with the spread of any other visit: birth status is as dispersed as later ones
				haz = Params.BIRTH_TRACK_SHARE * st.hazTrack
						+ rng.normal(0, birthSd(Params.HAZ_SD, Params.HAZ_VISIT_SD));
				whz = Params.BIRTH_TRACK_SHARE * st.whzTrack
						+ rng.normal(0, birthSd(Params.WHZ_TRACK_SD, Params.WHZ_VISIT_SD));
			}
			double heightCm = GrowthReference.round1(growth.lengthOrHeightCm(st.sex, ageDays, haz));
			double weightKg = GrowthReference.round1(growth.weightKg(st.sex, ageDays, heightCm, whz));
			if (ageDays < 60) {
				weightKg = Math.round(weightKg * 100) / 100.0; // infant scales read to 10 g
			}
			boolean error = rng.chance(Params.ENTRY_ERROR_RATE);
			double recordedWeight = weightKg;
			double recordedHeight = heightCm;
			if (error) {
				summary.entryError();
				switch (rng.nextInt(3)) {
					case 0 -> recordedWeight = GrowthReference.round1(weightKg * 10); // decimal point slipped
					case 1 -> recordedHeight = GrowthReference.round1(heightCm / 10);
					default -> { // weight and height swapped
						recordedWeight = heightCm;
						recordedHeight = weightKg;
					}
				}
			} else {
				st.lastHaz = growth.lengthOrHeightForAgeZ(st.sex, ageDays, heightCm);
				st.lastWhz = ageDays <= 1856 ? growth.weightForLengthZ(st.sex, ageDays, heightCm, weightKg) : whz;
				st.lastMeasured = d;
				if (ageDays < 1826) {
					st.lastU5Age = ageDays;
					st.lastU5Height = heightCm;
					st.lastU5Weight = weightKg;
				}
			}
			Visit v = st.visitOn(d, "growth");
			String day = d.format(DateTimeFormatter.BASIC_ISO_DATE);
			v.entries.add(growthObs(st, day, "29463-7", "Body weight", recordedWeight, "kg", d));
			boolean lying = ageDays < 731;
			v.entries.add(growthObs(st, day, lying ? "8306-3" : "8308-9",
					lying ? "Body height --lying" : "Body height --standing", recordedHeight, "cm", d));
			if (ageDays < 731 && rng.chance(0.5)) {
				double hcz = 0.5 * haz + rng.normal(0, 0.8);
				v.entries.add(growthObs(st, day, "9843-4", "Head Occipital-frontal circumference",
						GrowthReference.round1(growth.headCircumferenceCm(st.sex, ageDays, hcz)), "cm", d));
			}
			if (ageDays >= 183 && ageDays < 1826 && rng.chance(st.g >= 2 ? 0.5 : 0.1)) {
				double mz = 0.7 * whz + rng.normal(0, 0.6);
				v.entries.add(growthObs(st, day, "56072-2", "Circumference Mid upper arm",
						GrowthReference.round1(growth.muacCm(st.sex, ageDays, mz)), "cm", d));
			}
		}

		Entry growthObs(ChildState st, String day, String loinc, String display, double value, String unit, LocalDate d) {
			Observation o = new Observation();
			o.getMeta().addProfile(growthProfile(loinc));
			String l = st.local + "-OBS-" + day + "-" + loinc;
			o.addIdentifier(recordId(l));
			o.setStatus(Observation.ObservationStatus.FINAL);
			o.addCategory().addCoding(new Coding(OBS_CATEGORY, "vital-signs", "Vital Signs"));
			o.setCode(new CodeableConcept().addCoding(new Coding(LOINC, loinc, display)));
			o.setSubject(ref(st.child));
			o.setEffective(dt(d));
			o.addPerformer(ref(station));
			o.setValue(new Quantity().setValue(value).setUnit(unit).setSystem(UCUM).setCode(unit));
			return record(o, l);
		}

		Period dayPeriod(LocalDate d) {
			return new Period().setStartElement(dt(d))
					.setEndElement(dt(d));
		}
	}

	static DateTimeType dt(LocalDate d) {
		return new DateTimeType(d.toString()); // day precision, no time zone: deterministic everywhere
	}
}
