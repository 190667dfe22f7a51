package vn.eccd.fhir.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the foreign keys from HAPI's token, string and uri index tables to {@code HFJ_RESOURCE} checked at commit
 * ({@code DEFERRABLE INITIALLY DEFERRED}, PostgreSQL), so that Hibernate may sort a flush's inserts by table.
 *
 * <p>Why: HAPI 8.8's entities for these three tables do not reference their resource entity (hapifhir/hapi-fhir#7644,
 * fixed after 8.8), so Hibernate's insert ordering cannot see that their rows depend on the resource row and, when a
 * flush holds several new resources (a visit's derived growth Observations), may insert an index row first. Checked at
 * commit, the order inside the transaction no longer matters, and the same rows are still checked. Sorted inserts go
 * to PostgreSQL one batch per table instead of one batch per table per resource (a growth visit bundle: 18 round trips
 * instead of 71). Run after HAPI's migration at every start-up, so a HAPI upgrade that re-creates a key gets it back.
 */
public final class DeferredIndexForeignKeys {

	private static final Logger log = LoggerFactory.getLogger(DeferredIndexForeignKeys.class);

	/** The index tables whose entities lack the resource reference in HAPI 8.8. */
	static final List<String> TABLES = List.of("hfj_spidx_token", "hfj_spidx_string", "hfj_spidx_uri");

	private static final String NOT_YET_DEFERRED = """
			select rel.relname, con.conname
			  from pg_constraint con
			  join pg_class rel on rel.oid = con.conrelid
			  join pg_class ref on ref.oid = con.confrelid
			 where con.contype = 'f' and ref.relname = 'hfj_resource' and rel.relname = any (?)
			   and not (con.condeferrable and con.condeferred)
			   and pg_catalog.pg_table_is_visible(rel.oid)
			""";

	private DeferredIndexForeignKeys() {
	}

	/** @return the constraints changed (none when they already are deferred) */
	public static List<String> apply(DataSource dataSource) {
		List<String> changed = new ArrayList<>();
		try (Connection connection = dataSource.getConnection()) {
			List<String[]> keys = new ArrayList<>();
			try (PreparedStatement select = connection.prepareStatement(NOT_YET_DEFERRED)) {
				select.setArray(1, connection.createArrayOf("text", TABLES.toArray()));
				try (ResultSet rs = select.executeQuery()) {
					while (rs.next()) {
						keys.add(new String[] {rs.getString(1), rs.getString(2)});
					}
				}
			}
			try (Statement alter = connection.createStatement()) {
				for (String[] key : keys) {
					alter.execute("alter table " + quote(key[0]) + " alter constraint " + quote(key[1])
							+ " deferrable initially deferred");
					changed.add(key[0] + "." + key[1]);
				}
			}
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
		} catch (SQLException e) {
			throw new IllegalStateException("Could not make HAPI's index foreign keys deferred", e);
		}
		if (!changed.isEmpty()) {
			log.info("Foreign keys checked at commit from now on: {}", changed);
		}
		return changed;
	}

	private static String quote(String identifier) {
		return '"' + identifier.replace("\"", "\"\"") + '"';
	}
}
