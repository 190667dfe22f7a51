package vn.eccd.fhir.support;

import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * Realistic test records following docs/conventions.md: children and mothers of Thanh Hóa (province 38) with
 * Vietnamese names, their commune health stations, and growth measurements.
 */
public final class TestData {

	public static final String CANONICAL = "https://fhir.eccd.vn";
	public static final String SID_PERSONAL_ID = CANONICAL + "/sid/vn-personal-id";
	public static final String SID_FACILITY = CANONICAL + "/sid/vn-health-facility";
	public static final String EXT_ADMIN_UNIT = CANONICAL + "/StructureDefinition/address-admin-unit";
	public static final String EXT_ETHNICITY = CANONICAL + "/StructureDefinition/ethnicity";
	public static final String CS_ADMIN_UNIT_2025 = CANONICAL + "/CodeSystem/vn-admin-unit-2025";
	public static final String CS_ETHNICITY = CANONICAL + "/CodeSystem/vn-ethnicity";
	public static final String LOINC = "http://loinc.org";

	/** Phường Hàm Rồng, Thanh Hóa (NSO code 14758, list of 2025). */
	public static final String COMMUNE_HAM_RONG = "14758";
	/** Xã Mường Lát, Thanh Hóa (NSO code 14845, list of 2025), a mountainous commune. */
	public static final String COMMUNE_MUONG_LAT = "14845";

	private TestData() {}

	/** A unique 12-digit personal identification number (province-of-birth 038, century/sex digit, year). */
	public static String personalId(boolean female, int birthYear) {
		int centurySex = (birthYear >= 2000 ? 2 : 0) + (female ? 1 : 0);
		long serial = Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 1_000_000L);
		return String.format("038%d%02d%06d", centurySex, birthYear % 100, serial);
	}

	public static Organization communeHealthStation(String communeCode, String communeName, String facilityCode) {
		Organization station = new Organization();
		station.addIdentifier().setSystem(SID_FACILITY).setValue(facilityCode);
		station.setName("Trạm Y tế " + communeName);
		station.addType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/organization-type").setCode("prov");
		station.addAddress(commune(communeCode, communeName));
		return station;
	}

	public static Patient child(String family, String given, AdministrativeGender gender, String birthDate,
			String communeCode, String communeName) {
		Patient child = new Patient();
		int year = Integer.parseInt(birthDate.substring(0, 4));
		child.addIdentifier(new Identifier().setSystem(SID_PERSONAL_ID)
				.setValue(personalId(gender == AdministrativeGender.FEMALE, year)));
		child.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(family).addGiven(given)
				.setText(family + " " + given);
		child.setGender(gender);
		child.setBirthDateElement(new DateType(birthDate));
		child.addExtension(EXT_ETHNICITY, new Coding(CS_ETHNICITY, "01", "Kinh"));
		child.addAddress(commune(communeCode, communeName));
		return child;
	}

	public static Address commune(String communeCode, String communeName) {
		Address address = new Address().setUse(Address.AddressUse.HOME).setCity(communeName)
				.setState("Tỉnh Thanh Hóa").setCountry("VN");
		address.addExtension(EXT_ADMIN_UNIT, new Coding(CS_ADMIN_UNIT_2025, communeCode, communeName));
		return address;
	}

	public static Observation weight(Reference subject, String date, double kg) {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.addCategory().addCoding()
				.setSystem("http://terminology.hl7.org/CodeSystem/observation-category").setCode("vital-signs");
		observation.getCode().addCoding().setSystem(LOINC).setCode("29463-7").setDisplay("Body weight");
		observation.setSubject(subject);
		observation.setEffective(new DateTimeType(date));
		observation.setValue(new Quantity().setValue(kg).setUnit("kg").setSystem("http://unitsofmeasure.org").setCode("kg"));
		return observation;
	}

	public static Date now() {
		return new Date();
	}
}
