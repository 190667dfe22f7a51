package org.hl7.fhir.utilities;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.exceptions.FHIRException;

/**
 * Replaces HL7's {@code org.hl7.fhir.utilities.OIDUtilities} (org.hl7.fhir.core 6.7.9, BSD-3-Clause, Copyright
 * (c) 2011+ HL7, Inc.) with the same public API and behaviour, except that the OID registry is read once per JVM.
 *
 * <p>Why: the core validator's {@code InstanceValidator} constructor creates a new {@code OIDUtilities}, and the
 * original constructor parses the 1.5 MB {@code oidregistry.csv} every time. HAPI's {@code FhirInstanceValidator}
 * builds a new {@code InstanceValidator} for every validated resource, so with profile validation on, parsing that
 * file was half of the server's CPU while commune systems pushed visit bundles (JFR profile, docs/ig/validation.md).
 * The registry is static data, so one immutable map shared by all instances is equivalent.
 *
 * <p>This class wins over the library's because the application's own classes come first on the class path (the
 * Spring Boot jar's {@code BOOT-INF/classes}, Maven's {@code target/classes}). {@code OidUtilitiesReplacementTest}
 * fails when the library version changes, so the replacement is re-checked against the new upstream class (or
 * removed once upstream caches the registry).
 */
public class OIDUtilities {

	/** Which org.hl7.fhir.core version this class was checked against. */
	public static final String REPLACES_CORE_VERSION = "6.7.9";

	/** One entry of the OID registry. */
	public static class OIDInfo {
		private String oid;
		private String name;
		private String codeSystem;
		private Integer type;

		public String getOid() { return oid; }
		public void setOid(String oid) { this.oid = oid; }
		public String getName() { return name; }
		public void setName(String name) { this.name = name; }
		public String getCodeSystem() { return codeSystem; }
		public void setCodeSystem(String codeSystem) { this.codeSystem = codeSystem; }
		public Integer getType() { return type; }
		public void setType(Integer type) { this.type = type; }

		@Override
		public String toString() {
			return "OID: " + oid + ", Name: " + name + ", CodeSystem: " + codeSystem + ", Type: " + type;
		}
	}

	/** Loaded on first use, once per class loader (lazy holder idiom: thread-safe without locking). */
	private static final class Registry {
		static final Map<String, OIDInfo> OIDS = load();

		private static Map<String, OIDInfo> load() {
			Map<String, OIDInfo> oids = new HashMap<>(65_536);
			try (InputStream in = OIDUtilities.class.getClassLoader().getResourceAsStream("oidregistry.csv");
					BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
				reader.readLine(); // header
				String line;
				while ((line = reader.readLine()) != null) {
					String[] parts = line.split(",");
					if (parts.length >= 4) {
						OIDInfo info = new OIDInfo();
						info.setOid(parts[0].trim());
						info.setType(Integer.parseInt(parts[1].trim()));
						info.setName(parts[2].trim());
						info.setCodeSystem(parts[3].trim());
						oids.put(info.getOid(), info);
					}
				}
			} catch (Exception e) {
				throw new FHIRException(e);
			}
			return Collections.unmodifiableMap(oids);
		}
	}

	private final Map<String, OIDInfo> oidMap;

	public OIDUtilities() {
		this.oidMap = Registry.OIDS;
	}

	public static String getUriForOid(String r) {
		if (r == null) {
			return null;
		}
		switch (r) {
			case "2.16.840.1.113883.6.96": return "http://snomed.info/sct";
			case "2.16.840.1.113883.6.1": return "http://loinc.org";
			case "2.16.840.1.113883.6.8": return "http://unitsofmeasure.org";
			case "2.16.840.1.113883.6.3": return "http://hl7.org/fhir/sid/icd-10";
			case "2.16.840.1.113883.6.42":
			case "2.16.840.1.113883.6.104":
			case "2.16.840.1.113883.6.103": return "http://hl7.org/fhir/sid/icd-9";
			case "2.16.840.1.113883.6.73": return "http://www.whocc.no/atc";
			case "2.16.840.1.113883.3.26.1.1":
			case "2.16.840.1.113883.3.26.1.1.1": return "http://ncimeta.nci.nih.gov";
			case "2.16.840.1.113883.6.88": return "http://www.nlm.nih.gov/research/umls/rxnorm";
			case "2.16.840.1.113883.6.59":
			case "2.16.840.1.113883.12.292": return "http://hl7.org/fhir/sid/cvx";
			case "2.16.840.1.113883.6.12": return "http://www.ama-assn.org/go/cpt";
			default: return null;
		}
	}

	public static String oidTail(String id) {
		if (id == null || !id.contains(".")) {
			return id;
		}
		return id.substring(id.lastIndexOf('.') + 1);
	}

	public static String oidRoot(String id) {
		if (id == null || !id.contains(".")) {
			return id;
		}
		return id.substring(0, id.indexOf('.'));
	}

	public static boolean isValidOID(String oid) {
		return oid.matches("[0-2](\\.(0|[1-9][0-9]*))+");
	}

	public boolean isKnownOID(String url) {
		if (url == null || !url.startsWith("urn:oid:")) {
			return false;
		}
		return oidMap.containsKey(url.substring(8));
	}
}
