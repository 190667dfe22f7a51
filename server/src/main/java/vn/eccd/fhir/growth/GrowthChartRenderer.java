package vn.eccd.fhir.growth;

import org.springframework.web.util.HtmlUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a child's growth chart as a self-contained HTML page with inline SVG (no script, no external
 * resource): per panel the WHO reference curves at −3 … +3 SD for the child's sex, drawn from the same LMS
 * tables the engine uses, and the child's own measurements.
 */
public final class GrowthChartRenderer {

	/** A measurement to plot: age in days, value on the table's basis (kg, cm), its z-score if derived. */
	public record Point(double ageInDays, double value, Double z, boolean flagged, String date) {
	}

	/** A panel: one indicator with its points. */
	public record Panel(GrowthIndicator indicator, List<Point> points) {
	}

	private static final int WIDTH = 760;
	private static final int HEIGHT = 420;
	private static final int LEFT = 60;
	private static final int RIGHT = 70;
	private static final int TOP = 20;
	private static final int BOTTOM = 50;
	private static final String[] SD_COLORS = {"#000000", "#d62728", "#e6a100", "#2ca02c", "#e6a100", "#d62728", "#000000"};

	private final WhoGrowthTables tables;

	public GrowthChartRenderer(WhoGrowthTables tables) {
		this.tables = tables;
	}

