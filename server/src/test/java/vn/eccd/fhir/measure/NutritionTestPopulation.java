package vn.eccd.fhir.measure;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import vn.eccd.fhir.support.TestData;

/**
 * Children 0-8 years of the three communes of {@link MeasureTestPopulation} with growth visits in 2024-2025 (weight,
 * length lying under 2 years / height standing from 2, MUAC from 6 months at some visits), their sizes drawn around
 * WHO medians with the spread of a population with much undernutrition, plus the edge cases of the nutrition rules:
 * a child measured the day before and on the day of her fifth birthday, bilateral oedema, a low MUAC at 5 and at 8
 * months, a mistyped (implausible) weight at the latest visit, and visits only outside the period. Deterministic (seeded).
 */
final class NutritionTestPopulation {

	static final String LOINC = "http://loinc.org";
	static final String UCUM = "http://unitsofmeasure.org";
	static final String WEIGHT = "29463-7";
	static final String LENGTH_LYING = "8306-3";
	static final String HEIGHT_STANDING = "8308-9";
	static final String MUAC = "56072-2";

	private static final String[] FAMILY = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Lò", "Hà", "Cầm", "Đinh", "Sùng", "Giàng"};
	private static final String[] GIVEN_F = {"Thị Mai", "Thị Hằng", "Bảo Ngọc", "Khánh Linh", "Thị Dung", "Mỷ"};
	private static final String[] GIVEN_M = {"Văn Nam", "Minh Khang", "Đức Thắng", "Văn Tú", "Hải Đăng", "A Páo"};
	private static final String[][] ETHNICITY = {{"01", "Kinh"}, {"03", "Thái"}, {"04", "Mường"}, {"06", "Mông"}};

	/** WHO medians (both sexes, rounded): age in months → weight kg, length/height cm. */
	private static final double[][] MEDIAN = {
			{0, 3.3, 49.5}, {6, 7.6, 66.7}, {12, 9.3, 75.0}, {24, 12.0, 86.8}, {36, 14.1, 95.6},
			{48, 16.1, 102.9}, {60, 18.2, 109.6}, {84, 22.2, 121.0}, {108, 27.5, 132.0}};

	private NutritionTestPopulation() {}

	/**
	 * Transaction Bundles of at most {@code perBundle} children each ({@code children} random children, then the
	 * edge cases) with their growth measurements.
	 */
	static List<Bundle> build(int children, long seed, List<String> stationIds, int perBundle) {
		Random random = new Random(seed);
		List<Bundle> bundles = new java.util.ArrayList<>();
		Bundle bundle = null;
		for (int i = 0; i < children; i++) {
			if (i % perBundle == 0) {
				bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
				bundles.add(bundle);
			}
			int station = random.nextInt(MeasureTestPopulation.STATIONS.size());
			boolean female = random.nextBoolean();
			LocalDate birth = LocalDate.of(2016, 9, 1).plusDays(random.nextInt(9 * 365));
			String child = addChild(bundle, random, station, stationIds, female, birth,
					FAMILY[random.nextInt(FAMILY.length)], (female ? GIVEN_F : GIVEN_M)[random.nextInt(GIVEN_F.length)]);
			double weightZ = random.nextGaussian() * 1.1 - 0.5;
			double heightZ = random.nextGaussian() * 1.1 - 0.8;
			LocalDate date = LocalDate.of(2024, 9, 1).plusDays(random.nextInt(90));
			int muacMm = 110 + random.nextInt(40);
			while (date.isBefore(LocalDate.of(2025, 12, 31))) {
				if (!date.isBefore(birth)) {
					double kg = weight(birth, date, weightZ + random.nextGaussian() * 0.3);
					visit(bundle, child, stationIds.get(station), birth, date, kg, height(birth, date, heightZ),
							random.nextInt(3) == 0 ? Double.valueOf(muacMm / 10.0) : null, null);
				}
				// under-2s come every 2-4 months, older children once or twice a year
				long months = Period.between(birth, date).toTotalMonths();
				date = date.plusDays(months < 24 ? 60 + random.nextInt(60) : 150 + random.nextInt(250));
			}
		}
		// edge cases, one of each
		bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		bundles.add(bundle);
		int hamRong = 0;
		int muongLat = 1;
		String lan = addChild(bundle, random, muongLat, stationIds, true, LocalDate.of(2020, 6, 15), "Lò", "Thị Lan");
		visit(bundle, lan, stationIds.get(muongLat), LocalDate.of(2020, 6, 15), LocalDate.of(2025, 6, 14), 13.1, 98.0, 12.0, null); // 59 months
		visit(bundle, lan, stationIds.get(muongLat), LocalDate.of(2020, 6, 15), LocalDate.of(2025, 6, 15), 13.2, 98.1, 12.1, null); // 60 months
		String pao = addChild(bundle, random, muongLat, stationIds, false, LocalDate.of(2023, 10, 2), "Giàng", "A Páo");
		visit(bundle, pao, stationIds.get(muongLat), LocalDate.of(2023, 10, 2), LocalDate.of(2025, 3, 3), 9.6, 78.0, 12.2, null);
		visit(bundle, pao, stationIds.get(muongLat), LocalDate.of(2023, 10, 2), LocalDate.of(2025, 9, 8), 8.9, 80.1, 11.0, Boolean.TRUE); // oedema
		String hang = addChild(bundle, random, hamRong, stationIds, true, LocalDate.of(2025, 1, 20), "Phạm", "Thị Hằng");
		visit(bundle, hang, stationIds.get(hamRong), LocalDate.of(2025, 1, 20), LocalDate.of(2025, 6, 25), 6.4, 63.0, 11.0, null); // MUAC at 5 months
		String khang = addChild(bundle, random, hamRong, stationIds, false, LocalDate.of(2024, 11, 30), "Nguyễn", "Minh Khang");
		visit(bundle, khang, stationIds.get(hamRong), LocalDate.of(2024, 11, 30), LocalDate.of(2025, 8, 1), 8.6, 70.5, 11.3, null); // MUAC at 8 months
		String tu = addChild(bundle, random, hamRong, stationIds, false, LocalDate.of(2022, 4, 11), "Trần", "Văn Tú");
		visit(bundle, tu, stationIds.get(hamRong), LocalDate.of(2022, 4, 11), LocalDate.of(2025, 5, 12), 11.9, 90.2, null, null);
		visit(bundle, tu, stationIds.get(hamRong), LocalDate.of(2022, 4, 11), LocalDate.of(2025, 11, 17), 129.0, 93.0, null, null); // 12.9 typed as 129
		String dung = addChild(bundle, random, 2, stationIds, true, LocalDate.of(2021, 2, 3), "Vũ", "Thị Dung");
		visit(bundle, dung, stationIds.get(2), LocalDate.of(2021, 2, 3), LocalDate.of(2024, 10, 9), 12.0, 91.0, null, null); // only before the period
		return bundles;
	}

