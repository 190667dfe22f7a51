package vn.eccd.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real administrative units (terminology module: vn-admin-units-2025.csv, 34 provinces / 3,321 communes)
 * with the generator's assumptions attached: a zone (urban / lowland / mountainous) and an ethnic mix per
 * commune, taken from bench's regions.csv keyed by the PRE-2025 district the commune's territory came from
 * (majority of its old communes in vn-admin-units-2025-mapping.csv), and a population weight.
 */
final class Geography {
	private static final String UNITS = "vn/eccd/terminology/admin-units/vn-admin-units-2025.csv";
	private static final String MAPPING = "vn/eccd/terminology/admin-units/vn-admin-units-2025-mapping.csv";

	enum Zone { URBAN, LOWLAND, MOUNTAINOUS }

	record Ethnicity(String code, String name, String nameStyle) {
	}

	record Commune(String code, String name, String divisionType, String provinceCode, String provinceName,
			Zone zone, Map<String, Double> ethnicMix, double weight) {
	}

	private final Map<String, String> provinceNames = new HashMap<>();
	private final Map<String, List<Commune>> communesByProvince = new LinkedHashMap<>();
	private final Map<String, Commune> communesByCode = new HashMap<>();
	private final Map<String, Ethnicity> ethnicities = new LinkedHashMap<>();

	Geography() {
		for (Map<String, String> e : Csv.read("vn/eccd/bench/ethnicities.csv")) {
			ethnicities.put(e.get("code"), new Ethnicity(e.get("code"), e.get("name"), e.get("name_style")));
		}
		// regions.csv: (province, old district or *) -> zone + mix
		Map<String, Map<String, String>> regionByDistrict = new HashMap<>();
		Map<String, Map<String, String>> regionDefault = new HashMap<>();
		for (Map<String, String> r : Csv.read("vn/eccd/bench/regions.csv")) {
			if ("*".equals(r.get("old_district_code"))) {
				regionDefault.put(r.get("province_code"), r);
			} else {
				regionByDistrict.put(r.get("old_district_code"), r);
			}
		}
		// majority old district per new commune
		Map<String, Map<String, Integer>> oldDistrictVotes = new HashMap<>();
		for (Map<String, String> m : Csv.read(MAPPING)) {
			String d = m.get("old_district_code");
			if (d == null || d.isEmpty()) {
				continue;
			}
			oldDistrictVotes.computeIfAbsent(m.get("new_commune_code"), k -> new HashMap<>()).merge(d, 1, Integer::sum);
		}
		List<Map<String, String>> units = Csv.read(UNITS);
		for (Map<String, String> u : units) {
			if ("province".equals(u.get("level"))) {
				provinceNames.put(u.get("code"), u.get("name"));
			}
		}
		for (Map<String, String> u : units) {
			if (!"commune".equals(u.get("level"))) {
				continue;
			}
			String province = u.get("parent_code");
			String oldDistrict = null;
			int best = 0;
			for (Map.Entry<String, Integer> v : new java.util.TreeMap<>(oldDistrictVotes.getOrDefault(u.get("code"),
					Map.of())).entrySet()) {
				if (v.getValue() > best) { // ties: the smallest old district code wins (deterministic)
					best = v.getValue();
					oldDistrict = v.getKey();
				}
			}
			Map<String, String> region = oldDistrict != null ? regionByDistrict.get(oldDistrict) : null;
			if (region != null && !province.equals(region.get("province_code"))) {
				region = null;
			}
			if (region == null) {
				region = regionDefault.get(province);
			}
			String type = u.get("division_type");
			Zone zone;
			Map<String, Double> mix;
			if (region != null) {
				zone = Zone.valueOf(region.get("zone").toUpperCase());
				mix = parseMix(region.get("ethnic_mix"));
			} else {
				zone = Zone.LOWLAND;
				mix = Map.of("01", 1.0);
			}
			if ("phường".equals(type) && zone == Zone.LOWLAND) {
				zone = Zone.URBAN; // a ward in a lowland district is urban
			}
			Commune c = new Commune(u.get("code"), u.get("name"), type, province, provinceNames.get(province), zone,
					mix, weight(type, zone));
			communesByProvince.computeIfAbsent(province, k -> new ArrayList<>()).add(c);
			communesByCode.put(c.code(), c);
		}
	}

	/**
	 * Relative number of young children per commune (no per-commune population in our data): wards are denser
	 * than rural communes, mountainous communes are large in area but sparsely populated, special zones are small
	 * islands. Assumption documented in docs/synthetic-population.md.
	 */
	static double weight(String divisionType, Zone zone) {
		if ("đặc khu".equals(divisionType)) {
			return 0.5;
		}
		if ("phường".equals(divisionType)) {
			return 1.6;
		}
		return zone == Zone.MOUNTAINOUS ? 0.6 : 1.0;
	}

	private static Map<String, Double> parseMix(String s) {
		Map<String, Double> mix = new LinkedHashMap<>();
		for (String part : s.split(";")) {
			String[] kv = part.split(":");
			mix.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
		}
		return mix;
	}

	List<Commune> communes(String provinceCode) {
		List<Commune> list = communesByProvince.get(provinceCode);
		if (list == null) {
			throw new IllegalArgumentException("unknown province code " + provinceCode
					+ " (use a 2-digit code of vn-admin-units-2025, e.g. 38 for Thanh Hóa)");
		}
		return list;
	}

	Commune commune(String code) {
		return communesByCode.get(code);
	}

	boolean communeExists(String code) {
		return communesByCode.containsKey(code);
	}

	String provinceName(String code) {
		return provinceNames.get(code);
	}

	Ethnicity ethnicity(String code) {
		Ethnicity e = ethnicities.get(code);
		if (e == null) {
			throw new IllegalStateException("ethnicity " + code + " used in regions.csv is missing in ethnicities.csv");
		}
		return e;
	}
}
