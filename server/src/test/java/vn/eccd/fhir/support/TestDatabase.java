package vn.eccd.fhir.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The PostgreSQL database of one test run: a Testcontainers PostgreSQL where a Docker engine is available,
 * otherwise a fresh database created on the server named by {@code ECCD_TEST_PG_URL} (an admin JDBC URL,
 * default {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code ECCD_TEST_PG_USER} default
 * {@code postgres}, password {@code ECCD_TEST_PG_PASSWORD} default empty). The database is created once per
 * JVM (so all integration tests share one Spring context) and dropped when the JVM exits, unless
 * {@code ECCD_TEST_PG_KEEP=true}.
 */
public final class TestDatabase {

	private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
	private static TestDatabase shared;

	private final String jdbcUrl;
	private final String username;
	private final String password;

	private TestDatabase(String jdbcUrl, String username, String password) {
		this.jdbcUrl = jdbcUrl;
		this.username = username;
		this.password = password;
	}

	public static synchronized TestDatabase shared() {
		if (shared == null) {
			shared = dockerAvailable() ? startContainer() : createOnLocalServer();
		}
		return shared;
	}

	public String jdbcUrl() {
		return jdbcUrl;
	}

	public String username() {
		return username;
	}

	public String password() {
		return password;
	}

	private static boolean dockerAvailable() {
		if ("false".equalsIgnoreCase(System.getenv("ECCD_TEST_USE_DOCKER"))) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		} catch (RuntimeException | Error e) {
			return false;
		}
	}

	@SuppressWarnings("resource") // stopped by Testcontainers' own JVM shutdown hook (Ryuk)
	private static TestDatabase startContainer() {
		PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15-alpine");
		container.start();
		log.info("Integration tests use a Testcontainers PostgreSQL at {}", container.getJdbcUrl());
		return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
	}

	private static TestDatabase createOnLocalServer() {
		String adminUrl = env("ECCD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
		String user = env("ECCD_TEST_PG_USER", "postgres");
		String password = env("ECCD_TEST_PG_PASSWORD", "");
		String name = "eccd_it_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")) + "_"
				+ ThreadLocalRandom.current().nextInt(1000, 9999);
		execute(adminUrl, user, password, "CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
		int slash = adminUrl.lastIndexOf('/');
		String query = adminUrl.indexOf('?', slash) >= 0 ? adminUrl.substring(adminUrl.indexOf('?', slash)) : "";
		String url = adminUrl.substring(0, slash + 1) + name + query;
		log.info("Integration tests use the fresh database {} on {}", name, adminUrl);
		if (!"true".equalsIgnoreCase(System.getenv("ECCD_TEST_PG_KEEP"))) {
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					execute(adminUrl, user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
				} catch (RuntimeException e) {
					log.warn("Could not drop test database {}: {}", name, e.getMessage());
				}
			}, "drop-test-database"));
		}
		return new TestDatabase(url, user, password);
	}

	private static void execute(String url, String user, String password, String sql) {
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		} catch (SQLException e) {
			throw new IllegalStateException("PostgreSQL for integration tests is not reachable at " + url
					+ " (start it, or set ECCD_TEST_PG_URL): " + e.getMessage(), e);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return value == null || value.isBlank() ? fallback : value;
	}
}
