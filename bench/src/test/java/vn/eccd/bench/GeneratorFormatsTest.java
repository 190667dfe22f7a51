package vn.eccd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;

class GeneratorFormatsTest {
	private static final Pattern PERSONAL_ID = Pattern.compile("\\d{12}");
	private static final Pattern BHYT = Pattern.compile("(TE1|HS4|GD4|DK2)(\\d{2})(\\d{10})");
	private static final Set<String> VACCINES = Set.of("bcg", "hepb", "dtp-hepb-hib", "bopv", "ipv", "measles", "mr",
			"dtp", "je-inactivated", "rota", "tt", "td");
	private static final Set<String> GROWTH_LOINC = Set.of("29463-7", "8306-3", "8308-9", "8302-2", "9843-4", "56072-2");

	static Collecting out = new Collecting();
	static Generator generator;

	@BeforeAll
	static void generate() {
		generator = new Generator();
		generator.run(Collecting.config(11, 400), out);
	}

	@Test
	void patientsCarryIdentifiersInTheirRealFormats() {
		Set<String> ids = new HashSet<>();
		int patients = 0;
		for (Collecting.CommuneVisits c : out.communes) {
			for (Generator.Visit v : c.visits()) {
				for (Generator.Entry e : v.entries()) {
					if (!(e.resource() instanceof Patient p) || !ids.add(e.urn())) {
						continue;
					}
					patients++;
					LocalDate birth = LocalDate.parse(p.getBirthDateElement().getValueAsString());
					boolean female = p.getGender().toCode().equals("female");
					String pid = value(p, Conventions.SID_PERSONAL_ID);
					assertTrue(PERSONAL_ID.matcher(pid).matches(), pid);
					assertEquals("038", pid.substring(0, 3), "province-of-birth code of Thanh Hóa");
					int centurySex = (birth.getYear() >= 2000 ? 2 : 0) + (female ? 1 : 0);
					assertEquals(String.valueOf(centurySex), pid.substring(3, 4), pid + " " + birth + " " + female);
					assertEquals(String.format("%02d", birth.getYear() % 100), pid.substring(4, 6), pid);
					var m = BHYT.matcher(value(p, Conventions.SID_HEALTH_INSURANCE));
					assertTrue(m.matches(), value(p, Conventions.SID_HEALTH_INSURANCE));
					assertEquals("38", m.group(2));
					String commune = ((Coding) p.getAddressFirstRep().getExtensionByUrl(Conventions.EXT_ADMIN_UNIT).getValue())
							.getCode();
					assertTrue(generator.geography().communeExists(commune), commune);
					assertEquals("38", generator.geography().commune(commune).provinceCode());
					assertEquals(c.commune().code(), commune);
					assertNotNull(p.getExtensionByUrl(Conventions.EXT_ETHNICITY));
					if (p.getMeta().hasProfile(Conventions.P_CHILD)) {
						assertTrue(birth.isAfter(Collecting.AS_OF.minusYears(9)) && !birth.isAfter(Collecting.AS_OF));
						assertNotNull(p.getExtensionByUrl(Conventions.EXT_MOTHER));
						assertNotNull(value(p, Conventions.SID_BIRTH_REGISTRATION));
						String group = value(p, Conventions.SID_HEALTH_INSURANCE).substring(0, 3);
						assertEquals(birth.isAfter(Collecting.AS_OF.minusYears(6)) ? "TE1" : "HS4", group, birth.toString());
					}
				}
			}
		}
		assertTrue(patients > 600, "children and their mothers");
	}

	private static String value(Patient p, String system) {
		return p.getIdentifier().stream().filter(i -> system.equals(i.getSystem())).map(Identifier::getValue).findFirst()
				.orElse(null);
	}

