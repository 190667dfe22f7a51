package vn.eccd.fhir.ig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.eccd.fhir.support.AbstractFhirServerIT;

/**
 * The IG in the running server (PostgreSQL): the package is installed at start-up, profiles are listed in the
 * CapabilityStatement, conformance resources are readable, $expand/$lookup work, every example is accepted,
 * invalid counterparts are refused with 422 and the FHIRPath location of the problem, and a commune system's
 * visit bundle is accepted whole (or refused whole).
 */
class IgValidationIT extends AbstractFhirServerIT {

	private static final String SD = "https://fhir.eccd.vn/StructureDefinition/";
	private static final String CS = "https://fhir.eccd.vn/CodeSystem/";
	private static volatile boolean examplesLoaded;

	@BeforeEach
	void loadExamplesOnce() {
		if (examplesLoaded) {
			return;
		}
		synchronized (IgValidationIT.class) {
			if (examplesLoaded) {
				return;
			}
			// others' code systems (vaccines, antigens, growth indicators, nutrition status): create unless present
			for (Resource dep : IgExamples.testDependencies(FHIR)) {
				String url = ((MetadataResource) dep).getUrl();
				client.create().resource(dep.setId((String) null)).conditionalByUrl(dep.fhirType() + "?url=" + url).execute();
			}
			Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
			// z-scores and nutrition status are derived by the server (growth capability): clients cannot write them
			IgExamples.examples(FHIR).forEach((key, r) -> {
				if (!isServerDerived(r)) {
					// examples that point at a derived finding point at its source measurement instead
					FHIR.newTerser().getAllPopulatedChildElementsOfType(r, Reference.class).forEach(ref -> {
						if (ref.getReference() != null && ref.getReference().startsWith("Observation/nutrition-an-12m")) {
							ref.setReference("Observation/weight-an-12m");
						}
					});
					tx.addEntry().setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(key);
				}
			});
			try {
				Bundle response = client.transaction().withBundle(tx).execute();
				assertThat(response.getEntry()).hasSize(tx.getEntry().size());
			} catch (BaseServerResponseException e) {
				fail("the IG examples were refused: " + e.getResponseBody());
			}
			examplesLoaded = true;
		}
	}

	static boolean isServerDerived(Resource r) {
		return r.getMeta().getProfile().stream().map(p -> p.getValue())
				.anyMatch(p -> p.endsWith("/eccd-growth-zscore") || p.endsWith("/eccd-nutrition-status"));
	}

	@Test
	void capabilityStatementListsOurProfiles() {
		CapabilityStatement cs = client.capabilities().ofType(CapabilityStatement.class).execute();
		Map<String, List<String>> profiles = new java.util.HashMap<>();
		cs.getRestFirstRep().getResource().forEach(r -> profiles.put(r.getType(),
				r.getSupportedProfile().stream().map(p -> p.getValue()).toList()));
		assertThat(profiles.get("Patient")).contains(SD + "eccd-patient", SD + "eccd-child", SD + "eccd-mother");
		assertThat(profiles.get("Observation")).contains(SD + "eccd-body-weight", SD + "eccd-growth-zscore",
				SD + "eccd-nutrition-status", SD + "eccd-development-domain-result");
		assertThat(profiles.get("Immunization")).contains(SD + "eccd-immunization");
		assertThat(profiles.get("EpisodeOfCare")).contains(SD + "eccd-pregnancy");
	}

	@Test
	void conformanceResourcesAreReadable() {
		Bundle sds = client.search().byUrl("StructureDefinition?url=" + SD + "eccd-child").returnBundle(Bundle.class).execute();
		assertThat(sds.getEntry()).hasSize(1);
		StructureDefinition child = (StructureDefinition) sds.getEntryFirstRep().getResource();
		assertThat(child.getSnapshot().getElement()).extracting(e -> e.getId()).contains("Patient.identifier:personalId.value");
		Bundle css = client.search().byUrl("CodeSystem?url=" + CS + "vn-admin-unit-2025").returnBundle(Bundle.class).execute();
		assertThat(css.getEntry()).hasSize(1);
		assertThat(((CodeSystem) css.getEntryFirstRep().getResource()).getCount()).isEqualTo(34 + 3321);
		Bundle vss = client.search().byUrl("ValueSet?url=https://fhir.eccd.vn/ValueSet/vn-ethnicity").returnBundle(Bundle.class).execute();
		assertThat(vss.getEntry()).hasSize(1);
		Bundle cms = client.search().byUrl("ConceptMap?url=https://fhir.eccd.vn/ConceptMap/vn-admin-unit-pre2025-to-2025")
				.returnBundle(Bundle.class).execute();
		assertThat(cms.getEntry()).hasSize(1);
	}

