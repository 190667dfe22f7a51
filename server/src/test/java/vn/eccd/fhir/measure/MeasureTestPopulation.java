package vn.eccd.fhir.measure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import vn.eccd.fhir.support.TestData;

/**
 * A small but realistic population for the indicator tests: children of three communes in two provinces (Thanh Hóa
 * 38: Hàm Rồng, Mường Lát; Hà Nội 01: Ba Đình) born 2023-2025, vaccinated along Viet Nam's EPI schedule with
 * the usual gaps (missed, late, invalid and entered-in-error doses, same-day duplicates), some children who died
 * (before or after their first birthday, or flagged deceased without a date), deterministic (seeded).
 */
final class MeasureTestPopulation {

	static final String CS_VACCINE = "https://fhir.eccd.vn/CodeSystem/vn-epi-vaccine";
	static final String COMMUNE_BA_DINH = "00004";

	private static final String[] FAMILY = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Lò", "Hà", "Cầm", "Đinh"};
	private static final String[] GIVEN_F = {"Thị Lan", "Thị Hoa", "Ngọc Anh", "Thu Trang", "Minh Thư"};
	private static final String[] GIVEN_M = {"Văn Minh", "Đức Anh", "Quang Huy", "Gia Bảo", "Văn Hùng"};
	/** ethnicity codes (GSO): Kinh 01, Tày 02, Thái 03, Mường 04, Mông 06 */
	private static final String[][] ETHNICITY = {{"01", "Kinh"}, {"02", "Tày"}, {"03", "Thái"}, {"04", "Mường"}, {"06", "Mông"}};

	record Station(String communeCode, String communeName, String facilityCode, String uuid) {}

	static final List<Station> STATIONS = List.of(
			new Station(TestData.COMMUNE_HAM_RONG, "Phường Hàm Rồng", "38101", "urn:uuid:" + UUID.randomUUID()),
			new Station(TestData.COMMUNE_MUONG_LAT, "Xã Mường Lát", "38102", "urn:uuid:" + UUID.randomUUID()),
			new Station(COMMUNE_BA_DINH, "Phường Ba Đình", "01101", "urn:uuid:" + UUID.randomUUID()));

	private MeasureTestPopulation() {}

