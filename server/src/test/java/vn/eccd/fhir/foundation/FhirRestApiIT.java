package vn.eccd.fhir.foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.eccd.fhir.support.TestData.COMMUNE_HAM_RONG;
import static vn.eccd.fhir.support.TestData.SID_PERSONAL_ID;

import ca.uhn.fhir.jpa.dao.BulkHashingResourceHistoryCalculator;
import ca.uhn.fhir.jpa.dao.ResourceHistoryCalculator;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.eccd.fhir.support.AbstractFhirServerIT;
import vn.eccd.fhir.support.TestData;

/** The REST behaviour every later capability relies on, over HTTP against PostgreSQL. */
class FhirRestApiIT extends AbstractFhirServerIT {

	private Patient newChild(String family, String given, AdministrativeGender gender, String birthDate) {
		return TestData.child(family, given, gender, birthDate, COMMUNE_HAM_RONG, "Phường Hàm Rồng");
	}

	private String identifierValue(Patient patient) {
		return patient.getIdentifierFirstRep().getValue();
	}

	@Test
	void capabilityStatementDescribesAnR4ServerWithPatientEverything() {
		CapabilityStatement capability = client.capabilities().ofType(CapabilityStatement.class).execute();

		assertThat(capability.getFhirVersion().toCode()).isEqualTo("4.0.1");
		assertThat(capability.getSoftware().getName()).isEqualTo("ECCD FHIR Server");
		CapabilityStatement.CapabilityStatementRestResourceComponent patient = capability.getRestFirstRep()
				.getResource().stream().filter(r -> r.getType().equals("Patient")).findFirst().orElseThrow();
		assertThat(patient.getOperation()).extracting(CapabilityStatement.CapabilityStatementRestResourceOperationComponent::getName)
				.contains("everything");
		assertThat(capability.getRestFirstRep().getInteraction())
				.extracting(i -> i.getCode().toCode()).contains("transaction", "history-system");
	}

	@Test
	void createReadUpdateDeleteAndSearchAChild() {
		Patient child = newChild("Nguyễn", "Thị Lan", AdministrativeGender.FEMALE, "2023-03-14");
		MethodOutcome created = client.create().resource(child).execute();
		IdType id = (IdType) created.getId();
		assertThat(created.getCreated()).isTrue();
		assertThat(id.getVersionIdPart()).isEqualTo("1");

		Patient read = client.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute();
		assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Nguyễn");
		assertThat(read.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Thị Lan");

		read.getNameFirstRep().getGiven().clear();
		read.getNameFirstRep().addGiven("Thị Lành");
		MethodOutcome updated = client.update().resource(read).execute();
		assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");

		Bundle byIdentifier = client.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(SID_PERSONAL_ID, identifierValue(child)))
				.returnBundle(Bundle.class).execute();
		assertThat(byIdentifier.getEntry()).hasSize(1);

		Bundle byName = client.search().forResource(Patient.class)
				.where(Patient.NAME.matches().value("Thị Lành"))
				.and(Patient.BIRTHDATE.exactly().day("2023-03-14"))
				.returnBundle(Bundle.class).execute();
		assertThat(byName.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
				.contains(id.getIdPart());

		client.delete().resourceById(id.toUnqualifiedVersionless()).execute();
		assertThatThrownBy(() -> client.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute())
				.isInstanceOf(ResourceGoneException.class);
	}

	@Test
	void versionsAndHistoryAreKept() {
		Patient child = newChild("Lê", "Văn Nam", AdministrativeGender.MALE, "2022-11-02");
		IdType id = (IdType) client.create().resource(child).execute().getId();
		child.setId(id.toUnqualifiedVersionless());
		child.setBirthDate(new org.hl7.fhir.r4.model.DateType("2022-11-03").getValue());
		client.update().resource(child).execute();

		Bundle history = client.history().onInstance(id.toUnqualifiedVersionless()).returnBundle(Bundle.class).execute();
		assertThat(history.getEntry()).hasSize(2);

		Patient first = client.read().resource(Patient.class).withIdAndVersion(id.getIdPart(), "1").execute();
		assertThat(first.getBirthDateElement().getValueAsString()).isEqualTo("2022-11-02");
	}

	@Autowired
	private ResourceHistoryCalculator historyCalculator;

	@Test
	void anUnchangedUpdateIsNotANewVersion() {
		// HAPI compares the stored SHA-256 of the text with the new one; ours computes it (BulkHashingResourceHistoryCalculator)
		assertThat(historyCalculator).isInstanceOf(BulkHashingResourceHistoryCalculator.class);
		Patient child = newChild("Hoàng", "Thị Ngọc Ánh", AdministrativeGender.FEMALE, "2022-09-09");
		IdType id = (IdType) client.create().resource(child).execute().getId();
		Patient stored = client.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute();
		stored.setId(id.toUnqualifiedVersionless()); // a plain PUT: no If-Match on the version read
		// HAPI's first update of a record created without meta elements stores an empty "meta":{} (tag storage INLINE,
		// docs/database.md): one new version. From then on, re-sending the same record must change nothing.
		String first = client.update().resource(stored).execute().getId().getVersionIdPart();
		MethodOutcome same = client.update().resource(stored).execute();
		assertThat(same.getId().getVersionIdPart()).isEqualTo(first);

		stored.getNameFirstRep().setFamily("Hoàng Thị");
		MethodOutcome changed = client.update().resource(stored).execute();
		assertThat(Integer.parseInt(changed.getId().getVersionIdPart())).isEqualTo(Integer.parseInt(first) + 1);
	}

	@Test
	void conditionalCreateTwiceWithTheSameIdentifierGivesOneResource() {
		Patient child = newChild("Trần", "Minh Khang", AdministrativeGender.MALE, "2021-06-30");
		String search = "Patient?identifier=" + SID_PERSONAL_ID + "|" + identifierValue(child);

		MethodOutcome first = client.create().resource(child).conditionalByUrl(search).execute();
		MethodOutcome second = client.create().resource(child).conditionalByUrl(search).execute();

		assertThat(first.getCreated()).isTrue();
		assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
		assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
		Bundle found = client.search().byUrl(search).returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).hasSize(1);
	}

