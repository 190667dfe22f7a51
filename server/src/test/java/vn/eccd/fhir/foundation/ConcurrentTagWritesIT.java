package vn.eccd.fhir.foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.eccd.fhir.support.TestData.COMMUNE_HAM_RONG;
import static vn.eccd.fhir.support.TestData.SID_PERSONAL_ID;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.growth.GrowthMeasurements;
import vn.eccd.fhir.support.AbstractFhirServerIT;
import vn.eccd.fhir.support.TestData;

/**
 * Commune systems send visits concurrently, and every visit carries the same meta.profile / meta.tag /
 * meta.security values as the others. With HAPI's default tag storage those values are shared TagDefinition
 * rows whose entity instances HAPI caches across transactions; under concurrent growth visits (measurements
 * whose derivation reads them back in the same transaction) one cached instance ended up in two open
 * Hibernate sessions and the visit failed with HTTP 500 ("Illegal attempt to associate a collection with two
 * open sessions: TagDefinition.myResourceVersions"). The server stores tags inline (FhirStorageConfig); this
 * test drives that workload and wants every visit accepted, and the labels readable and searchable.
 */
class ConcurrentTagWritesIT extends AbstractFhirServerIT {

	private static final int CLIENTS = 6;
	private static final int VISITS_PER_CLIENT = 8;
	private static final String TAG_SYSTEM = "https://fhir.eccd.vn/CodeSystem/test-submission-batch";
	private static final String SECURITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
	private static final String SD = "https://fhir.eccd.vn/StructureDefinition/";

	@Test
	void concurrentGrowthVisitsCarryingTheSameLabelsAreAllAccepted() throws Exception {
		// the station exists before the burst (concurrent conditional creates of one station are another matter);
		// a facility code of its own, so that the other tests still see their stations created by themselves
		Organization station = TestData.communeHealthStation(COMMUNE_HAM_RONG, "Phường Hàm Rồng", "38761");
		Reference stationRef = new Reference(client.create().resource(station)
				.conditionalByUrl("Organization?identifier=" + TestData.SID_FACILITY + "|38761").execute()
				.getId().toUnqualifiedVersionless());
		// labels never seen by this database before the test: the first visits create them, the others reuse them
		String batch = "batch-" + UUID.randomUUID();
		String purpose = "P" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		List<Future<List<HttpResponse<String>>>> clients = new ArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		try {
			for (int c = 0; c < CLIENTS; c++) {
				List<String> visits = visitsOfOneChild(stationRef, batch, purpose, c);
				clients.add(pool.submit(() -> {
					start.await();
					List<HttpResponse<String>> responses = new ArrayList<>();
					for (String visit : visits) {
						responses.add(http("POST", "/fhir", "application/fhir+json", visit));
					}
					return responses;
				}));
			}
			start.countDown();
			for (Future<List<HttpResponse<String>>> c : clients) {
				for (HttpResponse<String> r : c.get(300, TimeUnit.SECONDS)) {
					assertThat(r.statusCode()).as("visit labelled %s: %s", batch, r.body()).isEqualTo(200);
				}
			}
		} finally {
			pool.shutdownNow();
		}

		Bundle labelled = client.search().forResource(Observation.class).withTag(TAG_SYSTEM, batch)
				.count(500).returnBundle(Bundle.class).execute();
		assertThat(labelled.getEntry()).as("measurements found by _tag").hasSize(CLIENTS * VISITS_PER_CLIENT * 2);
		Observation measurement = (Observation) labelled.getEntryFirstRep().getResource();
		assertThat(measurement.getMeta().getSecurity(SECURITY_SYSTEM, purpose)).isNotNull();
		assertThat(measurement.getMeta().getProfile()).extracting(p -> p.getValue())
				.containsAnyOf(SD + "eccd-body-weight", SD + "eccd-body-length-lying");

		Bundle weights = client.search().forResource(Observation.class).withTag(TAG_SYSTEM, batch)
				.withProfile(SD + "eccd-body-weight").count(500).returnBundle(Bundle.class).execute();
		assertThat(weights.getEntry()).as("weights found by _tag and _profile").hasSize(CLIENTS * VISITS_PER_CLIENT);
		Bundle bySecurity = client.search().forResource(Observation.class)
				.withSecurity(SECURITY_SYSTEM, purpose).count(500).returnBundle(Bundle.class).execute();
		assertThat(bySecurity.getEntry()).as("measurements found by _security").hasSize(CLIENTS * VISITS_PER_CLIENT * 2);

		Bundle derived = client.search().forResource(Observation.class)
				.where(Observation.SUBJECT.hasId(measurement.getSubject().getReference()))
				.withTag(GrowthMeasurements.RECORD_ORIGIN_SYSTEM, GrowthMeasurements.DERIVED)
				.count(500).returnBundle(Bundle.class).execute();
		assertThat(derived.getEntry()).as("z-scores derived from the child's visits").isNotEmpty();
	}

	/** Monthly growth visits of one child as its commune system sends them, each one transaction. */
	private static List<String> visitsOfOneChild(Reference station, String batch, String purpose, int client) {
		Patient child = TestData.child("Nguyễn", "Minh Khang", AdministrativeGender.MALE, "2024-03-1" + client,
				COMMUNE_HAM_RONG, "Phường Hàm Rồng");
		child.getMeta().addProfile(SD + "eccd-child");
		child.setManagingOrganization(station);
		String childId = child.getIdentifierFirstRep().getValue();
		List<String> visits = new ArrayList<>();
		LocalDate date = LocalDate.of(2024, 5, 10 + client);
		for (int v = 0; v < VISITS_PER_CLIENT; v++, date = date.plusMonths(1)) {
			Bundle visit = new Bundle().setType(Bundle.BundleType.TRANSACTION);
			String childUrl = "urn:uuid:" + UUID.nameUUIDFromBytes(childId.getBytes());
			visit.addEntry().setFullUrl(childUrl).setResource(child).getRequest()
					.setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
					.setIfNoneExist("identifier=" + SID_PERSONAL_ID + "|" + childId);
			Reference subject = new Reference(childUrl);
			addMeasurement(visit, measurement(subject, station, date, "29463-7", "eccd-body-weight",
					6.8 + 0.35 * v, "kg"), batch, purpose);
			addMeasurement(visit, measurement(subject, station, date, "8306-3", "eccd-body-length-lying",
					63.0 + 1.4 * v, "cm"), batch, purpose);
			visits.add(FHIR.newJsonParser().encodeResourceToString(visit));
		}
		return visits;
	}

	private static Observation measurement(Reference subject, Reference station, LocalDate date, String loinc,
			String profile, double value, String unit) {
		Observation o = new Observation();
		o.getMeta().addProfile(SD + profile);
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
				.setCode("vital-signs");
		o.getCode().addCoding().setSystem(TestData.LOINC).setCode(loinc);
		o.setSubject(subject);
		o.addPerformer(station);
		o.setEffective(new DateTimeType(date.toString()));
		o.setValue(new Quantity().setValue(BigDecimal.valueOf(value).setScale(1, java.math.RoundingMode.HALF_UP))
				.setUnit(unit).setSystem("http://unitsofmeasure.org").setCode(unit));
		return o;
	}

	private static void addMeasurement(Bundle visit, Observation o, String batch, String purpose) {
		o.getMeta().addTag(TAG_SYSTEM, batch, "Lô gửi thử nghiệm");
		o.getMeta().addSecurity(SECURITY_SYSTEM, purpose, null);
		visit.addEntry().setResource(o).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
	}
}
