package vn.eccd.fhir.ig;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The IG's examples (package/example in the classpath package) and the test copies of others' code systems. */
final class IgExamples {

	private IgExamples() {}

	/** Examples by "Type/id", parsed fresh on each call so tests may mutate them. */
	static Map<String, Resource> examples(FhirContext ctx) {
		Map<String, Resource> out = new LinkedHashMap<>();
		try (InputStream in = new ClassPathResource("vn/eccd/ig/package.tgz").getInputStream()) {
			NpmPackage npm = NpmPackage.fromPackage(in);
			NpmPackage.NpmPackageFolder folder = npm.getFolders().get("example");
			for (String file : folder.listFiles()) {
				if (!file.endsWith(".json") || file.startsWith(".")) {
					continue;
				}
				Resource r = (Resource) ctx.newJsonParser().parseResource(new String(folder.fetchFile(file), java.nio.charset.StandardCharsets.UTF_8));
				out.put(r.fhirType() + "/" + r.getIdElement().getIdPart(), r);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out;
	}

	static Resource example(FhirContext ctx, String typeAndId) {
		Resource r = examples(ctx).get(typeAndId);
		if (r == null) {
			throw new IllegalArgumentException("no example " + typeAndId);
		}
		return r;
	}

	/** CodeSystems/ValueSets owned by other capabilities (vaccines, antigens, growth indicators, nutrition status). */
	static List<Resource> testDependencies(FhirContext ctx) {
		List<Resource> out = new ArrayList<>();
		try {
			for (org.springframework.core.io.Resource r : new PathMatchingResourcePatternResolver()
					.getResources("classpath:vn/eccd/fhir/ig/test-deps/*.json")) {
				try (InputStream in = r.getInputStream()) {
					out.add((Resource) ctx.newJsonParser().parseResource(in));
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out;
	}
}
