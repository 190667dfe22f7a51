package vn.eccd.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Minimal reader for our classpath CSV data files: comma-separated, no quoting, '#' comment lines, header row. */
final class Csv {
	private Csv() {
	}

	static List<Map<String, String>> read(String classpathResource) {
		InputStream in = Csv.class.getClassLoader().getResourceAsStream(classpathResource);
		if (in == null) {
			throw new IllegalStateException("missing classpath resource " + classpathResource);
		}
		try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			List<Map<String, String>> rows = new ArrayList<>();
			String[] header = null;
			String line;
			while ((line = r.readLine()) != null) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] cells = line.split(",", -1);
				if (header == null) {
					header = cells;
					continue;
				}
				Map<String, String> row = new HashMap<>();
				for (int i = 0; i < header.length; i++) {
					row.put(header[i].trim(), i < cells.length ? cells[i].trim() : "");
				}
				rows.add(row);
			}
			return rows;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
