package vn.eccd.fhir.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of a Maven artifact on the class path, read from its {@code META-INF/maven/.../pom.properties}. Used
 * by the tests that guard our replacements of library classes: they fail when the library is upgraded, so the
 * replacement is compared with the new upstream class.
 */
public final class LibraryVersion {

	private LibraryVersion() {
	}

	/** The artifact's version; fails the test when the artifact is not on the class path. */
	public static String of(String groupId, String artifactId) {
		String path = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
		try (InputStream in = LibraryVersion.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new AssertionError(groupId + ":" + artifactId + " is not on the class path (no " + path + ")");
			}
			Properties pom = new Properties();
			pom.load(in);
			return pom.getProperty("version");
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
