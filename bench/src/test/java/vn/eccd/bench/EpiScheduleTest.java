package vn.eccd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator's view of the terminology module's EPI schedule (vaccine products, versions, dependencies). */
class EpiScheduleTest {

	private final EpiSchedule epi = new EpiSchedule();

	@Test
	void productsTakeTheDosesOfTheirHomeSeries() {
		EpiSchedule.ProductDose booster = epi.forChild("dtp#4", LocalDate.of(2021, 5, 3));
		assertEquals("dtp-hepb-hib", booster.after(), "the DTP booster follows the 5-in-1 series");
		assertEquals(3, booster.afterDoses());
		assertEquals(Period.ofMonths(18), booster.recommendedAge());
		assertEquals(Period.ofMonths(6), booster.minimumInterval());

		EpiSchedule.ProductDose mr = epi.forChild("mr#1", LocalDate.of(2021, 5, 3));
		assertNull(mr.after(), "MR is dose 1 of rubella, not dose 2 of measles");

		EpiSchedule.ProductDose je2 = epi.forChild("je-inactivated#2", LocalDate.of(2021, 5, 3));
		assertEquals(1, je2.index());
		assertEquals(Period.ofDays(7), je2.minimumInterval());

		List<String> keys = epi.doseKeys();
		assertTrue(keys.indexOf("dtp-hepb-hib#3") < keys.indexOf("dtp#4"), "dependencies are decided first");
		assertTrue(keys.indexOf("dtp#4") < keys.indexOf("td#5"));
	}

	@Test
	void theVersionInForceOnTheDueDateDecides() {
		// rotavirus and IPV dose 2 exist only in Circular 10/2024 (in force 2024-08-01)
		LocalDate born2019 = LocalDate.of(2019, 1, 10);
		assertNull(epi.forChild("rota#1", born2019));
		assertNull(epi.forChild("ipv#2", born2019));
		LocalDate born2024 = LocalDate.of(2024, 9, 1);
		assertNotNull(epi.forChild("rota#1", born2024));
		assertNotNull(epi.forChild("ipv#2", born2024));
		// Td at 7 years: due in 2026 for a child born in 2019, under Circular 10/2024
		EpiSchedule.ProductDose td = epi.forChild("td#5", born2019);
		assertEquals("dtp", td.after());
		// IPV dose 1 from 2018-08-01 (Decision 2144): due at 5 months
		assertNull(epi.forChild("ipv#1", LocalDate.of(2018, 1, 15)));
		assertNotNull(epi.forChild("ipv#1", LocalDate.of(2018, 4, 1)));
		// before the first version in the data (2018-01-01): its child schedule applies
		assertNotNull(epi.forChild("dtp-hepb-hib#1", LocalDate.of(2016, 12, 1)));
	}

	@Test
	void vaccinesComeWithTheirAntigensAndVietnameseDisplay() {
		EpiSchedule.Vaccine penta = epi.vaccine("dtp-hepb-hib");
		assertEquals(List.of("diphtheria", "tetanus", "pertussis", "hepb", "hib"), penta.antigens());
		assertEquals("Vắc xin DPT-VGB-Hib (5 trong 1)", penta.displayVi());
		assertEquals(List.of("tetanus"), epi.vaccine("tt").antigens());
	}
}
