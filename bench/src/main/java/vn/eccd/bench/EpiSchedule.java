package vn.eccd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Viet Nam's EPI schedule for children as the generator needs it, read from the terminology module's
 * immunization data ({@value #BASE}: the files the server's immunization engine and the IG are built from), so
 * the synthetic doses follow exactly the rules the server judges them by.
 *
 * <p>The data is organised by antigen series (diphtheria doses 1-3 are the 5-in-1, dose 4 the DTP booster, dose 5
 * Td). A commune gives vaccine <em>products</em>, so each product gets the doses of its home series: the series
 * where the product appears at the lowest dose number (ties: the first in the file), e.g. MR is dose 1 of rubella
 * rather than dose 2 of measles. A product whose home doses do not start the series waits for the product before
 * it ({@link ProductDose#after()}: the DTP booster needs the three 5-in-1 doses, Td the booster).
 *
 * <p>Schedule versions: a dose is given under the version in force on its due date (the first version also for
 * dates before it: the data starts with Circular 38/2017, in force 2018-01-01, whose child schedule is the one
 * in use before), and not before the dose's own {@code effectiveFrom} (IPV dose 1 from 2018-08-01).
 */
final class EpiSchedule {

	static final String BASE = "vn/eccd/terminology/immunization/";

	/** A vaccine product of CodeSystem vn-epi-vaccine. */
	record Vaccine(String code, String displayVi, List<String> antigens) {
	}

	/**
	 * One dose of a product under one schedule version.
	 *
	 * @param dose the dose number in the product's home series (protocolApplied.doseNumber)
	 * @param index how many earlier doses of the same product the home series has before this one
	 * @param after the product that must have been given first (null when the series starts with this product)
	 * @param afterDoses how many doses of {@code after} the series has before this product's first dose
	 */
	record ProductDose(String vaccine, int dose, int index, Period recommendedAge, Period minimumAge,
			Period minimumInterval, String after, int afterDoses, LocalDate effectiveFrom) {

		String key() {
			return vaccine + "#" + dose;
		}

		boolean atBirth() {
			return recommendedAge.isZero();
		}
	}

	private record Version(String id, LocalDate effectiveFrom, LocalDate effectiveTo, Map<String, ProductDose> doses) {
		boolean inForceOn(LocalDate d) {
			return !d.isBefore(effectiveFrom) && (effectiveTo == null || !d.isAfter(effectiveTo));
		}
	}

	private final Map<String, Vaccine> vaccines = new LinkedHashMap<>();
	private final List<Version> versions = new ArrayList<>();
	/** Every product dose of any version, in the order the generator decides them (a product after its 'after'). */
	private final List<String> keys = new ArrayList<>();

	EpiSchedule() {
		ObjectMapper json = new ObjectMapper();
		for (JsonNode v : read(json, "vaccines.json").path("vaccines")) {
			List<String> antigens = new ArrayList<>();
			v.path("antigens").forEach(a -> antigens.add(a.asText()));
			vaccines.put(v.path("code").asText(), new Vaccine(v.path("code").asText(), v.path("displayVi").asText(),
					List.copyOf(antigens)));
		}
		for (JsonNode file : read(json, "index.json").path("schedules")) {
			JsonNode s = read(json, file.asText());
			Map<String, ProductDose> doses = productDoses(s);
			for (String key : doses.keySet()) {
				if (!keys.contains(key)) {
					keys.add(key);
				}
			}
			versions.add(new Version(s.path("id").asText(), LocalDate.parse(s.path("effectiveFrom").asText()),
					s.path("effectiveTo").isNull() ? null : LocalDate.parse(s.path("effectiveTo").asText()), doses));
		}
		versions.sort((a, b) -> a.effectiveFrom().compareTo(b.effectiveFrom()));
		if (versions.isEmpty()) {
			throw new IllegalStateException("no EPI schedule version in " + BASE + "index.json");
		}
	}

	Vaccine vaccine(String code) {
		Vaccine v = vaccines.get(code);
		if (v == null) {
			throw new IllegalArgumentException("vaccine " + code + " is not in " + BASE + "vaccines.json");
		}
		return v;
	}

	/** The product doses of any schedule version, dependencies first. */
	List<String> doseKeys() {
		return keys;
	}

	/**
	 * The rule for one product dose for a child born on {@code birth}, or null when the dose is not in the
	 * programme for that child (not in the version in force on its due date, or before its own start date).
	 */
	ProductDose forChild(String key, LocalDate birth) {
		ProductDose first = null;
		for (Version v : versions) {
			if (v.doses().containsKey(key)) {
				first = v.doses().get(key);
				break;
			}
		}
		if (first == null) {
			return null;
		}
		LocalDate due = birth.plus(first.recommendedAge());
		Version inForce = versions.get(0);
		for (Version v : versions) {
			if (v.inForceOn(due)) {
				inForce = v;
			}
		}
		ProductDose rule = inForce.doses().get(key);
		if (rule == null || (rule.effectiveFrom() != null && due.isBefore(rule.effectiveFrom()))) {
			return null;
		}
		return rule;
	}

	/** The child product doses of one schedule version, each product from its home series. */
	private Map<String, ProductDose> productDoses(JsonNode schedule) {
		List<JsonNode> series = new ArrayList<>();
		schedule.path("series").forEach(s -> {
			if ("child".equals(s.path("target").asText())) {
				series.add(s);
			}
		});
		// home series of each product: lowest dose number at which it appears, first series on ties
		Map<String, JsonNode> home = new HashMap<>();
		Map<String, Integer> lowest = new HashMap<>();
		for (JsonNode s : series) {
			for (JsonNode d : s.path("doses")) {
				int n = d.path("dose").asInt();
				for (JsonNode p : d.path("vaccines")) {
					String product = p.asText();
					if (!lowest.containsKey(product) || n < lowest.get(product)) {
						lowest.put(product, n);
						home.put(product, s);
					}
				}
			}
		}
		Map<String, ProductDose> out = new LinkedHashMap<>();
		for (JsonNode s : series) {
			List<JsonNode> doses = new ArrayList<>();
			s.path("doses").forEach(doses::add);
			for (int i = 0; i < doses.size(); i++) {
				JsonNode d = doses.get(i);
				for (JsonNode p : d.path("vaccines")) {
					String product = p.asText();
					if (home.get(product) != s) {
						continue;
					}
					vaccine(product); // a schedule naming an unknown product is a data error: fail early
					int index = 0;
					String after = null;
					int afterDoses = 0;
					for (int j = 0; j < i; j++) {
						if (contains(doses.get(j), product)) {
							index++;
						}
					}
					if (index == 0 && i > 0) {
						after = doses.get(i - 1).path("vaccines").get(0).asText();
						for (int j = 0; j < i; j++) {
							if (contains(doses.get(j), after)) {
								afterDoses++;
							}
						}
					}
					ProductDose pd = new ProductDose(product, d.path("dose").asInt(), index,
							period(d, "recommendedAge"), period(d, "minimumAge"), period(d, "minimumInterval"), after,
							afterDoses, d.hasNonNull("effectiveFrom") ? LocalDate.parse(d.path("effectiveFrom").asText())
									: null);
					out.putIfAbsent(pd.key(), pd);
				}
			}
		}
		return out;
	}

	private static boolean contains(JsonNode dose, String product) {
		for (JsonNode p : dose.path("vaccines")) {
			if (p.asText().equals(product)) {
				return true;
			}
		}
		return false;
	}

	private static Period period(JsonNode dose, String field) {
		return dose.hasNonNull(field) ? Period.parse(dose.path(field).asText()) : Period.ZERO;
	}

	private static JsonNode read(ObjectMapper json, String file) {
		try (InputStream in = EpiSchedule.class.getClassLoader().getResourceAsStream(BASE + file)) {
			if (in == null) {
				throw new IllegalStateException("missing classpath resource " + BASE + file
						+ " (the eccd-terminology jar)");
			}
			return json.readTree(in);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