	/** One transaction Bundle: the three commune health stations and {@code children} children with their doses. */
	static Bundle build(int children, long seed) {
		Random random = new Random(seed);
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Station station : STATIONS) {
			Organization organization = TestData.communeHealthStation(station.communeCode(), station.communeName(),
					station.facilityCode());
			bundle.addEntry().setFullUrl(station.uuid()).setResource(organization).getRequest()
					.setMethod(Bundle.HTTPVerb.POST).setUrl("Organization");
		}
		LocalDate first = LocalDate.of(2023, 1, 1);
		for (int i = 0; i < children; i++) {
			Station station = STATIONS.get(random.nextInt(STATIONS.size()));
			boolean female = random.nextBoolean();
			LocalDate birth = first.plusDays(random.nextInt(3 * 365));
			if (i == 0) {
				birth = LocalDate.of(2024, 2, 29); // leap-day child: first birthday 2025-02-28
			}
			Patient child = TestData.child(FAMILY[random.nextInt(FAMILY.length)],
					(female ? GIVEN_F : GIVEN_M)[random.nextInt(5)],
					female ? AdministrativeGender.FEMALE : AdministrativeGender.MALE, birth.toString(),
					station.communeCode(), station.communeName());
			String[] ethnicity = ETHNICITY[random.nextInt(ETHNICITY.length)];
			child.getExtensionByUrl(TestData.EXT_ETHNICITY).setValue(new Coding(TestData.CS_ETHNICITY, ethnicity[0], ethnicity[1]));
			if (i % 17 == 5) {
				child.getExtension().removeIf(e -> TestData.EXT_ETHNICITY.equals(e.getUrl())); // ethnicity not recorded
			}
			child.setManagingOrganization(new Reference(station.uuid()));
			if (i % 19 == 4) { // died: at about 3 months (before the first birthday) or at about 16 months
				child.setDeceased(new DateTimeType(birth.plusDays(i % 2 == 0 ? 95 : 490).toString()));
			} else if (i % 37 == 9) {
				child.setDeceased(new org.hl7.fhir.r4.model.BooleanType(true)); // reported dead, date unknown
			}
			String childUuid = "urn:uuid:" + UUID.randomUUID();
			bundle.addEntry().setFullUrl(childUuid).setResource(child).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
			List<Immunization> doses = doses(random, birth, childUuid, station.uuid());
			LocalDate today = LocalDate.of(2026, 1, 1);
			if (i % 11 == 3 && birth.plusDays(28).isBefore(today)) { // a 5-in-1 given at 4 weeks: too young, invalid
				doses.add(immunization("dtp-hepb-hib", birth.plusDays(28), childUuid, station.uuid()));
			}
			if (i % 11 == 7 && birth.plusMonths(8).isBefore(today)) { // measles at 8 months: too young, invalid
				doses.add(immunization("measles", birth.plusMonths(8), childUuid, station.uuid()));
			}
			for (Immunization dose : doses) {
				bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(dose).getRequest()
						.setMethod(Bundle.HTTPVerb.POST).setUrl("Immunization");
			}
		}
		return bundle;
	}

	/** EPI schedule with jitter: HepB at birth, BCG in month 1, 5-in-1 + bOPV at 2/3/4 months, IPV 5 m, measles 9 m, DTP + MR 18 m. */
	private static List<Immunization> doses(Random random, LocalDate birth, String child, String station) {
		List<Immunization> doses = new ArrayList<>();
		double compliance = 0.55 + random.nextDouble() * 0.45;
		maybe(doses, random, compliance, "hepb", birth.plusDays(random.nextInt(4)), child, station); // 0-3 days: some late
		maybe(doses, random, compliance, "bcg", birth.plusDays(random.nextInt(40)), child, station);
		for (int dose = 1; dose <= 3; dose++) {
			LocalDate date = birth.plusMonths(1 + dose).plusDays(random.nextInt(75));
			maybe(doses, random, compliance, "dtp-hepb-hib", date, child, station);
			maybe(doses, random, compliance, "bopv", date, child, station);
		}
		maybe(doses, random, compliance, "ipv", birth.plusMonths(5).plusDays(random.nextInt(250)), child, station);
		maybe(doses, random, compliance, random.nextInt(4) == 0 ? "mr" : "measles",
				birth.plusMonths(9).plusDays(random.nextInt(120)), child, station);
		maybe(doses, random, compliance, "dtp", birth.plusMonths(18).plusDays(random.nextInt(240)), child, station);
		maybe(doses, random, compliance, "mr", birth.plusMonths(18).plusDays(random.nextInt(240)), child, station);
		if (!doses.isEmpty() && random.nextInt(8) == 0) { // same-day duplicate record of a dose
			Immunization copy = doses.get(random.nextInt(doses.size())).copy();
			doses.add(copy);
		}
		if (!doses.isEmpty() && random.nextInt(10) == 0) { // recorded in error
			doses.get(random.nextInt(doses.size())).setStatus(Immunization.ImmunizationStatus.ENTEREDINERROR);
		}
		return doses;
	}

	private static void maybe(List<Immunization> doses, Random random, double compliance, String vaccine, LocalDate date,
			String child, String station) {
		if (random.nextDouble() < compliance && date.isBefore(LocalDate.of(2026, 1, 1))) {
			doses.add(immunization(vaccine, date, child, station));
		}
	}

	static Immunization immunization(String vaccine, LocalDate date, String child, String station) {
		Immunization immunization = new Immunization();
		immunization.setStatus(Immunization.ImmunizationStatus.COMPLETED);
		immunization.getVaccineCode().addCoding().setSystem(CS_VACCINE).setCode(vaccine);
		immunization.setPatient(new Reference(child));
		immunization.setOccurrence(new DateTimeType(date.toString()));
		immunization.setPrimarySource(true);
		immunization.addPerformer().setActor(new Reference(station));
		return immunization;
	}
}