	public String html(String childName, Sex sex, String birthDate, List<Panel> panels) {
		StringBuilder b = new StringBuilder(64_000);
		b.append("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">")
				.append("<title>Biểu đồ tăng trưởng – ").append(esc(childName)).append("</title>")
				.append("<style>body{font-family:sans-serif;margin:16px;color:#222}h1{font-size:20px}")
				.append("figure{margin:0 0 24px 0}figcaption{font-weight:bold;margin-bottom:4px}")
				.append(".legend span{margin-right:14px}.sd0{color:#2ca02c}.sd2{color:#d62728}.sd3{color:#000}")
				.append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #bbb;padding:2px 6px}")
				.append("</style></head><body>\n");
		b.append("<h1>").append(esc(childName)).append("</h1><p>")
				.append(sex == Sex.MALE ? "Nam (boy)" : "Nữ (girl)").append(" · ngày sinh (born) ").append(esc(birthDate))
				.append(" · WHO Child Growth Standards (2006) to 5 years, WHO Growth Reference (2007) from 5 years</p>\n");
		b.append("<p class=\"legend\"><span class=\"sd3\">— ±3 SD</span><span class=\"sd2\">— ±2 SD</span>")
				.append("<span style=\"color:#e6a100\">— ±1 SD</span><span class=\"sd0\">— median</span>")
				.append("<span>● child (length/height on the standard's basis)</span></p>\n");
		for (Panel panel : panels) {
			b.append(panel(sex, panel));
		}
		b.append("</body></html>\n");
		return b.toString();
	}

	String panel(Sex sex, Panel panel) {
		GrowthIndicator indicator = panel.indicator();
		double maxPointMonths = panel.points().stream().mapToDouble(p -> p.ageInDays() / AnthropometricInput.DAYS_PER_MONTH)
				.max().orElse(0);
		double xMax;
		if (maxPointMonths < 60) {
			xMax = Math.min(60, Math.max(24, Math.ceil((maxPointMonths + 3) / 6) * 6));
		} else {
			double limit = indicator == GrowthIndicator.WEIGHT_FOR_AGE ? 120 : 228;
			xMax = Math.min(limit, Math.ceil((maxPointMonths + 6) / 12) * 12);
		}
		double xMin = 0;
		if (indicator == GrowthIndicator.MUAC_FOR_AGE) {
			xMin = 3;
		}
		List<List<double[]>> curves = new ArrayList<>();
		for (int k = -3; k <= 3; k++) {
			curves.add(curve(sex, indicator, k, xMin, xMax));
		}
		double yMin = Double.MAX_VALUE;
		double yMax = -Double.MAX_VALUE;
		for (List<double[]> c : curves) {
			for (double[] p : c) {
				yMin = Math.min(yMin, p[1]);
				yMax = Math.max(yMax, p[1]);
			}
		}
		List<Point> visible = panel.points().stream()
				.filter(p -> p.ageInDays() / AnthropometricInput.DAYS_PER_MONTH <= xMax).toList();
		for (Point p : visible) {
			yMin = Math.min(yMin, p.value());
			yMax = Math.max(yMax, p.value());
		}
		double yStep = niceStep((yMax - yMin) / 8);
		yMin = Math.floor(yMin / yStep) * yStep;
		yMax = Math.ceil(yMax / yStep) * yStep;

		Scale sx = new Scale(xMin, xMax, LEFT, WIDTH - RIGHT);
		Scale sy = new Scale(yMin, yMax, HEIGHT - BOTTOM, TOP);
		String unit = unit(indicator);
		StringBuilder b = new StringBuilder();
		b.append("<figure id=\"").append(indicator.code()).append("\"><figcaption>").append(title(indicator))
				.append("</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
				.append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
				.append("\" role=\"img\" aria-label=\"").append(title(indicator)).append("\" data-indicator=\"")
				.append(indicator.code()).append("\">\n");
		b.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
				.append("\" fill=\"#ffffff\"/>\n");
		// grid and axes
		double xStep = xMax - xMin > 60 ? 12 : (xMax - xMin > 24 ? 6 : 3);
		for (double x = Math.ceil(xMin / xStep) * xStep; x <= xMax + 1e-9; x += xStep) {
			b.append(line(sx.at(x), TOP, sx.at(x), HEIGHT - BOTTOM, "#e5e5e5", 1))
					.append(text(sx.at(x), HEIGHT - BOTTOM + 16, fmt(x, 0), "middle"));
		}
		for (double y = yMin; y <= yMax + 1e-9; y += yStep) {
			b.append(line(LEFT, sy.at(y), WIDTH - RIGHT, sy.at(y), "#e5e5e5", 1))
					.append(text(LEFT - 6, sy.at(y) + 4, fmt(y, yStep < 1 ? 1 : 0), "end"));
		}
		b.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#444", 1))
				.append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#444", 1))
				.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 12, "Tuổi (age), months", "middle"))
				.append("<text x=\"14\" y=\"").append((TOP + HEIGHT - BOTTOM) / 2)
				.append("\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 ")
				.append((TOP + HEIGHT - BOTTOM) / 2).append(")\">").append(unit).append("</text>\n");
		// reference curves
		for (int i = 0; i < curves.size(); i++) {
			int k = i - 3;
			List<double[]> c = curves.get(i);
			if (c.isEmpty()) {
				continue;
			}
			StringBuilder d = new StringBuilder();
			double previousX = Double.NaN;
			for (double[] p : c) {
				// a new sub-path where the curve jumps (length -> height at 24 months, 2006 -> 2007 at 60 months)
				boolean move = Double.isNaN(previousX) || p[0] < previousX || p.length > 2;
				d.append(move ? 'M' : 'L').append(fmt(sx.at(p[0]), 1)).append(',').append(fmt(sy.at(p[1]), 1)).append(' ');
				previousX = p[0];
			}
			b.append("<path class=\"sd-curve\" data-sd=\"").append(k).append("\" d=\"").append(d.toString().trim())
					.append("\" fill=\"none\" stroke=\"").append(SD_COLORS[i]).append("\" stroke-width=\"")
					.append(k == 0 ? 2 : 1.4).append("\"/>\n");
			double[] last = c.get(c.size() - 1);
			b.append(text(sx.at(last[0]) + 4, sy.at(last[1]) + 4, (k > 0 ? "+" : "") + k + " SD", "start"));
		}
		// the child's points, joined in time order
		StringBuilder track = new StringBuilder();
		for (Point p : visible) {
			double x = sx.at(p.ageInDays() / AnthropometricInput.DAYS_PER_MONTH);
			double y = sy.at(p.value());
			track.append(track.length() == 0 ? 'M' : 'L').append(fmt(x, 1)).append(',').append(fmt(y, 1)).append(' ');
		}
		if (visible.size() > 1) {
			b.append("<path d=\"").append(track.toString().trim()).append("\" fill=\"none\" stroke=\"#1f4e9c\" stroke-width=\"1.5\"/>\n");
		}
		for (Point p : visible) {
			double x = sx.at(p.ageInDays() / AnthropometricInput.DAYS_PER_MONTH);
			double y = sy.at(p.value());
			b.append("<circle class=\"child-point\" cx=\"").append(fmt(x, 1)).append("\" cy=\"").append(fmt(y, 1))
					.append("\" r=\"5\" fill=\"").append(p.flagged() ? "#ffffff" : "#1f4e9c")
					.append("\" stroke=\"#1f4e9c\" stroke-width=\"2\"><title>").append(esc(p.date())).append(": ")
					.append(fmt(p.value(), 2)).append(' ').append(unit)
					.append(p.z() == null ? "" : ", z = " + fmt(p.z(), 2)).append(p.flagged() ? " (implausible)" : "")
					.append("</title></circle>\n");
		}
		b.append("</svg>\n");
		if (!visible.isEmpty()) {
			b.append("<table><tr><th>date</th><th>age (days)</th><th>").append(unit).append("</th><th>z</th></tr>");
			for (Point p : visible) {
				b.append("<tr><td>").append(esc(p.date())).append("</td><td>").append(fmt(p.ageInDays(), 0))
						.append("</td><td>").append(fmt(p.value(), 2)).append("</td><td>")
						.append(p.z() == null ? "" : fmt(p.z(), 2) + (p.flagged() ? " ⚠" : "")).append("</td></tr>");
			}
			b.append("</table>\n");
		}
		b.append("</figure>\n");
		return b.toString();
	}

