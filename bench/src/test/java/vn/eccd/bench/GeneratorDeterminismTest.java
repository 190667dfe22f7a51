package vn.eccd.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorDeterminismTest {

	private static void generate(long seed, Path dir) throws IOException {
		Generator.Config cfg = Collecting.config(seed, 40);
		Generator g = new Generator();
		try (OutputWriter w = new OutputWriter(dir, true)) {
			g.run(cfg, w);
			w.finish(g.summary(), cfg);
		}
	}

	private static List<Path> files(Path dir) throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
		}
	}

	private static byte[] content(Path file) throws IOException {
		try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file))
				: Files.newInputStream(file)) {
			return in.readAllBytes();
		}
	}

	@Test
	void sameSeedGivesIdenticalOutputAndAnotherSeedDoesNot(@TempDir Path tmp) throws IOException {
		generate(7, tmp.resolve("a"));
		generate(7, tmp.resolve("b"));
		generate(8, tmp.resolve("c"));
		List<Path> a = files(tmp.resolve("a"));
		assertEquals(a, files(tmp.resolve("b")));
		assertTrue(a.contains(Path.of("bundles", "stations.ndjson")));
		assertTrue(a.contains(Path.of("ndjson", "Patient.ndjson")));
		assertTrue(a.stream().filter(p -> p.toString().endsWith(".ndjson.gz")).count() >= 100,
				"one bundle file per commune with children");
		for (Path p : a) {
			assertArrayEquals(content(tmp.resolve("a").resolve(p)), content(tmp.resolve("b").resolve(p)), p.toString());
		}
		String patientsA = Files.readString(tmp.resolve("a/ndjson/Patient.ndjson"));
		assertNotEquals(patientsA, Files.readString(tmp.resolve("c/ndjson/Patient.ndjson")));
		assertFalse(patientsA.contains("urn:uuid:"), "bulk NDJSON must use literal references");
	}
}
