package vn.eccd.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark databases only: multiplies the population seen by the SQL indicator evaluator by copying every row of
 * every flattened table ({@code eccd_flat_*}) {@code factor - 1} times under new ids ({@code <id>~<copy>} in every
 * {@code *_id} column except {@code organization_id}, so copies stay in their commune and health station and keep
 * their links to each other). The FHIR tables are untouched: this times the evaluator at a population the HTTP load
 * cannot reach in reasonable time on the benchmark machine (e.g. 100,000 children from a loaded 10,000). Running it
 * again first removes earlier copies. A flat-table rebuild ($rebuild-flat-tables) removes them too.
 */
final class FlatTableScaler {

	private FlatTableScaler() {}

	static String scale(String jdbcUrl, String user, String password, int factor) throws SQLException {
		if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
			throw new IllegalArgumentException("--jdbc jdbc:postgresql://host:5432/<benchmark database> is required");
		}
		if (factor < 1) {
			throw new IllegalArgumentException("--factor must be 1 or more");
		}
		StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
				"### Flattened tables scaled x%d (benchmark copy, FHIR tables untouched)%n%n| table | rows before | rows after |%n|---|---|---|%n", factor));
		try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
			c.setAutoCommit(false);
			for (String table : flatTables(c)) {
				List<String> columns = new ArrayList<>();
				List<String> idColumns = new ArrayList<>();
				try (ResultSet rs = c.getMetaData().getColumns(null, null, table, null)) {
					while (rs.next()) {
						String name = rs.getString("COLUMN_NAME");
						columns.add(name);
						boolean text = rs.getInt("DATA_TYPE") == java.sql.Types.VARCHAR;
						if (text && name.endsWith("_id") && !name.equals("organization_id")) {
							idColumns.add(name);
						}
					}
				}
				if (idColumns.isEmpty()) {
					continue;
				}
				String key = idColumns.get(0);
				try (Statement s = c.createStatement()) {
					s.executeUpdate("delete from " + table + " where " + key + " like '%~%'");
					long before = count(s, table);
					for (int copy = 2; copy <= factor; copy++) {
						List<String> select = new ArrayList<>();
						for (String col : columns) {
							select.add(idColumns.contains(col) ? "case when " + col + " is null then null else " + col + " || '~" + copy + "' end" : col);
						}
						s.executeUpdate("insert into " + table + " (" + String.join(",", columns) + ") select "
								+ String.join(",", select) + " from " + table + " where " + key + " not like '%~%'");
					}
					report.append(String.format(Locale.ROOT, "| %s | %d | %d |%n", table, before, count(s, table)));
					s.execute("analyze " + table);
				}
			}
			c.commit();
		}
		return report.toString();
	}

	private static List<String> flatTables(Connection c) throws SQLException {
		List<String> tables = new ArrayList<>();
		try (ResultSet rs = c.getMetaData().getTables(null, null, "eccd_flat_%", new String[] {"TABLE"})) {
			while (rs.next()) {
				tables.add(rs.getString("TABLE_NAME"));
			}
		}
		return tables;
	}

	private static long count(Statement s, String table) throws SQLException {
		try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
			rs.next();
			return rs.getLong(1);
		}
	}
}
