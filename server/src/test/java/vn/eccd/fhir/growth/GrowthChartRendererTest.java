package vn.eccd.fhir.growth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.growth.GrowthChartRenderer.Panel;
import vn.eccd.fhir.growth.GrowthChartRenderer.Point;

class GrowthChartRendererTest {

	private final GrowthChartRenderer renderer = new GrowthChartRenderer(WhoGrowthTables.get());

	@Test
	void curvesFollowTheWhoTables() {
		// weianthro boys day 0: M = 3.3464 (median curve starts there)
		List<double[]> median = renderer.curve(Sex.MALE, GrowthIndicator.WEIGHT_FOR_AGE, 0, 0, 24);
		assertThat(median.get(0)[0]).isEqualTo(0.0);
		assertThat(median.get(0)[1]).isCloseTo(3.3464, within(1e-9));
		// WHO 2007 girls height-for-age month 228, SD2 = 176.237 (hfa_girls_z_exp.txt)
		List<double[]> plus2 = renderer.curve(Sex.FEMALE, GrowthIndicator.LENGTH_HEIGHT_FOR_AGE, 2, 0, 228);
		double[] last = plus2.get(plus2.size() - 1);
		assertThat(last[0]).isEqualTo(228.0);
		assertThat(last[1]).isCloseTo(176.237, within(0.001));
		// the length-for-age curve restarts at 731 days (height), as on WHO's charts
		assertThat(plus2).anyMatch(p -> p.length > 2 && Math.abs(p[0] - 731 / AnthropometricInput.DAYS_PER_MONTH) < 1e-9);
	}

	@Test
	void htmlHasSevenCurvesPerPanelAndEscapesNames() {
		String html = renderer.html("<Lò Thị Hoa>", Sex.FEMALE, "2023-02-01", List.of(
				new Panel(GrowthIndicator.WEIGHT_FOR_AGE, List.of(new Point(30, 4.2, 0.1, false, "2023-03-03"),
						new Point(400, 30.0, 5.6, true, "2024-03-07"))),
				new Panel(GrowthIndicator.LENGTH_HEIGHT_FOR_AGE, List.of())));
		assertThat(html).contains("&lt;Lò Thị Hoa&gt;").doesNotContain("<Lò");
		assertThat(html.split("class=\"sd-curve\"", -1)).hasSize(15);
		assertThat(html.split("class=\"child-point\"", -1)).hasSize(3);
		assertThat(html).contains("z = 5.60 (implausible)");
	}
}
