package vn.eccd.fhir.igbuild;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Build step of the IG (run by exec-maven-plugin in the {@code profiles} module, never shipped): completes the
 * staged FHIR NPM package folder.
 * <ol>
 * <li>generates the administrative-unit CodeSystems, ValueSets and the pre-2025 → 2025 ConceptMap from the
 * CSV files of the terminology module ({@link AdminUnitTerminology});</li>
 * <li>generates the snapshot of every StructureDefinition that has only a differential, with HAPI's snapshot
 * generator over the FHIR R4 core definitions (hapi-fhir-validation-resources-r4, no network);</li>
 * <li>writes the package's {@code .index.json} files (package folder and {@code example/}).</li>
 * </ol>
 * Arguments: {@code <package dir> <admin-units dir>}.
 */
public final class IgPackageBuilder {

	public static final String CANONICAL = "https://fhir.eccd.vn";

	private IgPackageBuilder() {}

	public static void main(String[] args) throws Exception {
		if (args.length < 2) {
			throw new IllegalArgumentException("usage: IgPackageBuilder <package dir> <admin-units dir>");
		}
		Path packageDir = Path.of(args[0]);
		Path adminUnitsDir = Path.of(args[1]);
		FhirContext ctx = FhirContext.forR4Cached();
		IParser parser = ctx.newJsonParser().setPrettyPrint(false);

		long t0 = System.nanoTime();
		for (Resource r : AdminUnitTerminology.build(adminUnitsDir)) {
			write(parser, r, packageDir.resolve(r.fhirType() + "-" + r.getIdElement().getIdPart() + ".json"));
		}
		long t1 = System.nanoTime();
		int snapshots = generateSnapshots(ctx, packageDir);
		long t2 = System.nanoTime();
		writeIndex(ctx, packageDir);
		Path examples = packageDir.resolve("example");
		if (Files.isDirectory(examples)) {
			writeIndex(ctx, examples);
		}
		System.out.printf("[ig] admin-unit terminology %d ms, %d snapshots %d ms%n",
				(t1 - t0) / 1_000_000, snapshots, (t2 - t1) / 1_000_000);
	}

	static int generateSnapshots(FhirContext ctx, Path packageDir) throws IOException {
		IParser parser = ctx.newJsonParser();
		Map<Path, StructureDefinition> definitions = new LinkedHashMap<>();
		PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(ctx);
		for (Path file : jsonFiles(packageDir)) {
			Resource r;
			try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				r = (Resource) parser.parseResource(reader);
			}
			if (r instanceof StructureDefinition sd) {
				definitions.put(file, sd);
				if (sd.hasSnapshot()) {
					ours.addStructureDefinition(sd);
				}
			} else if (r instanceof ValueSet vs) {
				ours.addValueSet(vs);
			} else if (r instanceof CodeSystem cs) {
				ours.addCodeSystem(cs);
			}
		}
		ValidationSupportChain chain = new ValidationSupportChain(
				new DefaultProfileValidationSupport(ctx),
				ours,
				new InMemoryTerminologyServerValidationSupport(ctx),
				new CommonCodeSystemsTerminologyService(ctx),
				new SnapshotGeneratingValidationSupport(ctx));
		// Each definition joins the chain only once it has its snapshot (the generator would otherwise try to
		// use an extension or base profile whose snapshot is still empty). Bases first: a profile built on one of ours needs that one's snapshot.
		List<Map.Entry<Path, StructureDefinition>> ordered = new ArrayList<>(definitions.entrySet());
		// extensions before the profiles that use them, bases before derived profiles
		ordered.sort(Comparator.comparingInt(e -> depth(e.getValue(), definitions) * 2
				+ ("Extension".equals(e.getValue().getType()) ? 0 : 1)));
		int generated = 0;
		for (Map.Entry<Path, StructureDefinition> entry : ordered) {
			StructureDefinition sd = entry.getValue();
			if (sd.hasSnapshot() && !sd.getSnapshot().getElement().isEmpty()) {
				continue;
			}
			StructureDefinition withSnapshot = (StructureDefinition) chain.generateSnapshot(
					new ValidationSupportContext(chain), sd, sd.getUrl(), CANONICAL, sd.getName());
			if (withSnapshot == null || !withSnapshot.hasSnapshot()) {
				throw new IllegalStateException("No snapshot generated for " + sd.getUrl());
			}
			List<String> problems = new ArrayList<>();
			withSnapshot.getSnapshot().getElement().forEach(e -> {
				if (e.getPath() == null) {
					problems.add("element without path");
				}
			});
			if (!problems.isEmpty()) {
				throw new IllegalStateException(sd.getUrl() + ": " + problems);
			}
			ours.addStructureDefinition(withSnapshot);
			write(ctx.newJsonParser().setPrettyPrint(true), withSnapshot, entry.getKey());
			generated++;
		}
		return generated;
	}

	private static int depth(StructureDefinition sd, Map<Path, StructureDefinition> all) {
		int depth = 0;
		String base = sd.getBaseDefinition();
		while (base != null && base.startsWith(CANONICAL) && depth < 10) {
			depth++;
			String current = base;
			base = all.values().stream().filter(s -> current.equals(s.getUrl()))
					.map(StructureDefinition::getBaseDefinition).findFirst().orElse(null);
		}
		return depth;
	}

	static void writeIndex(FhirContext ctx, Path dir) throws IOException {
		IParser parser = ctx.newJsonParser();
		StringBuilder out = new StringBuilder("{\n  \"index-version\": 1,\n  \"files\": [");
		boolean first = true;
		for (Path file : jsonFiles(dir)) {
			Resource r;
			try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				r = (Resource) parser.parseResource(reader);
			}
			out.append(first ? "\n" : ",\n");
			first = false;
			out.append("    {\"filename\": ").append(quote(file.getFileName().toString()))
					.append(", \"resourceType\": ").append(quote(r.fhirType()))
					.append(", \"id\": ").append(quote(r.getIdElement().getIdPart()));
			if (r instanceof MetadataResource m) {
				if (m.hasUrl()) {
					out.append(", \"url\": ").append(quote(m.getUrl()));
				}
				if (m.hasVersion()) {
					out.append(", \"version\": ").append(quote(m.getVersion()));
				}
			}
			if (r instanceof StructureDefinition sd) {
				out.append(", \"kind\": ").append(quote(sd.getKind().toCode()))
						.append(", \"type\": ").append(quote(sd.getType()));
			}
			if (r instanceof CodeSystem cs && cs.hasContent()) {
				out.append(", \"content\": ").append(quote(cs.getContent().toCode()));
			}
			out.append('}');
		}
		out.append("\n  ]\n}\n");
		Files.writeString(dir.resolve(".index.json"), out, StandardCharsets.UTF_8);
	}

	static List<Path> jsonFiles(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(Files::isRegularFile)
					.filter(p -> p.getFileName().toString().endsWith(".json"))
					.filter(p -> !p.getFileName().toString().equals("package.json"))
					.filter(p -> !p.getFileName().toString().startsWith("."))
					.sorted()
					.toList();
		}
	}

	static void write(IParser parser, Resource r, Path file) throws IOException {
		Files.createDirectories(file.getParent());
		Files.writeString(file, parser.encodeResourceToString(r), StandardCharsets.UTF_8);
	}

	private static String quote(String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}
}
