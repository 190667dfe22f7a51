package vn.eccd.fhir.ig;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.springframework.core.io.ClassPathResource;

/** The IG's FHIR NPM package as shipped on the classpath (built by the profiles module). */
public final class IgPackage {

	private final byte[] bytes;
	private final NpmPackage npm;
	private final String sha256;

	private IgPackage(byte[] bytes) throws IOException {
		this.bytes = bytes;
		this.npm = NpmPackage.fromPackage(new ByteArrayInputStream(bytes));
		this.sha256 = contentHash(npm);
	}

	/**
	 * SHA-256 over the package's files (folder, name, content; sorted), not over the tgz bytes: the tar carries
	 * file dates, so two builds of the same content differ in bytes but not in this hash.
	 */
	public static String contentHash(NpmPackage npm) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (String folderName : new java.util.TreeSet<>(npm.getFolders().keySet())) {
				NpmPackage.NpmPackageFolder folder = npm.getFolders().get(folderName);
				for (String file : new java.util.TreeSet<>(folder.listFiles())) {
					digest.update((folderName + "/" + file + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
					digest.update(folder.fetchFile(file));
				}
			}
			return HexFormat.of().formatHex(digest.digest());
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static String contentHash(byte[] tgz) {
		try {
			return contentHash(NpmPackage.fromPackage(new ByteArrayInputStream(tgz)));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static IgPackage fromClasspath(String resource) {
		ClassPathResource r = new ClassPathResource(resource);
		try (InputStream in = r.getInputStream()) {
			return new IgPackage(in.readAllBytes());
		} catch (IOException e) {
			throw new UncheckedIOException("IG package not found on the classpath: " + resource, e);
		}
	}

	public byte[] bytes() {
		return bytes.clone();
	}

	public String name() {
		return npm.name();
	}

	public String version() {
		return npm.version();
	}

	public String sha256() {
		return sha256;
	}

	/** The package's StructureDefinitions (profiles and extensions), snapshots included. */
	public List<StructureDefinition> structureDefinitions(FhirContext ctx) {
		List<StructureDefinition> out = new ArrayList<>();
		try {
			for (String file : npm.listResources("StructureDefinition")) {
				try (InputStream in = npm.loadResource(file)) {
					out.add(ctx.newJsonParser().parseResource(StructureDefinition.class, in));
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out;
	}
}