	private static String addChild(Bundle bundle, Random random, int station, List<String> stationIds, boolean female,
			LocalDate birth, String family, String given) {
		MeasureTestPopulation.Station s = MeasureTestPopulation.STATIONS.get(station);
		Patient child = TestData.child(family, given, female ? AdministrativeGender.FEMALE : AdministrativeGender.MALE,
				birth.toString(), s.communeCode(), s.communeName());
		String[] ethnicity = ETHNICITY[random.nextInt(ETHNICITY.length)];
		child.getExtensionByUrl(TestData.EXT_ETHNICITY).setValue(new Coding(TestData.CS_ETHNICITY, ethnicity[0], ethnicity[1]));
		child.setManagingOrganization(new Reference("Organization/" + stationIds.get(station)));
		String uuid = "urn:uuid:" + UUID.randomUUID();
		bundle.addEntry().setFullUrl(uuid).setResource(child).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		return uuid;
	}

	/** One visit: weight, length (lying, under 2 years) or height (standing), optionally MUAC and an oedema finding. */
	static void visit(Bundle bundle, String child, String stationId, LocalDate birth, LocalDate date, double kg, double cm,
			Double muacCm, Boolean oedema) {
		boolean lying = Period.between(birth, date).toTotalMonths() < 24;
		String time = date + "T08:%02d:00+07:00";
		add(bundle, measurement(child, stationId, WEIGHT, String.format(time, 10), kg, "kg"));
		add(bundle, measurement(child, stationId, lying ? LENGTH_LYING : HEIGHT_STANDING, String.format(time, 12), cm, "cm"));
		if (muacCm != null) {
			add(bundle, measurement(child, stationId, MUAC, String.format(time, 14), muacCm, "cm"));
		}
		if (oedema != null) {
			Observation finding = measurement(child, stationId, null, String.format(time, 15), 0, null);
			finding.getCode().getCodingFirstRep().setSystem("http://snomed.info/sct").setCode("267038008").setDisplay("Oedema");
			finding.getCategoryFirstRep().getCodingFirstRep().setCode("exam"); // profile eccd-oedema
			finding.setValue(new BooleanType(oedema));
			add(bundle, finding);
		}
	}

	static Observation measurement(String child, String stationId, String loinc, String effective, double value, String unit) {
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category").setCode("vital-signs");
		o.getCode().addCoding().setSystem(LOINC).setCode(loinc);
		o.setSubject(new Reference(child));
		o.addPerformer(new Reference("Organization/" + stationId));
		o.setEffective(new DateTimeType(effective));
		if (unit != null) {
			o.setValue(new Quantity().setValue(BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP)).setUnit(unit)
					.setSystem(UCUM).setCode(unit));
		}
		return o;
	}

	private static void add(Bundle bundle, Observation observation) {
		bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(observation).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
	}

	/** Weight around the WHO median for the age, scaled by a z-like factor (about 11 % per SD). */
	private static double weight(LocalDate birth, LocalDate date, double z) {
		return median(birth, date, 1) * Math.max(0.45, 1 + 0.11 * z);
	}

	/** Length/height around the WHO median (about 4 % per SD). */
	private static double height(LocalDate birth, LocalDate date, double z) {
		return median(birth, date, 2) * (1 + 0.04 * z);
	}

	private static double median(LocalDate birth, LocalDate date, int column) {
		double months = java.time.temporal.ChronoUnit.DAYS.between(birth, date) / 30.4375;
		for (int i = 1; i < MEDIAN.length; i++) {
			if (months <= MEDIAN[i][0]) {
				double f = (months - MEDIAN[i - 1][0]) / (MEDIAN[i][0] - MEDIAN[i - 1][0]);
				return MEDIAN[i - 1][column] + f * (MEDIAN[i][column] - MEDIAN[i - 1][column]);
			}
		}
		return MEDIAN[MEDIAN.length - 1][column];
	}
}
