package vn.eccd.fhir.growth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One WHO LMS table (one indicator, both sexes), indexed by an integer key: the age in whole days (WHO 2006
 * age tables), the age in whole months (WHO 2007) or the length/height in tenths of a centimetre
 * (weight-for-length/height). Keys must be contiguous per sex, as they are in WHO's files.
 */
public final class LmsTable {

	/** Unit of the table's lookup key. */
	public enum KeyUnit {
		DAYS, MONTHS, TENTHS_OF_CM
	}

	private final String name;
	private final KeyUnit keyUnit;
	private final int[] minKey = new int[3];
	private final double[][] l = new double[3][];
	private final double[][] m = new double[3][];
	private final double[][] s = new double[3][];

	private LmsTable(String name, KeyUnit keyUnit) {
		this.name = name;
		this.keyUnit = keyUnit;
	}

	public String name() {
		return name;
	}

	public KeyUnit keyUnit() {
		return keyUnit;
	}

	public int minKey(Sex sex) {
		return minKey[sex.whoCode()];
	}

	public int maxKey(Sex sex) {
		return minKey[sex.whoCode()] + l[sex.whoCode()].length - 1;
	}

	public boolean contains(Sex sex, int key) {
		return key >= minKey(sex) && key <= maxKey(sex);
	}

	/** L, M and S at an exact key, or null when the key is outside the table. */
	public Lms at(Sex sex, int key) {
		if (!contains(sex, key)) {
			return null;
		}
		int i = key - minKey[sex.whoCode()];
		int sx = sex.whoCode();
		return new Lms(l[sx][i], m[sx][i], s[sx][i]);
	}

	/**
	 * L, M and S between key {@code lower} and {@code lower + 1}, interpolated linearly with weight
	 * {@code fraction} in [0, 1); null when a needed row is missing.
	 */
	public Lms interpolate(Sex sex, int lower, double fraction) {
		Lms low = at(sex, lower);
		if (low == null) {
			return null;
		}
		if (fraction <= 0) {
			return low;
		}
		Lms upp = at(sex, lower + 1);
		if (upp == null) {
			return null;
		}
		return new Lms(
				low.l() + fraction * (upp.l() - low.l()),
				low.m() + fraction * (upp.m() - low.m()),
				low.s() + fraction * (upp.s() - low.s()));
	}

	/**
	 * Reads a WHO table as distributed in {@code vn/eccd/terminology/growth/} (CSV with a header row; columns
	 * sex, key, l, m, s, optional loh/lorh).
	 */
	static LmsTable load(String resource, KeyUnit keyUnit) {
		ClassLoader loader = LmsTable.class.getClassLoader();
		try (InputStream in = loader.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("WHO growth table not on the classpath: " + resource);
			}
			return parse(resource, keyUnit, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read WHO growth table " + resource, e);
		}
	}

	private static LmsTable parse(String name, KeyUnit keyUnit, BufferedReader reader) throws IOException {
		String header = reader.readLine();
		if (header == null) {
			throw new IllegalStateException(name + " is empty");
		}
		String[] columns = header.trim().toLowerCase(Locale.ROOT).split(",");
		int iSex = indexOf(columns, "sex", name);
		int iL = indexOf(columns, "l", name);
		int iM = indexOf(columns, "m", name);
		int iS = indexOf(columns, "s", name);
		int iKey = 1;
		List<List<double[]>> rows = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		String line;
		int lineNo = 1;
		while ((line = reader.readLine()) != null) {
			lineNo++;
			if (line.isBlank()) {
				continue;
			}
			String[] f = line.trim().split(",");
			int sex = Integer.parseInt(f[iSex].trim());
			if (sex != 1 && sex != 2) {
				throw new IllegalStateException(name + " line " + lineNo + ": sex must be 1 or 2");
			}
			double keyValue = Double.parseDouble(f[iKey].trim());
			double key = keyUnit == KeyUnit.TENTHS_OF_CM ? Math.round(keyValue * 10) : keyValue;
			rows.get(sex).add(new double[] {key, Double.parseDouble(f[iL].trim()),
					Double.parseDouble(f[iM].trim()), Double.parseDouble(f[iS].trim())});
		}
		LmsTable table = new LmsTable(name, keyUnit);
		for (int sex = 1; sex <= 2; sex++) {
			List<double[]> list = rows.get(sex);
			if (list.isEmpty()) {
				throw new IllegalStateException(name + ": no rows for sex " + sex);
			}
			list.sort((a, b) -> Double.compare(a[0], b[0]));
			int first = (int) list.get(0)[0];
			table.minKey[sex] = first;
			table.l[sex] = new double[list.size()];
			table.m[sex] = new double[list.size()];
			table.s[sex] = new double[list.size()];
			for (int i = 0; i < list.size(); i++) {
				double[] row = list.get(i);
				if ((int) row[0] != first + i || row[0] != Math.rint(row[0])) {
					throw new IllegalStateException(name + ": keys are not contiguous for sex " + sex
							+ " at key " + row[0]);
				}
				table.l[sex][i] = row[1];
				table.m[sex][i] = row[2];
				table.s[sex][i] = row[3];
			}
		}
		return table;
	}

	private static int indexOf(String[] columns, String column, String name) {
		for (int i = 0; i < columns.length; i++) {
			if (columns[i].trim().equals(column)) {
				return i;
			}
		}
		throw new IllegalStateException(name + ": missing column " + column);
	}
}
