package vn.eccd.fhir.ig;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** The IG package folder staged by the build (target/npm/package), and the test copies of others' code systems. */
final class IgPackageFixture {

	static final Path PACKAGE_DIR = Path.of("target/npm/package");
	static final Path EXAMPLE_DIR = PACKAGE_DIR.resolve("example");
	/** Code systems owned by other capabilities (vaccines, antigens, growth indicators, nutrition status): test copies. */
	static final Path TEST_DEPS_DIR = Path.of("src/test/resources/test-deps");

	private IgPackageFixture() {}

	static List<Path> jsonFiles(Path dir) {
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> p.getFileName().toString().endsWith(".json"))
					.filter(p -> !p.getFileName().toString().startsWith("."))
					.filter(p -> !p.getFileName().toString().equals("package.json"))
					.sorted().toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static IBaseResource parse(FhirContext ctx, Path file) {
		IParser parser = ctx.newJsonParser();
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			return parser.parseResource(r);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