	@Test
	void expandAndLookupOurCodeSystems() throws Exception {
		ValueSet expanded = client.operation().onType(ValueSet.class).named("$expand")
				.withParameter(Parameters.class, "url", new org.hl7.fhir.r4.model.UriType("https://fhir.eccd.vn/ValueSet/vn-ethnicity"))
				.returnResourceType(ValueSet.class).execute();
		assertThat(expanded.getExpansion().getContains()).hasSize(54);
		assertThat(expanded.getExpansion().getContains()).anyMatch(c -> c.getCode().equals("03") && c.getDisplay().equals("Thái"));

		Parameters ethnicity = lookup(CS + "vn-ethnicity", "08");
		assertThat(ethnicity.getParameter("display").getValue().primitiveValue()).isEqualTo("HMông");

		// the administrative units are stored in the terminology tables in the background (deferred storage)
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (true) {
			try {
				Parameters commune = lookup(CS + "vn-admin-unit-2025", "14845");
				assertThat(commune.getParameter("display").getValue().primitiveValue()).isEqualTo("Xã Mường Lát");
				Parameters old = lookup(CS + "vn-admin-unit-pre2025", "14758");
				assertThat(old.getParameter("display").getValue().primitiveValue()).isEqualTo("Phường Đông Thọ");
				break;
			} catch (BaseServerResponseException e) {
				if (System.nanoTime() > deadline) {
					throw e;
				}
				Thread.sleep(2000);
			}
		}
	}

	private Parameters lookup(String system, String code) {
		return client.operation().onType(CodeSystem.class).named("$lookup")
				.withParameter(Parameters.class, "system", new org.hl7.fhir.r4.model.UriType(system))
				.andParameter("code", new org.hl7.fhir.r4.model.CodeType(code))
				.execute();
	}

	@Test
	void everyExampleIsStoredWithItsProfile() {
		Patient child = client.read().resource(Patient.class).withId("child-lo-van-minh").execute();
		assertThat(child.getMeta().getProfile().get(0).getValue()).isEqualTo(SD + "eccd-child");
		Immunization imm = client.read().resource(Immunization.class).withId("imm-minh-penta1").execute();
		assertThat(imm.getVaccineCode().getCodingFirstRep().getCode()).isEqualTo("dtp-hepb-hib");
	}

	// ---------------------------------------------------------------- invalid counterparts

	record Invalid(String name, String example, Consumer<Resource> mutation, String expectedLocation, String expectedText) {
		@Override
		public String toString() {
			return name;
		}
	}

