package vn.eccd.fhir.ig;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.hl7.fhir.utilities.OIDUtilities;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.support.LibraryVersion;

/**
 * Guards the application's replacement of HL7's {@link OIDUtilities} (it caches the OID registry the validator
 * would otherwise parse for every validated resource): it must be the class in use, behave like the original, and
 * be re-checked whenever org.hl7.fhir.core is upgraded.
 */
class OidUtilitiesReplacementTest {

	@Test
	void theLibraryVersionIsTheOneTheReplacementWasCheckedAgainst() {
		assertThat(LibraryVersion.of("ca.uhn.hapi.fhir", "org.hl7.fhir.utilities"))
				.as("org.hl7.fhir.core was upgraded: compare server/src/main/java/org/hl7/fhir/utilities/OIDUtilities.java "
						+ "with the new upstream class (keep it in step, or delete it if upstream now caches the registry)")
				.isEqualTo(OIDUtilities.REPLACES_CORE_VERSION);
	}

	@Test
	void theReplacementIsTheClassInUse() {
		String location = OIDUtilities.class.getProtectionDomain().getCodeSource().getLocation().toString();
		assertThat(location).doesNotContain("org.hl7.fhir.utilities");
	}

	@Test
	void knowsRegisteredOidsLikeTheOriginal() {
		OIDUtilities oids = new OIDUtilities();
		assertThat(oids.isKnownOID("urn:oid:2.16.840.1.113883.6.96")).isTrue(); // SNOMED CT
		assertThat(oids.isKnownOID("urn:oid:2.16.840.1.113883.6.1")).isTrue(); // LOINC
		assertThat(oids.isKnownOID("urn:oid:1.2.3.4.5.6.7.8.9.999999")).isFalse();
		assertThat(oids.isKnownOID("2.16.840.1.113883.6.96")).isFalse(); // not a urn:oid: URL
		assertThat(oids.isKnownOID(null)).isFalse();
		assertThat(OIDUtilities.isValidOID("2.16.840.1.113883.6.96")).isTrue();
		assertThat(OIDUtilities.isValidOID("3.1")).isFalse();
		assertThat(OIDUtilities.isValidOID("1.02")).isFalse();
		assertThat(OIDUtilities.getUriForOid("2.16.840.1.113883.6.1")).isEqualTo("http://loinc.org");
		assertThat(OIDUtilities.getUriForOid("2.16.840.1.113883.12.292")).isEqualTo("http://hl7.org/fhir/sid/cvx");
		assertThat(OIDUtilities.getUriForOid("1.2.3")).isNull();
		assertThat(OIDUtilities.oidTail("1.2.840")).isEqualTo("840");
		assertThat(OIDUtilities.oidRoot("1.2.840")).isEqualTo("1");
	}

	@Test
	void everyInstanceSharesTheRegistryReadOnce() throws Exception {
		Field map = OIDUtilities.class.getDeclaredField("oidMap");
		map.setAccessible(true);
		Object first = map.get(new OIDUtilities());
		assertThat(map.get(new OIDUtilities())).isSameAs(first);
		assertThat((java.util.Map<?, ?>) first).hasSizeGreaterThan(1000);
	}
}
