package vn.eccd.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Vietnamese personal names (family + middle + given, with diacritics) per naming style (names.csv). */
final class Names {
	record Name(String family, String middle, String given) {
		String text() {
			return family + " " + middle + " " + given;
		}
	}

	private record WeightedList(List<String> values, double[] weights) {
	}

	private final Map<String, WeightedList> lists = new HashMap<>();

	Names() {
		Map<String, List<String>> values = new HashMap<>();
		Map<String, List<Double>> weights = new HashMap<>();
		for (Map<String, String> r : Csv.read("vn/eccd/bench/names.csv")) {
			String key = r.get("style") + "/" + r.get("kind");
			values.computeIfAbsent(key, k -> new ArrayList<>()).add(r.get("value"));
			weights.computeIfAbsent(key, k -> new ArrayList<>()).add(Double.parseDouble(r.get("weight")));
		}
		values.forEach((k, v) -> lists.put(k,
				new WeightedList(v, weights.get(k).stream().mapToDouble(Double::doubleValue).toArray())));
	}

	private String draw(Rng rng, String style, String kind) {
		WeightedList l = lists.get(style + "/" + kind);
		if (l == null) {
			l = lists.get("kinh/" + kind); // styles without their own list share the common Vietnamese names
		}
		return l.values().get(rng.weighted(l.weights()));
	}

	String family(Rng rng, String style) {
		return draw(rng, style, "family");
	}

	Name person(Rng rng, String style, String family, boolean female) {
		String middle = draw(rng, style, female ? "middle-f" : "middle-m");
		String given = draw(rng, style, female ? "given-f" : "given-m");
		if (given.equals(middle)) {
			given = draw(rng, style, female ? "given-f" : "given-m");
		}
		return new Name(family, middle, given);
	}
}