	@Test
	void namesAreVietnameseWithMinorityNamesInMountainousCommunes() {
		Map<String, Set<String>> familiesByZone = new HashMap<>();
		for (Collecting.CommuneVisits c : out.communes) {
			for (Generator.Visit v : c.visits()) {
				for (Generator.Entry e : v.entries()) {
					if (e.resource() instanceof Patient p) {
						familiesByZone.computeIfAbsent(c.commune().zone().name(), k -> new HashSet<>())
								.add(p.getNameFirstRep().getFamily());
					}
				}
			}
		}
		assertTrue(familiesByZone.get("URBAN").contains("Nguyễn"));
		Set<String> mountain = familiesByZone.get("MOUNTAINOUS");
		assertTrue(mountain.stream().anyMatch(Set.of("Lò", "Lương", "Vi", "Cầm", "Giàng", "Thào", "Quách")::contains),
				"Thái / Mông / Mường clan names in the uplands: " + mountain);
		assertFalse(familiesByZone.get("URBAN").contains("Giàng"), "no H'Mông names in lowland wards");
	}

	@Test
	void stationsAndCodesFollowConventions() {
		Set<String> facilities = new HashSet<>();
		for (Collecting.CommuneVisits c : out.communes) {
			Organization o = (Organization) c.station().resource();
			String code = o.getIdentifierFirstRep().getValue();
			assertEquals(Conventions.SID_HEALTH_FACILITY, o.getIdentifierFirstRep().getSystem());
			assertTrue(code.matches("38\\d{3}"), code);
			assertTrue(facilities.add(code), "one station per commune");
			for (Generator.Visit v : c.visits()) {
				for (Generator.Entry e : v.entries()) {
					Resource r = e.resource();
					assertTrue(e.ifNoneExist().startsWith("identifier=https://fhir.eccd.vn/sid/"), e.ifNoneExist());
					if (r instanceof Immunization im) {
						assertEquals(Conventions.CS_VACCINE, im.getVaccineCode().getCodingFirstRep().getSystem());
						assertTrue(VACCINES.contains(im.getVaccineCode().getCodingFirstRep().getCode()));
						assertEquals(c.station().urn(), im.getPerformerFirstRep().getActor().getReference());
					}
					if (r instanceof Observation ob && ob.getCode().getCodingFirstRep().getSystem().equals(Conventions.LOINC)) {
						assertTrue(GROWTH_LOINC.contains(ob.getCode().getCodingFirstRep().getCode()));
						assertEquals(c.station().urn(), ob.getPerformerFirstRep().getReference());
					}
					if (!(r instanceof Organization || r instanceof Patient)) {
						assertTrue(e.ifNoneExist().startsWith("identifier=https://fhir.eccd.vn/sid/record/" + code + "|"),
								e.ifNoneExist());
					}
				}
			}
		}
		assertEquals(166, facilities.size(), "Thanh Hóa has 166 communes (2025)");
	}

	@Test
	void everyBundleIsSelfContained() {
		FhirTerser terser = FhirContext.forR4Cached().newTerser();
		for (Collecting.CommuneVisits c : out.communes) {
			for (Generator.Visit v : c.visits()) {
				Set<String> urns = new HashSet<>();
				v.entries().forEach(e -> assertTrue(urns.add(e.urn()), "duplicate entry in a bundle"));
				for (Generator.Entry e : v.entries()) {
					for (Reference r : terser.getAllPopulatedChildElementsOfType(e.resource(), Reference.class)) {
						String ref = r.getReference();
						if (ref != null && !ref.startsWith("#")) {
							assertTrue(urns.contains(ref), v.kind() + " bundle references " + ref + " outside itself");
						}
					}
				}
			}
		}
	}

	@Test
	void scheduleHasDelaysMissedAndInvalidDoses() {
		Summary s = generator.summary();
		assertTrue(s.tooEarlyDoses > 0, "some too-early (invalid) doses");
		assertTrue(s.missedDoses > 0, "some missed doses");
		assertTrue(s.entryErrors > 0, "some data-entry errors");
		long[] lowland = s.dtp3ByGroup.get("lowland");
		long[] minority = s.dtp3ByGroup.get("mountain-minority");
		assertTrue((double) lowland[1] / lowland[0] > (double) minority[1] / minority[0],
				"timely DTP3 lower among minority children in mountainous communes");
	}
}
