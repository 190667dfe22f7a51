package vn.eccd.fhir.growth;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import vn.eccd.fhir.growth.GrowthChartRenderer.Panel;
import vn.eccd.fhir.growth.GrowthChartRenderer.Point;
import vn.eccd.fhir.growth.GrowthDerivation.Visit;

/**
 * {@code GET /charts/growth/{patientId}}: the child's growth chart for clinicians, an HTML page with inline SVG
 * (weight-for-age, length/height-for-age and, when measured, head circumference-for-age), WHO curves −3 … +3 SD
 * for the child's sex and the child's own measurements.
 */
@RestController
public class GrowthChartController {

	public static final String PATH = "/charts/growth/";
	private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
	private static final MediaType HTML = new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8);

	private final DaoRegistry daoRegistry;
	private final GrowthDerivationService service;
	private final GrowthDerivation derivation;
	private final GrowthChartRenderer renderer;

	public GrowthChartController(DaoRegistry daoRegistry, GrowthDerivationService service, GrowthDerivation derivation,
			WhoGrowthCalculator calculator) {
		this.daoRegistry = daoRegistry;
		this.service = service;
		this.derivation = derivation;
		this.renderer = new GrowthChartRenderer(calculator.tables());
	}

	@GetMapping(PATH + "{patientId}")
	public ResponseEntity<String> chart(@PathVariable("patientId") String patientId) {
		if (!FHIR_ID.matcher(patientId).matches()) {
			return page(HttpStatus.BAD_REQUEST, "Not a FHIR resource id: " + patientId);
		}
		@SuppressWarnings("unchecked")
		IFhirResourceDao<Patient> patients = daoRegistry.getResourceDao(Patient.class);
		Patient patient;
		try {
			patient = patients.read(new IdType("Patient", patientId), GrowthDerivationService.internalRequest());
		} catch (ResourceNotFoundException e) {
			return page(HttpStatus.NOT_FOUND, "No patient Patient/" + patientId);
		} catch (ResourceGoneException e) {
			return page(HttpStatus.GONE, "Patient/" + patientId + " was deleted");
		}
		Optional<Sex> sex = GrowthDerivation.sexOf(patient);
		if (sex.isEmpty() || GrowthDerivation.ageInDays(patient, "2000-01-01").isEmpty()) {
			return page(HttpStatus.UNPROCESSABLE_ENTITY,
					"Patient/" + patientId + " has no sex (male/female) or no full birth date: WHO charts need both");
		}
		Map<GrowthIndicator, List<Point>> points = new EnumMap<>(GrowthIndicator.class);
		for (Map.Entry<Visit, List<Observation>> visit : service.measurementsByVisit("Patient/" + patientId).entrySet()) {
			GrowthDerivation.Result result;
			try {
				result = derivation.derive(patient, visit.getKey(), visit.getValue());
			} catch (RuntimeException e) {
				continue; // a visit that cannot be assessed (e.g. dated before the birth date) is not plotted
			}
			GrowthAssessment a = result.assessment();
			if (a == null) {
				continue;
			}
			double days = a.input().ageInDays();
			String date = visit.getKey().date();
			add(points, a, GrowthIndicator.WEIGHT_FOR_AGE, days, a.input().weightKg(), date);
			add(points, a, GrowthIndicator.LENGTH_HEIGHT_FOR_AGE, days, a.adjustedLengthHeightCm(), date);
			add(points, a, GrowthIndicator.HEAD_CIRCUMFERENCE_FOR_AGE, days, a.input().headCircumferenceCm(), date);
		}
		List<Panel> panels = new ArrayList<>();
		panels.add(new Panel(GrowthIndicator.WEIGHT_FOR_AGE, points.getOrDefault(GrowthIndicator.WEIGHT_FOR_AGE, List.of())));
		panels.add(new Panel(GrowthIndicator.LENGTH_HEIGHT_FOR_AGE,
				points.getOrDefault(GrowthIndicator.LENGTH_HEIGHT_FOR_AGE, List.of())));
		if (points.containsKey(GrowthIndicator.HEAD_CIRCUMFERENCE_FOR_AGE)) {
			panels.add(new Panel(GrowthIndicator.HEAD_CIRCUMFERENCE_FOR_AGE,
					points.get(GrowthIndicator.HEAD_CIRCUMFERENCE_FOR_AGE)));
		}
		String html = renderer.html(name(patient), sex.get(), patient.getBirthDateElement().getValueAsString(), panels);
		return ResponseEntity.ok().contentType(HTML).header("Cache-Control", "no-store").body(html);
	}

	private static void add(Map<GrowthIndicator, List<Point>> points, GrowthAssessment a, GrowthIndicator indicator,
			double days, Double value, String date) {
		if (value == null) {
			return;
		}
		ZScore z = a.zScores().get(indicator);
		points.computeIfAbsent(indicator, i -> new ArrayList<>())
				.add(new Point(days, value, z == null ? null : z.z(), z != null && z.flagged(), date));
	}

	private static String name(Patient patient) {
		for (HumanName name : patient.getName()) {
			if (name.hasText()) {
				return name.getText();
			}
			if (name.hasFamily() || name.hasGiven()) {
				return (name.getFamily() == null ? "" : name.getFamily() + " ") + name.getGivenAsSingleString();
			}
		}
		return "Patient/" + patient.getIdElement().getIdPart();
	}

	private static ResponseEntity<String> page(HttpStatus status, String message) {
		String html = "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>" + status.value()
				+ "</title></head><body><h1>" + status.value() + " " + status.getReasonPhrase() + "</h1><p>"
				+ GrowthChartRenderer.esc(message) + "</p></body></html>";
		return ResponseEntity.status(status).contentType(HTML).body(html);
	}
}
