package vn.eccd.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.util.FhirTerser;
import vn.eccd.bench.Geography.Commune;

/**
 * Writes what the communes would send:
 * <ul>
 * <li>{@code bundles/stations.ndjson}: one transaction bundle per province creating its commune health stations
 * (send first);</li>
 * <li>{@code bundles/<communeCode>.ndjson.gz}: that commune's transaction bundles, one per visit/event per line, in
 * date order; every entry is a conditional create ({@code ifNoneExist=identifier=system|value}) with an urn:uuid
 * fullUrl, so a bundle can be re-sent harmlessly and in any order relative to other communes;</li>
 * <li>{@code ndjson/<ResourceType>.ndjson}: every resource once, with a stable client id and literal references,
 * for bulk import;</li>
 * <li>{@code summary.md}: counts and realised distributions.</li>
 * </ul>
 */
public final class OutputWriter implements Generator.Sink, AutoCloseable {
	static final String VISIT_ID_PREFIX = "visit-";

	private final Path dir;
	private final boolean ndjson;
	private final IParser parser;
	private final FhirTerser terser;
	private final Map<String, Writer> ndjsonWriters = new TreeMap<>();
	private final Map<String, List<Generator.Entry>> stationsByProvince = new TreeMap<>();
	private final Map<String, String> stationRefs = new HashMap<>();

	public OutputWriter(Path dir, boolean ndjson) throws IOException {
		this.dir = dir;
		this.ndjson = ndjson;
		FhirContext ctx = FhirContext.forR4Cached();
		this.parser = ctx.newJsonParser().setPrettyPrint(false);
		this.terser = ctx.newTerser();
		Files.createDirectories(dir.resolve("bundles"));
		if (ndjson) {
			Files.createDirectories(dir.resolve("ndjson"));
		}
	}

	@Override
	public void commune(Commune commune, Generator.Entry station, List<Generator.Visit> visits) {
		stationsByProvince.computeIfAbsent(commune.provinceCode(), k -> new ArrayList<>()).add(station);
		stationRefs.put(station.urn(), "Organization/" + station.ndjsonId());
		Path file = dir.resolve("bundles").resolve(commune.code() + ".ndjson.gz");
		Map<String, String> refs = new HashMap<>(stationRefs);
		Set<String> written = new HashSet<>();
		try (Writer w = gz(file)) {
			int n = 0;
			for (Generator.Visit v : visits) {
				n++;
				Bundle b = transaction(v.entries());
				String facility = station.ifNoneExist().substring(station.ifNoneExist().indexOf('|') + 1);
				b.setIdentifier(new Identifier().setSystem(Conventions.SID_RECORD + facility)
						.setValue(VISIT_ID_PREFIX + v.kind() + "-" + n));
				w.write(parser.encodeResourceToString(b));
				w.write('\n');
				for (Generator.Entry e : v.entries()) {
					refs.put(e.urn(), e.resource().fhirType() + "/" + e.ndjsonId());
				}
				if (ndjson) {
					for (Generator.Entry e : v.entries()) {
						if (e != station && written.add(e.urn())) {
							writeNdjson(e, refs);
						}
					}
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static Bundle transaction(List<Generator.Entry> entries) {
		Bundle b = new Bundle();
		b.setType(Bundle.BundleType.TRANSACTION);
		for (Generator.Entry e : entries) {
			b.addEntry().setFullUrl(e.urn()).setResource(e.resource()).getRequest().setMethod(Bundle.HTTPVerb.POST)
					.setUrl(e.resource().fhirType()).setIfNoneExist(e.ifNoneExist());
		}
		return b;
	}

	/** The bulk-import form of a resource: its stable id and literal references. */
	static Resource ndjsonForm(FhirTerser terser, Generator.Entry e, Map<String, String> refs) {
		Resource copy = e.resource().copy();
		copy.setId(e.ndjsonId());
		for (Reference r : terser.getAllPopulatedChildElementsOfType(copy, Reference.class)) {
			String target = r.getReference();
			if (target != null && target.startsWith("urn:uuid:")) {
				String literal = refs.get(target);
				if (literal == null) {
					throw new IllegalStateException("unresolved " + target + " in " + e.ndjsonId());
				}
				r.setReference(literal);
			}
		}
		return copy;
	}

	private void writeNdjson(Generator.Entry e, Map<String, String> refs) throws IOException {
		Resource copy = ndjsonForm(terser, e, refs);
		Writer w = ndjsonWriters.get(copy.fhirType());
		if (w == null) {
			w = Files.newBufferedWriter(dir.resolve("ndjson").resolve(copy.fhirType() + ".ndjson"), StandardCharsets.UTF_8);
			ndjsonWriters.put(copy.fhirType(), w);
		}
		w.write(parser.encodeResourceToString(copy));
		w.write('\n');
	}

	private static Writer gz(Path file) throws IOException {
		OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16);
		return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
	}

	public void finish(Summary summary, Generator.Config cfg) throws IOException {
		try (Writer w = Files.newBufferedWriter(dir.resolve("bundles").resolve("stations.ndjson"), StandardCharsets.UTF_8)) {
			for (Map.Entry<String, List<Generator.Entry>> p : stationsByProvince.entrySet()) {
				Bundle b = transaction(p.getValue()); // no submission id: the loader reports it as kind "stations"
				w.write(parser.encodeResourceToString(b));
				w.write('\n');
				if (ndjson) {
					for (Generator.Entry e : p.getValue()) {
						writeNdjson(e, stationRefs);
					}
				}
			}
		}
		Files.writeString(dir.resolve("summary.md"), summary.markdown(cfg), StandardCharsets.UTF_8);
	}

	@Override
	public void close() throws IOException {
		for (Writer w : ndjsonWriters.values()) {
			w.close();
		}
	}
}