	@Test
	void conditionalUpdateOnIdentifierCreatesThenUpdates() {
		Patient child = newChild("Phạm", "Thu Hà", AdministrativeGender.FEMALE, "2020-01-20");
		String search = "Patient?identifier=" + SID_PERSONAL_ID + "|" + identifierValue(child);

		MethodOutcome created = client.update().resource(child).conditionalByUrl(search).execute();
		child.getNameFirstRep().setFamily("Phạm Thị");
		MethodOutcome updated = client.update().resource(child).conditionalByUrl(search).execute();

		assertThat(created.getCreated()).isTrue();
		assertThat(updated.getId().getIdPart()).isEqualTo(created.getId().getIdPart());
		assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
	}

	@Test
	void aTransactionThatFailsMidwayLeavesNothingWritten() {
		Patient child = newChild("Hoàng", "Văn Minh", AdministrativeGender.MALE, "2024-02-10");
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setFullUrl("urn:uuid:5e1c3b9a-7d1f-4a0e-9a57-2b8f0c4e6d11").setResource(child)
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		// The second entry points at a child that does not exist: the whole transaction must roll back.
		Observation weight = TestData.weight(new Reference("Patient/does-not-exist-anywhere"), "2024-05-10", 6.4);
		transaction.addEntry().setResource(weight).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		assertThatThrownBy(() -> client.transaction().withBundle(transaction).execute())
				.isInstanceOf(BaseServerResponseException.class)
				.satisfies(e -> assertThat(((BaseServerResponseException) e).getStatusCode()).isBetween(400, 499));

		Bundle found = client.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(SID_PERSONAL_ID, identifierValue(child)))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).isEmpty();
	}

	@Test
	void aVisitTransactionWithConditionalCreatesIsHarmlessToResend() {
		Organization station = TestData.communeHealthStation(COMMUNE_HAM_RONG, "Phường Hàm Rồng", "38758");
		Patient child = newChild("Đỗ", "Gia Bảo", AdministrativeGender.MALE, "2024-09-01");
		Bundle visit = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String stationUrl = "urn:uuid:0b6f7a52-3c1e-4c7e-8a8e-1f0a2d3c4b5e";
		String childUrl = "urn:uuid:7f2d9c1a-5b3e-4f6a-9c8d-0e1f2a3b4c5d";
		child.setManagingOrganization(new Reference(stationUrl));
		visit.addEntry().setFullUrl(stationUrl).setResource(station).getRequest().setMethod(Bundle.HTTPVerb.POST)
				.setUrl("Organization").setIfNoneExist("identifier=" + TestData.SID_FACILITY + "|38758");
		visit.addEntry().setFullUrl(childUrl).setResource(child).getRequest().setMethod(Bundle.HTTPVerb.POST)
				.setUrl("Patient").setIfNoneExist("identifier=" + SID_PERSONAL_ID + "|" + identifierValue(child));
		visit.addEntry().setResource(TestData.weight(new Reference(childUrl), "2024-12-01", 6.9))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation")
				.setIfNoneExist("identifier=https://fhir.eccd.vn/sid/record/38758|obs-20241201-1");
		((Observation) visit.getEntry().get(2).getResource()).addIdentifier()
				.setSystem("https://fhir.eccd.vn/sid/record/38758").setValue("obs-20241201-1");

		Bundle first = client.transaction().withBundle(visit).execute();
		Bundle resent = client.transaction().withBundle(visit).execute();

		assertThat(first.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
		assertThat(resent.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("200"));
		assertThat(resent.getEntry().get(1).getResponse().getLocation())
				.startsWith(first.getEntry().get(1).getResponse().getLocation().replaceAll("/_history/.*", ""));
	}

	@Test
	void batchEntriesSucceedOrFailIndependently() {
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().setResource(newChild("Vũ", "Ngọc Ánh", AdministrativeGender.FEMALE, "2019-12-24"))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/no-such-child");

		Bundle response = client.transaction().withBundle(batch).execute();

		assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
		assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("404");
	}

	@Test
	void searchResultsArePaged() {
		String family = "Bùi" + System.nanoTime() % 100000;
		Bundle batch = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 25; i++) {
			batch.addEntry().setResource(newChild(family, "Văn " + i, AdministrativeGender.MALE, "2021-01-01"))
					.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		}
		client.transaction().withBundle(batch).execute();

		Bundle page1 = client.search().forResource(Patient.class).where(Patient.FAMILY.matchesExactly().value(family))
				.count(10).returnBundle(Bundle.class).execute();
		Bundle page2 = client.loadPage().next(page1).execute();
		Bundle page3 = client.loadPage().next(page2).execute();

		assertThat(page1.getEntry()).hasSize(10);
		assertThat(page2.getEntry()).hasSize(10);
		assertThat(page3.getEntry()).hasSize(5);
		assertThat(page3.getLink(Bundle.LINK_NEXT)).isNull();
	}

	/** Records are coded; the display text of codes is not indexed (eccd.fhir.index-token-text), so :text is refused. */
	@Test
	void searchingTheDisplayTextOfCodesIsRefusedClearly() {
		HttpResponse<String> r = http("GET", "/fhir/Observation?code:text=c%C3%A2n%20n%E1%BA%B7ng", null, null);
		assertThat(r.statusCode()).isEqualTo(405);
		assertThat(r.body()).contains("OperationOutcome").contains(":text");
		assertThat(http("GET", "/fhir/Observation?code=http://loinc.org%7C29463-7&_count=1", null, null).statusCode())
				.isEqualTo(200);
	}

	@Test
	void everythingReturnsTheChildsRecords() {
		IdType childId = (IdType) client.create()
				.resource(newChild("Lò", "Thị Hoa", AdministrativeGender.FEMALE, "2024-04-04")).execute().getId();
		Reference subject = new Reference(childId.toUnqualifiedVersionless());
		IdType w1 = (IdType) client.create().resource(TestData.weight(subject, "2024-06-04", 5.9)).execute().getId();
		IdType w2 = (IdType) client.create().resource(TestData.weight(subject, "2024-08-04", 7.1)).execute().getId();

		Parameters out = client.operation().onInstance(childId.toUnqualifiedVersionless()).named("$everything")
				.withNoParameters(Parameters.class).execute();
		Bundle everything = (Bundle) out.getParameterFirstRep().getResource();

		List<String> ids = everything.getEntry().stream()
				.map(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue()).toList();
		assertThat(ids).contains(childId.toUnqualifiedVersionless().getValue(),
				w1.toUnqualifiedVersionless().getValue(), w2.toUnqualifiedVersionless().getValue());
	}

	@Test
	void malformedJsonGets400WithAnOperationOutcome() {
		HttpResponse<String> response = http("POST", "/fhir/Patient", "application/fhir+json",
				"{\"resourceType\": \"Patient\", \"name\": [ {\"family\": \"Nguyễn\" ");

		assertThat(response.statusCode()).isEqualTo(400);
		OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
	}

	@Test
	void unknownResourceTypeGets404() {
		HttpResponse<String> response = get("/fhir/Spaceship/1");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(FHIR.newJsonParser().parseResource(response.body())).isInstanceOf(OperationOutcome.class);
	}
}
