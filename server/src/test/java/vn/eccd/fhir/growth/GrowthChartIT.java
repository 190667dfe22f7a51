package vn.eccd.fhir.growth;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.support.AbstractFhirServerIT;
import vn.eccd.fhir.support.TestData;

/**
 * The clinician's growth chart: served by the server as HTML + inline SVG, opened in headless Chromium (Debian
 * packages chromium, chromium-driver) and checked on the screenshot: the WHO curves (green median, red ±2 SD,
 * black ±3 SD) and the child's blue points are drawn, and a child without measurements has no points.
 */
class GrowthChartIT extends AbstractFhirServerIT {

	@Test
	void chartShowsWhoCurvesAndTheChildsPointsInChromium() throws Exception {
		Patient minh = TestData.child("Hoàng", "Văn Minh", AdministrativeGender.MALE, "2022-01-01",
				TestData.COMMUNE_HAM_RONG, "Phường Hàm Rồng");
		IdType id = (IdType) client.create().resource(minh).execute().getId().toUnqualifiedVersionless();
		Reference subject = new Reference(id.getValue());
		String[][] visits = {
				{"2022-01-01", "3.3", "50.1"}, {"2022-03-06", "4.1", "56.0"}, {"2022-09-27", "6.3", "64.8"},
				{"2023-01-02", "8.9", "74.0"}, {"2024-05-18", "12.9", "85.9"}};
		for (String[] v : visits) {
			client.create().resource(measurement(subject, "29463-7", v[0], v[1], "kg")).execute();
			client.create().resource(measurement(subject, "8306-3", v[0], v[2], "cm")).execute();
		}

		HttpResponse<String> page = get(GrowthChartController.PATH + id.getIdPart());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
		String html = page.body();
		// self-contained: no script, no stylesheet or image from elsewhere (the network is closed)
		assertThat(html).contains("Hoàng Văn Minh").doesNotContain("<script", "<link", "src=", "href=", "@import");
		// two panels, each with the seven SD curves and the five visits
		assertThat(count(html, "class=\"sd-curve\"")).isEqualTo(14);
		assertThat(count(html, "class=\"child-point\"")).isEqualTo(10);
		// the 868-day length measured lying is plotted on the height basis (85.9 - 0.7 cm)
		assertThat(html).contains("2024-05-18: 85.20 cm");

		BufferedImage shot = screenshot(serverBase() + GrowthChartController.PATH + id.getIdPart(), "with-points");
		assertThat(countColor(shot, 0x2ca02c)).as("median curves (green)").isGreaterThan(400);
		assertThat(countColor(shot, 0xd62728)).as("±2 SD curves (red)").isGreaterThan(800);
		assertThat(countColor(shot, 0x1f4e9c)).as("child's points (blue)").isGreaterThan(300);

		// negative control: a child with no measurement has curves but no point
		Patient lan = TestData.child("Nguyễn", "Thị Lan", AdministrativeGender.FEMALE, "2024-02-10",
				TestData.COMMUNE_MUONG_LAT, "Xã Mường Lát");
		IdType lanId = (IdType) client.create().resource(lan).execute().getId().toUnqualifiedVersionless();
		BufferedImage empty = screenshot(serverBase() + GrowthChartController.PATH + lanId.getIdPart(), "empty");
		assertThat(countColor(empty, 0x2ca02c)).isGreaterThan(400);
		assertThat(countColor(empty, 0x1f4e9c)).isZero();

		assertThat(get(GrowthChartController.PATH + "does-not-exist").statusCode()).isEqualTo(404);
		assertThat(get(GrowthChartController.PATH + "bad%3Cid%3E").statusCode()).isEqualTo(400);
	}

	private static Observation measurement(Reference subject, String loinc, String date, String value, String unit) {
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category").setCode("vital-signs");
		o.getCode().addCoding().setSystem(GrowthMeasurements.LOINC).setCode(loinc);
		o.setSubject(subject);
		o.setEffective(new DateTimeType(date));
		o.setValue(new Quantity().setValue(new BigDecimal(value)).setUnit(unit).setSystem(GrowthMeasurements.UCUM).setCode(unit));
		return o;
	}

	private static int count(String s, String what) {
		int n = 0;
		for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
			n++;
		}
		return n;
	}

	/** Pixels within a small tolerance of a colour (anti-aliasing blends the edges). */
	private static int countColor(BufferedImage image, int rgb) {
		int r = (rgb >> 16) & 0xff;
		int g = (rgb >> 8) & 0xff;
		int b = rgb & 0xff;
		int n = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				int p = image.getRGB(x, y);
				if (Math.abs(((p >> 16) & 0xff) - r) <= 24 && Math.abs(((p >> 8) & 0xff) - g) <= 24
						&& Math.abs((p & 0xff) - b) <= 24) {
					n++;
				}
			}
		}
		return n;
	}

	private static BufferedImage screenshot(String url, String name) throws IOException, InterruptedException {
		String chromium = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser").stream()
				.filter(p -> new File(p).canExecute()).findFirst()
				.orElseThrow(() -> new AssertionError("headless Chromium is required: apt-get install chromium chromium-driver"));
		Path dir = Files.createDirectories(Path.of("target", "growth-chart"));
		Path png = dir.resolve(name + ".png").toAbsolutePath();
		Files.deleteIfExists(png);
		Path profile = Files.createTempDirectory("chromium-profile");
		List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
				"--window-size=820,1400", "--screenshot=" + png, url));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(dir.resolve(name + ".log").toFile()).start();
		assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
		assertThat(png).as("screenshot written, see " + dir.resolve(name + ".log")).exists();
		BufferedImage image = ImageIO.read(png.toFile());
		assertThat(image.getWidth()).isEqualTo(820);
		return image;
	}

}