	static Stream<Arguments> invalidCounterparts() {
		return Stream.of(
				new Invalid("child without birth date", "Patient/child-lo-van-minh",
						r -> ((Patient) r).setBirthDate(null), "Patient", "Patient.birthDate: minimum required = 1"),
				new Invalid("child with an 11-digit personal ID", "Patient/child-lo-van-minh",
						r -> ((Patient) r).getIdentifierFirstRep().setValue("03822400012"), "Patient.identifier[0].value", "eccd-pid-1"),
				new Invalid("child with a malformed health-insurance number", "Patient/child-lo-van-minh",
						r -> ((Patient) r).getIdentifier().get(1).setValue("TE13838240001"), "Patient.identifier[1].value", "eccd-bhyt-1"),
				new Invalid("child in an unknown commune", "Patient/child-lo-van-minh",
						r -> adminUnit(((Patient) r).getAddressFirstRep().getExtensionFirstRep()).setCode("99999"),
						"Patient.address[0].extension[0].value", "99999"),
				new Invalid("child with a pre-2025 code under the 2025 list", "Patient/child-nguyen-bao-an",
						r -> adminUnit(((Patient) r).getAddressFirstRep().getExtensionFirstRep()).setSystem(CS + "vn-admin-unit-2025").setCode("15721"),
						"Patient.address[0].extension[0].value", "15721"),
				new Invalid("child with an unknown ethnicity code", "Patient/child-lo-van-minh",
						r -> ((Coding) ((Patient) r).getExtensionByUrl(SD + "ethnicity").getValue()).setCode("55"),
						"Patient.extension[0].value", "vn-ethnicity"),
				new Invalid("child without managing health station", "Patient/child-lo-van-minh",
						r -> ((Patient) r).setManagingOrganization(null), "Patient", "Patient.managingOrganization"),
				new Invalid("mother recorded as male", "Patient/mother-lo-thi-hoa",
						r -> ((Patient) r).setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.MALE), "Patient.gender", "female"),
				new Invalid("health station with a 4-digit facility code", "Organization/tyt-muong-lat",
						r -> ((Organization) r).getIdentifierFirstRep().setValue("3810"), "Organization.identifier[0].value", "eccd-fac-1"),
				new Invalid("admin area without physical type", "Location/commune-14845",
						r -> ((Location) r).setPhysicalType(null), "Location", "Location.physicalType"),
				new Invalid("immunization with an unknown vaccine code", "Immunization/imm-minh-bcg",
						r -> ((Immunization) r).getVaccineCode().getCodingFirstRep().setCode("bcg-xyz"), "Immunization.vaccineCode", "bcg-xyz"),
				new Invalid("immunization with only a CVX code", "Immunization/imm-minh-bcg",
						r -> ((Immunization) r).getVaccineCode().getCodingFirstRep().setSystem("http://hl7.org/fhir/sid/cvx").setCode("19"),
						"Immunization.vaccineCode", "vn-epi-vaccine"),
				new Invalid("immunization without performer", "Immunization/imm-minh-bcg",
						r -> ((Immunization) r).getPerformer().clear(), "Immunization", "Immunization.performer"),
				new Invalid("weight in pounds", "Observation/weight-minh-6m",
						r -> ((Quantity) ((Observation) r).getValue()).setCode("[lb_av]").setUnit("lb"), "Observation.value", "kg"),
				new Invalid("weight without value", "Observation/weight-minh-6m",
						r -> ((Observation) r).setValue(null), "Observation", "Observation.value[x]"),
				new Invalid("negative length", "Observation/length-minh-6m",
						r -> ((Quantity) ((Observation) r).getValue()).setValue(-66.5), "Observation.value", "eccd-val-1"),
				new Invalid("head circumference without date", "Observation/hc-minh-6m",
						r -> ((Observation) r).setEffective(null), "Observation", "Observation.effective[x]"),
				new Invalid("MUAC in mm", "Observation/muac-minh-12m",
						r -> ((Quantity) ((Observation) r).getValue()).setCode("mm"), "Observation.value", "cm"),
				new Invalid("oedema as a quantity", "Observation/oedema-minh-12m",
						r -> ((Observation) r).setValue(new Quantity(1)), "Observation.value", "boolean"),
				new Invalid("breastfeeding status with an unknown category", "Observation/bf-minh-4m",
						r -> ((Observation) r).getValueCodeableConcept().getCodingFirstRep().setCode("sometimes"),
						"Observation.value", "sometimes"),
				new Invalid("pregnancy without EDD", "EpisodeOfCare/pregnancy-hoa-2026",
						r -> ((EpisodeOfCare) r).getExtension().removeIf(e -> e.getUrl().endsWith("pregnancy-edd")),
						"EpisodeOfCare", "EpisodeOfCare.extension:edd"),
				new Invalid("ANC contact outside a pregnancy", "Encounter/anc-hoa-1",
						r -> ((Encounter) r).getEpisodeOfCare().clear(), "Encounter", "Encounter.episodeOfCare"),
				new Invalid("delivery with an unknown birth attendant", "Encounter/delivery-hoa-2024",
						r -> ((Encounter) r).getParticipantFirstRep().getTypeFirstRep().getCodingFirstRep().setCode("neighbour"),
						"Encounter.participant[0].type[0]", "neighbour"),
				new Invalid("birth weight in pounds", "Observation/birthweight-minh",
						r -> ((Quantity) ((Observation) r).getValue()).setCode("[lb_av]"), "Observation.value", "[lb_av]"),
				new Invalid("vitamin A with an unknown product", "MedicationAdministration/vita-minh-2024-12",
						r -> ((MedicationAdministration) r).getMedicationCodeableConcept().getCodingFirstRep().setCode("vitamin-z"),
						"MedicationAdministration.medication", "vitamin-z"),
				new Invalid("care plan without activity", "CarePlan/cp-minh-development",
						r -> ((CarePlan) r).getActivity().clear(), "CarePlan", "CarePlan.activity"),
				new Invalid("referral with an unknown category", "ServiceRequest/ref-minh-development",
						r -> ((ServiceRequest) r).getCategoryFirstRep().getCodingFirstRep().setCode("astrology"),
						"ServiceRequest.category[0]", "astrology"),
				new Invalid("referral task not based on a referral", "Task/task-ref-minh",
						r -> ((Task) r).getBasedOn().clear(), "Task", "Task.basedOn"),
				new Invalid("coverage with a malformed card number", "Coverage/cov-minh",
						r -> ((Coverage) r).getIdentifierFirstRep().setValue("TE-138"), "Coverage.identifier[0].value", "eccd-bhyt-1"),
				new Invalid("developmental result not derived from a questionnaire", "Observation/ecd-minh-2026-learning",
						r -> ((Observation) r).getDerivedFrom().clear(), "Observation", "Observation.derivedFrom"))
				.map(Arguments::of);
	}

	private static Coding adminUnit(Extension e) {
		return (Coding) e.getValue();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidCounterparts")
	void invalidCounterpartIsRefusedWith422AndLocation(Invalid invalid) {
		Resource resource = IgExamples.example(FHIR, invalid.example());
		invalid.mutation().accept(resource);
		resource.setId((String) null);
		String body = FHIR.newJsonParser().encodeResourceToString(resource);
		HttpResponse<String> response = http("POST", "/fhir/" + resource.fhirType(), "application/fhir+json", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
		List<OperationOutcome.OperationOutcomeIssueComponent> errors = outcome.getIssue().stream()
				.filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR && i.hasExpression()).toList();
		assertThat(errors).as(response.body()).isNotEmpty();
		assertThat(errors).as(response.body()).anySatisfy(issue -> {
			assertThat(issue.getExpression().get(0).getValue()).startsWith(invalid.expectedLocation());
			assertThat(issue.getDiagnostics()).contains(invalid.expectedText());
		});
		// the first issue names the profile in plain words
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("does not conform to https://fhir.eccd.vn/StructureDefinition/");
	}

	@Test
	void aResourceWithoutMetaProfileIsValidatedAgainstTheDefaultProfileForItsCode() {
		Observation weight = (Observation) IgExamples.example(FHIR, "Observation/weight-minh-6m");
		weight.setMeta(null);
		weight.setId((String) null);
		((Quantity) weight.getValue()).setCode("g");
		HttpResponse<String> response = http("POST", "/fhir/Observation", "application/fhir+json",
				FHIR.newJsonParser().encodeResourceToString(weight));
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.body()).contains("eccd-body-weight");
	}

	// ---------------------------------------------------------------- commune system visit bundle

	private Bundle visitBundle(String personalId, String vaccineCode) {
		Patient child = (Patient) IgExamples.example(FHIR, "Patient/child-lo-van-minh");
		child.setId((String) null);
		child.getIdentifier().clear();
		child.addIdentifier().setSystem("https://fhir.eccd.vn/sid/vn-personal-id").setValue(personalId);
		child.addIdentifier().setSystem("https://fhir.eccd.vn/sid/record/38101").setValue("HS-" + personalId);
		child.getNameFirstRep().setText("Hà Thị Mai").setFamily("Hà").getGiven().clear();
		child.getNameFirstRep().addGiven("Thị").addGiven("Mai");
		child.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
		child.getExtension().removeIf(e -> e.getUrl().endsWith("/mother"));
		String childUuid = "urn:uuid:" + UUID.randomUUID();
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		tx.addEntry().setFullUrl(childUuid).setResource(child).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
				.setIfNoneExist("identifier=https://fhir.eccd.vn/sid/record/38101|HS-" + personalId);
		for (String id : List.of("Observation/weight-minh-6m", "Observation/length-minh-6m", "Observation/hc-minh-6m",
				"Observation/muac-minh-12m", "Observation/oedema-minh-12m")) {
			Observation o = (Observation) IgExamples.example(FHIR, id);
			o.setId((String) null);
			o.setSubject(new Reference(childUuid));
			o.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2024-09-12T09:00:00+07:00"));
			tx.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(o).getRequest()
					.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		}
		Immunization imm = (Immunization) IgExamples.example(FHIR, "Immunization/imm-minh-penta1");
		imm.setId((String) null);
		imm.setPatient(new Reference(childUuid));
		imm.getVaccineCode().getCodingFirstRep().setCode(vaccineCode);
		tx.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(imm).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Immunization");
		return tx;
	}

	@Test
	void aCommuneSystemsVisitBundleIsAccepted() {
		String pid = "038324" + String.format("%06d", Math.floorMod(UUID.randomUUID().hashCode(), 1_000_000));
		Bundle response = client.transaction().withBundle(visitBundle(pid, "dtp-hepb-hib")).execute();
		assertThat(response.getEntry()).hasSize(7);
		assertThat(response.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
	}

	@Test
	void aVisitBundleWithOneBadEntryIsRefusedWholeAndNothingIsWritten() {
		String pid = "038324" + String.format("%06d", Math.floorMod(UUID.randomUUID().hashCode(), 1_000_000));
		Bundle bad = visitBundle(pid, "polio-xyz");
		HttpResponse<String> response = http("POST", "/fhir", "application/fhir+json", FHIR.newJsonParser().encodeResourceToString(bad));
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.body()).contains("Immunization.vaccineCode").contains("polio-xyz");
		Bundle found = client.search().byUrl("Patient?identifier=https://fhir.eccd.vn/sid/vn-personal-id|" + pid)
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).isEmpty();
	}
}