	/** Points (months, value) of the k SD curve; a point with a third element starts a new sub-path. */
	List<double[]> curve(Sex sex, GrowthIndicator indicator, int k, double xMinMonths, double xMaxMonths) {
		List<double[]> out = new ArrayList<>();
		LmsTable byDay = tables.standard2006ByAge(indicator);
		boolean restricted = indicator != GrowthIndicator.LENGTH_HEIGHT_FOR_AGE
				&& indicator != GrowthIndicator.HEAD_CIRCUMFERENCE_FOR_AGE;
		if (byDay != null) {
			int from = Math.max(byDay.minKey(sex), (int) Math.ceil(xMinMonths * AnthropometricInput.DAYS_PER_MONTH));
			int to = Math.min(byDay.maxKey(sex), (int) Math.floor(Math.min(xMaxMonths, 60) * AnthropometricInput.DAYS_PER_MONTH));
			boolean newSegment = false;
			for (int day = from; day <= to; day++) {
				boolean heightSwitch = indicator == GrowthIndicator.LENGTH_HEIGHT_FOR_AGE
						&& day == WhoGrowthCalculator.HEIGHT_FROM_DAYS;
				if (day % 7 != 0 && day != to && day != from && !heightSwitch
						&& day != WhoGrowthCalculator.HEIGHT_FROM_DAYS - 1) {
					continue;
				}
				Lms lms = byDay.at(sex, day);
				double v = restricted ? lms.valueAtRestricted(k) : lms.valueAt(k);
				out.add(heightSwitch || newSegment ? new double[] {day / AnthropometricInput.DAYS_PER_MONTH, v, 1}
						: new double[] {day / AnthropometricInput.DAYS_PER_MONTH, v});
				newSegment = false;
			}
		}
		LmsTable byMonth = tables.reference2007(indicator);
		if (byMonth != null && xMaxMonths > 60) {
			double limit = indicator == GrowthIndicator.WEIGHT_FOR_AGE ? 120 : 228;
			boolean first = true;
			for (int month = 61; month <= Math.min(limit, xMaxMonths); month++) {
				Lms lms = byMonth.at(sex, month);
				double v = restricted ? lms.valueAtRestricted(k) : lms.valueAt(k);
				out.add(first ? new double[] {month, v, 1} : new double[] {month, v});
				first = false;
			}
		}
		return out;
	}

	private static String title(GrowthIndicator indicator) {
		return switch (indicator) {
			case WEIGHT_FOR_AGE -> "Cân nặng theo tuổi · Weight-for-age";
			case LENGTH_HEIGHT_FOR_AGE -> "Chiều dài/chiều cao theo tuổi · Length/height-for-age";
			case HEAD_CIRCUMFERENCE_FOR_AGE -> "Vòng đầu theo tuổi · Head circumference-for-age";
			case BMI_FOR_AGE -> "BMI theo tuổi · BMI-for-age";
			case MUAC_FOR_AGE -> "Vòng cánh tay theo tuổi · MUAC-for-age";
			case WEIGHT_FOR_LENGTH_HEIGHT -> "Cân nặng theo chiều cao · Weight-for-length/height";
		};
	}

	private static String unit(GrowthIndicator indicator) {
		return switch (indicator) {
			case WEIGHT_FOR_AGE, WEIGHT_FOR_LENGTH_HEIGHT -> "kg";
			case BMI_FOR_AGE -> "kg/m²";
			default -> "cm";
		};
	}

	private record Scale(double from, double to, double pixelFrom, double pixelTo) {
		double at(double v) {
			return pixelFrom + (v - from) / (to - from) * (pixelTo - pixelFrom);
		}
	}

	private static double niceStep(double raw) {
		double[] steps = {0.5, 1, 2, 5, 10, 20, 50};
		for (double s : steps) {
			if (raw <= s) {
				return s;
			}
		}
		return 100;
	}

	private static String line(double x1, double y1, double x2, double y2, String color, double width) {
		return "<line x1=\"" + fmt(x1, 1) + "\" y1=\"" + fmt(y1, 1) + "\" x2=\"" + fmt(x2, 1) + "\" y2=\"" + fmt(y2, 1)
				+ "\" stroke=\"" + color + "\" stroke-width=\"" + width + "\"/>\n";
	}

	private static String text(double x, double y, String s, String anchor) {
		return "<text x=\"" + fmt(x, 1) + "\" y=\"" + fmt(y, 1) + "\" font-size=\"11\" text-anchor=\"" + anchor + "\">"
				+ esc(s) + "</text>\n";
	}

	static String fmt(double v, int decimals) {
		return String.format(Locale.ROOT, "%." + decimals + "f", v);
	}

	/** HTML-escapes text for the page (Spring's escaper: &lt; &gt; &amp; &quot; &#39;); null gives "". */
	static String esc(String s) {
		return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
	}
}
