package vn.eccd.fhir.immunization;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.immunization.ImmunizationModel.AdministeredDose;

/**
 * The full-immunization definitions restated over products, on hand-built children, and checked against the
 * immunization engine's own flag for the same children (the engine is the reference for one child's card).
 */
class FullImmunizationByProductTest {

	static final ScheduleCatalog CATALOG = ScheduleCatalog.loadFromClasspath();
	static final ProductDoseRules RULES = ProductDoseRules.from(CATALOG);
	static final ImmunizationEngine ENGINE = new ImmunizationEngine(CATALOG);
	static final FullImmunizationByProduct FIC = FullImmunizationByProduct.from(CATALOG, "vn-epi-fic-2018");
	static final FullImmunizationByProduct FIC_IPV = FullImmunizationByProduct.from(CATALOG, "vn-epi-fic-2018-ipv");

	/** A child vaccinated on time from {@code birth}: BCG, 5-in-1 and bOPV at 2/3/4 months, IPV 5 m, measles 9 m. */
	static List<String[]> onTime(LocalDate birth) {
		List<String[]> doses = new ArrayList<>();
		doses.add(new String[] {"bcg", birth.plusDays(3).toString()});
		for (int m = 2; m <= 4; m++) {
			doses.add(new String[] {"dtp-hepb-hib", birth.plusMonths(m).toString()});
			doses.add(new String[] {"bopv", birth.plusMonths(m).toString()});
		}
		doses.add(new String[] {"ipv", birth.plusMonths(5).toString()});
		doses.add(new String[] {"measles", birth.plusMonths(9).toString()});
		return doses;
	}

	static boolean byProduct(FullImmunizationByProduct definition, LocalDate birth, List<String[]> doses) {
		List<ProductDoseRules.Dose> recorded = new ArrayList<>();
		for (int i = 0; i < doses.size(); i++) {
			recorded.add(new ProductDoseRules.Dose("d" + i, doses.get(i)[0], LocalDate.parse(doses.get(i)[1]), true));
		}
		Map<String, Boolean> valid = RULES.evaluate(birth, recorded);
		List<FullImmunizationByProduct.ValidDose> counted = recorded.stream().filter(d -> Boolean.TRUE.equals(valid.get(d.id())))
				.map(d -> new FullImmunizationByProduct.ValidDose(d.vaccineCode(), d.date())).toList();
		return definition.fullyImmunized(birth, counted);
	}

	static boolean byEngine(String definition, LocalDate birth, List<String[]> doses) {
		List<AdministeredDose> administered = new ArrayList<>();
		for (int i = 0; i < doses.size(); i++) {
			administered.add(new AdministeredDose("d" + i, doses.get(i)[0], LocalDate.parse(doses.get(i)[1])));
		}
		return ENGINE.fullyImmunizedBeforeFirstBirthday(birth, administered, definition).fullyImmunized();
	}

	static void assertBoth(String definition, LocalDate birth, List<String[]> doses, boolean expected) {
		FullImmunizationByProduct byProduct = definition.equals(FIC.definitionId()) ? FIC : FIC_IPV;
		assertThat(byProduct(byProduct, birth, doses)).as("by product").isEqualTo(expected);
		assertThat(byEngine(definition, birth, doses)).as("engine").isEqualTo(expected);
	}

	@Test
	void requirementsAreTheDefinitionsSeriesOverTheProductsThatServeThem() {
		assertThat(FIC.definitionVersion()).isEqualTo("2018");
		assertThat(FIC.requirements()).extracting(FullImmunizationByProduct.ProductRequirement::products)
				.contains(Set.of("bcg"), Set.of("dtp-hepb-hib"), Set.of("bopv"), Set.of("measles", "mr"));
		assertThat(FIC.requirements()).noneMatch(r -> r.products().contains("ipv"));
		assertThat(FIC_IPV.requirements()).anyMatch(r -> r.products().equals(Set.of("ipv")));
	}

	@Test
	void onTimeChildIsFullyImmunizedAndEachMissingAntigenBreaksIt() {
		LocalDate lan = LocalDate.of(2024, 5, 2); // Nguyễn Thị Lan
		assertBoth("vn-epi-fic-2018", lan, onTime(lan), true);
		for (String antigen : List.of("bcg", "bopv", "measles")) {
			List<String[]> missing = new ArrayList<>(onTime(lan));
			missing.removeIf(d -> d[0].equals(antigen));
			assertBoth("vn-epi-fic-2018", lan, missing, false);
		}
		List<String[]> twoFiveInOne = new ArrayList<>(onTime(lan));
		twoFiveInOne.removeIf(d -> d[0].equals("dtp-hepb-hib") && d[1].equals(lan.plusMonths(4).toString()));
		assertBoth("vn-epi-fic-2018", lan, twoFiveInOne, false);
	}

	@Test
	void tooEarlyMeaslesDoesNotCountButMrAtTenMonthsDoes() {
		LocalDate minh = LocalDate.of(2024, 3, 10); // Hoàng Văn Minh
		List<String[]> early = new ArrayList<>(onTime(minh));
		early.removeIf(d -> d[0].equals("measles"));
		early.add(new String[] {"measles", "2024-11-20"}); // 8 months 10 days: too young (9 months less 4 days = 2024-12-06)
		assertBoth("vn-epi-fic-2018", minh, early, false);
		early.add(new String[] {"mr", "2025-01-15"}); // 10 months: a valid measles-containing dose
		assertBoth("vn-epi-fic-2018", minh, early, true);
	}

	@Test
	void aLateThirdDoseAfterTheFirstBirthdayDoesNotCount() {
		LocalDate hoa = LocalDate.of(2024, 2, 29); // Lò Thị Hoa, leap day: first birthday 2025-02-28
		List<String[]> late = new ArrayList<>(onTime(hoa));
		late.removeIf(d -> d[0].equals("bopv") && d[1].equals(hoa.plusMonths(4).toString()));
		late.add(new String[] {"bopv", "2025-02-28"});
		assertBoth("vn-epi-fic-2018", hoa, late, false);
		late.set(late.size() - 1, new String[] {"bopv", "2025-02-27"});
		assertBoth("vn-epi-fic-2018", hoa, late, true);
	}

	@Test
	void ipvIsRequiredOnlyWhenItWasInTheScheduleWhenDue() {
		// born 2018-01-10: IPV due 2018-06-10, before IPV entered the schedule (2018-08-01): not required
		LocalDate early = LocalDate.of(2018, 1, 10);
		List<String[]> noIpv = new ArrayList<>(onTime(early));
		noIpv.removeIf(d -> d[0].equals("ipv"));
		assertBoth("vn-epi-fic-2018-ipv", early, noIpv, true);
		// born 2024-05-02: required
		LocalDate lan = LocalDate.of(2024, 5, 2);
		List<String[]> lanNoIpv = new ArrayList<>(onTime(lan));
		lanNoIpv.removeIf(d -> d[0].equals("ipv"));
		assertBoth("vn-epi-fic-2018-ipv", lan, lanNoIpv, false);
		assertBoth("vn-epi-fic-2018-ipv", lan, onTime(lan), true);
	}
}
