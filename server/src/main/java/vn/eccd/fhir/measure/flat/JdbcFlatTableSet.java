package vn.eccd.fhir.measure.flat;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;

/**
 * A {@link FlatTableSet} whose tables each hold the rows of one resource type, keyed by that resource's id, written
 * with plain JDBC on the application DataSource (so inside HAPI's write transaction). Subclasses declare their
 * tables and say how a chunk of resources becomes rows ({@link #insertAll}); replacing, deleting and emptying
 * rows is the same for all of them and lives here.
 */
public abstract class JdbcFlatTableSet implements FlatTableSet {

	/** One table of the set: the rows projected from one resource type, keyed by the resource's id. */
	protected record Table(Class<? extends IBaseResource> type, String name, String idColumn) {}

	private static final int BATCH_SIZE = 500;

	protected final JdbcTemplate jdbc;
	private final String name;
	private final List<Table> tables;

	protected JdbcFlatTableSet(JdbcTemplate jdbc, String name, List<Table> tables) {
		this.jdbc = jdbc;
		this.name = name;
		this.tables = List.copyOf(tables);
	}

	@Override
	public String name() {
		return name;
	}

	@Override
	public List<Class<? extends IBaseResource>> sourceTypes() {
		return tables.stream().<Class<? extends IBaseResource>>map(Table::type).distinct().toList();
	}

	/** One batched delete per table of the type (one round trip), then the rows of the current versions. */
	@Override
	public void replace(String resourceType, Collection<String> ids, List<IBaseResource> current) {
		for (Table table : tables) {
			if (table.type().getSimpleName().equals(resourceType)) {
				deleteRows(jdbc, table.name(), table.idColumn(), ids);
			}
		}
		insertAll(current);
	}

	/** Deletes the rows of these ids with one batched statement (one round trip); nothing when there are none. */
	static void deleteRows(JdbcTemplate jdbc, String table, String idColumn, Collection<String> ids) {
		if (!ids.isEmpty()) {
			jdbc.batchUpdate("delete from " + table + " where " + idColumn + " = ?", List.copyOf(ids), BATCH_SIZE,
					(ps, id) -> ps.setString(1, id));
		}
	}

	@Override
	public void truncate() {
		tables.forEach(table -> jdbc.update("delete from " + table.name()));
	}

	/** Batch-inserts rows with one statement; nothing when there are none. */
	protected <R> void insert(String sql, List<R> rows, ParameterizedPreparedStatementSetter<R> setter) {
		if (!rows.isEmpty()) {
			jdbc.batchUpdate(sql, rows, BATCH_SIZE, setter);
		}
	}

	/** The rows of the resources of one type (resources the mapper does not project give no row). */
	protected static <T, R> List<R> rows(List<? extends IBaseResource> resources, Class<T> type, Function<T, R> mapper) {
		return resources.stream().filter(type::isInstance).map(type::cast).map(mapper).filter(Objects::nonNull).toList();
	}

	protected static void setDate(PreparedStatement ps, int index, LocalDate value) throws SQLException {
		if (value == null) {
			ps.setNull(index, Types.DATE);
		} else {
			ps.setDate(index, Date.valueOf(value));
		}
	}
}
