package vn.eccd.fhir.immunization;

import org.springframework.web.util.HtmlUtils;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.eccd.fhir.immunization.ImmunizationModel.DoseEvaluation;
import vn.eccd.fhir.immunization.ImmunizationModel.ForecastStatus;
import vn.eccd.fhir.immunization.ImmunizationModel.SeriesForecast;
import vn.eccd.fhir.immunization.PatientImmunizationService.Assessment;
import vn.eccd.fhir.immunization.PatientImmunizationService.Record;

/**
 * Printable vaccination card ({@code GET /cards/vaccination/{patientId}[?date=YYYY-MM-DD]}): Vietnamese with
 * English labels, doses given (date, place, lot, whether the dose counted) and what is due or overdue. Plain
 * HTML with inline CSS (closed network: no external fonts, scripts or CDNs).
 */
@RestController
public class VaccinationCardController {

	private static final DateTimeFormatter VN_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
	private static final MediaType HTML = new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8);

	private final PatientImmunizationService service;
	private final DaoRegistry daoRegistry;

	public VaccinationCardController(PatientImmunizationService service, DaoRegistry daoRegistry) {
		this.service = service;
		this.daoRegistry = daoRegistry;
	}

	@GetMapping(path = "/cards/vaccination/{patientId}")
	public ResponseEntity<String> card(@PathVariable String patientId, @RequestParam(name = "date", required = false) String date) {
		LocalDate asOf;
		try {
			asOf = date == null || date.isBlank() ? null : LocalDate.parse(date);
		} catch (DateTimeParseException e) {
			return error(HttpStatus.BAD_REQUEST, "Ngày không hợp lệ / Invalid date: " + date + " (YYYY-MM-DD)");
		}
		if (!patientId.matches("[A-Za-z0-9\\-.]{1,64}")) {
			return error(HttpStatus.BAD_REQUEST, "Mã bệnh nhân không hợp lệ / Invalid patient id");
		}
		try {
			Assessment a = service.assess(new IdType("Patient", patientId), asOf, null, null, new SystemRequestDetails());
			return ResponseEntity.ok().contentType(HTML).body(render(a));
		} catch (BaseServerResponseException e) {
			return error(HttpStatus.valueOf(e.getStatusCode()), e.getMessage());
		}
	}

	private ResponseEntity<String> error(HttpStatus status, String message) {
		String body = "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Lỗi / Error</title></head><body>"
				+ "<h1>" + status.value() + "</h1><p>" + esc(message) + "</p></body></html>";
		return ResponseEntity.status(status).contentType(HTML).body(body);
	}

	String render(Assessment a) {
		ScheduleCatalog catalog = service.engine().catalog();
		Patient p = a.record().patient();
		StringBuilder h = new StringBuilder(8192);
		String name = p.hasName() ? (p.getNameFirstRep().hasText() ? p.getNameFirstRep().getText()
				: (p.getNameFirstRep().getFamily() + " " + p.getNameFirstRep().getGivenAsSingleString()).trim()) : "";
		h.append("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">")
				.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
				.append("<title>Phiếu tiêm chủng - ").append(esc(name)).append("</title><style>").append(CSS).append("</style></head><body>");
		h.append("<header><div class=\"programme\">Chương trình Tiêm chủng mở rộng <span class=\"en\">Expanded Programme on Immunization</span></div>")
				.append("<h1>PHIẾU TIÊM CHỦNG <span class=\"en\">Vaccination card</span></h1></header>");
		h.append("<section class=\"person\"><table class=\"facts\">");
		row(h, "Họ và tên", "Name", "<strong id=\"patient-name\">" + esc(name) + "</strong>");
		row(h, "Ngày sinh", "Date of birth", vn(a.record().birthDate()));
		row(h, "Giới tính", "Sex", p.getGender() == null ? "" : switch (p.getGender()) {
			case FEMALE -> "Nữ <span class=\"en\">female</span>";
			case MALE -> "Nam <span class=\"en\">male</span>";
			default -> esc(p.getGender().toCode());
		});
		String ids = p.getIdentifier().stream().filter(Identifier::hasValue).map(i -> esc(i.getValue())).collect(Collectors.joining(", "));
		if (!ids.isEmpty()) row(h, "Mã định danh", "Identifier", ids);
		if (p.hasManagingOrganization()) row(h, "Cơ sở quản lý", "Managing facility", esc(organizationName(p.getManagingOrganization())));
		row(h, "Ngày đánh giá", "Assessed on", vn(a.assessmentDate()));
		h.append("</table></section>");

		// doses given
		Map<String, List<DoseEvaluation>> byImmunization = new LinkedHashMap<>();
		List<SeriesForecast> series = a.womanSchedule() ? List.of(a.maternal()) : a.child().series();
		for (SeriesForecast s : series) {
			for (DoseEvaluation e : s.evaluations()) byImmunization.computeIfAbsent(e.dose().id(), k -> new ArrayList<>()).add(e);
		}
		h.append("<section><h2>Các mũi đã tiêm <span class=\"en\">Doses given</span></h2>");
		h.append("<table class=\"doses\" id=\"doses\"><thead><tr>")
				.append(th("Ngày tiêm", "Date")).append(th("Vắc xin", "Vaccine")).append(th("Phòng bệnh (mũi)", "Antigen (dose)"))
				.append(th("Nơi tiêm", "Place")).append(th("Số lô", "Lot")).append("</tr></thead><tbody>");
		if (a.record().records().isEmpty()) {
			h.append("<tr><td colspan=\"5\">Chưa có mũi tiêm nào được ghi nhận <span class=\"en\">no doses recorded</span></td></tr>");
		}
		for (Record r : a.record().records()) {
			Immunization imm = r.resource();
			h.append("<tr class=\"dose\"><td>").append(vn(r.dose().date())).append("</td><td>").append(esc(r.vaccineDisplay()))
					.append("</td><td>");
			List<DoseEvaluation> evals = byImmunization.getOrDefault(r.dose().id(), List.of());
			for (DoseEvaluation e : evals) {
				var antigen = catalog.antigens().get(e.antigen());
				if (e.counted()) {
					h.append("<div>").append(esc(antigen.displayVi())).append(" – mũi ").append(e.doseNumber()).append("</div>");
				} else {
					h.append("<div class=\"invalid\">").append(esc(antigen.displayVi())).append(": không tính <span class=\"en\">not counted</span> – ")
							.append(esc(e.explanation())).append("</div>");
				}
			}
			h.append("</td><td>").append(esc(place(imm))).append("</td><td>").append(esc(imm.getLotNumber())).append("</td></tr>");
		}
		h.append("</tbody></table></section>");

		// what is next
		h.append("<section><h2>Lịch tiêm tiếp theo <span class=\"en\">Next doses</span></h2>");
		h.append("<table class=\"next\" id=\"next\"><thead><tr>").append(th("Phòng bệnh", "Antigen / series")).append(th("Mũi", "Dose"))
				.append(th("Vắc xin", "Vaccine")).append(th("Hẹn tiêm", "Due date")).append(th("Sớm nhất", "Earliest"))
				.append(th("Tình trạng", "Status")).append("</tr></thead><tbody>");
		for (SeriesForecast s : series) {
			if (s.status() == ForecastStatus.COMPLETE) continue;
			if (s.status() == ForecastStatus.AGED_OUT && !s.countsForUpToDate()) continue; // e.g. a missed birth dose: nothing to do any more
			String cls = switch (s.status()) {
				case OVERDUE -> "overdue";
				case DUE -> "due";
				case AGED_OUT -> "agedout";
				default -> "notdue";
			};
			String vaccine = s.recommendedVaccine() == null ? "" : catalog.vaccine(s.recommendedVaccine()).map(ScheduleCatalog.Vaccine::displayVi).orElse("");
			h.append("<tr class=\"").append(cls).append("\" data-series=\"").append(esc(s.seriesId())).append("\"><td>")
					.append(esc(s.titleVi())).append(" <span class=\"en\">").append(esc(s.title())).append("</span></td><td>")
					.append(s.nextDose()).append("/").append(s.requiredDoses()).append("</td><td>").append(esc(vaccine))
					.append("</td><td>").append(s.status() == ForecastStatus.AGED_OUT ? "" : vn(s.dueDate())).append("</td><td>")
					.append(s.status() == ForecastStatus.AGED_OUT ? "" : vn(s.earliestDate())).append("</td><td class=\"status\">")
					.append(esc(s.status().displayVi)).append(" <span class=\"en\">").append(esc(s.status().display)).append("</span></td></tr>");
		}
		h.append("</tbody></table>");
		List<String> complete = series.stream().filter(s -> s.status() == ForecastStatus.COMPLETE && s.requiredDoses() > 0)
				.map(s -> esc(s.titleVi())).toList();
		if (!complete.isEmpty()) {
			h.append("<p class=\"complete\">Đã hoàn thành <span class=\"en\">Complete</span>: ").append(String.join(", ", complete)).append("</p>");
		}
		h.append("</section>");

		if (a.fullImmunization() != null) {
			var f = a.fullImmunization();
			String value = a.assessmentDate().isBefore(f.firstBirthday()) && !f.fullyImmunized()
					? "Chưa đến 1 tuổi <span class=\"en\">not yet one year old</span>"
					: f.fullyImmunized() ? "Có <span class=\"en\">yes</span>" : "Không <span class=\"en\">no</span>";
			h.append("<section class=\"flags\"><table class=\"facts\">");
			row(h, "Tiêm chủng đầy đủ trước 1 tuổi", "Fully immunized before age 1", "<span id=\"fic\">" + value + "</span>");
			row(h, "Tiêm chủng đúng lịch theo tuổi", "Up to date for age", "<span id=\"utd\">"
					+ (a.upToDate().upToDate() ? "Có <span class=\"en\">yes</span>" : "Không <span class=\"en\">no</span>") + "</span>");
			row(h, "VGB sơ sinh trong 24 giờ", "HepB birth dose within 24 h", Boolean.TRUE.equals(a.hepBBirthDoseTimely())
					? "Có <span class=\"en\">yes</span>" : "Không <span class=\"en\">no</span>");
			h.append("</table></section>");
		}
		h.append("<footer>Lịch tiêm theo <span class=\"en\">Schedule</span>: ");
		h.append(catalog.versions().stream().map(v -> esc(v.titleVi()) + " (" + vn(v.effectiveFrom()) + (v.effectiveTo() == null ? "" : " – " + vn(v.effectiveTo())) + ")")
				.collect(Collectors.joining("; ")));
		h.append(". Mũi tiêm sớm hơn tuổi/khoảng cách tối thiểu (trừ 4 ngày) không được tính <span class=\"en\">Doses before the minimum age or interval (less 4 days) do not count</span>.</footer>");
		h.append("</body></html>");
		return h.toString();
	}

	private String place(Immunization imm) {
		List<String> parts = new ArrayList<>();
		for (Immunization.ImmunizationPerformerComponent perf : imm.getPerformer()) {
			if (perf.hasActor()) parts.add(organizationName(perf.getActor()));
		}
		if (imm.hasLocation() && imm.getLocation().hasDisplay()) parts.add(imm.getLocation().getDisplay());
		return String.join(", ", parts);
	}

	private String organizationName(Reference ref) {
		if (ref.hasDisplay()) return ref.getDisplay();
		if (ref.getReferenceElement().getResourceType() != null && ref.getReferenceElement().getResourceType().equals("Organization")) {
			try {
				Organization o = daoRegistry.getResourceDao(Organization.class)
						.read(ref.getReferenceElement().toUnqualifiedVersionless(), new SystemRequestDetails());
				if (o.hasName()) return o.getName();
			} catch (BaseServerResponseException e) {
				// deleted or not readable: show the reference
			}
		}
		return ref.getReference() == null ? "" : ref.getReference();
	}

	private static void row(StringBuilder h, String vi, String en, String valueHtml) {
		h.append("<tr><th>").append(vi).append(" <span class=\"en\">").append(en).append("</span></th><td>").append(valueHtml).append("</td></tr>");
	}

	private static String th(String vi, String en) {
		return "<th>" + vi + "<br><span class=\"en\">" + en + "</span></th>";
	}

	private static String vn(LocalDate d) {
		return d == null ? "" : d.format(VN_DATE);
	}

	/** HTML-escapes text for the page (Spring's escaper: &lt; &gt; &amp; &quot; &#39;); null gives "". */
	static String esc(String s) {
		return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
	}

	private static final String CSS = """
			@page { size: A4; margin: 12mm; }
			body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 11pt; color: #111; margin: 16px; }
			header { border-bottom: 2px solid #0b5394; margin-bottom: 8px; }
			.programme { font-size: 10pt; color: #0b5394; }
			h1 { font-size: 18pt; margin: 4px 0 8px; }
			h2 { font-size: 13pt; margin: 14px 0 6px; color: #0b5394; }
			.en { color: #555; font-size: 0.85em; font-weight: normal; font-style: italic; }
			table { border-collapse: collapse; width: 100%; }
			table.facts { width: auto; }
			table.facts th { text-align: left; padding: 2px 12px 2px 0; font-weight: 600; }
			table.doses th, table.doses td, table.next th, table.next td { border: 1px solid #999; padding: 3px 6px; vertical-align: top; text-align: left; }
			thead th { background: #e8eef7; }
			.invalid { color: #a61c00; }
			tr.overdue td.status { color: #fff; background: #cc0000; font-weight: bold; }
			tr.due td.status { background: #fff2cc; font-weight: bold; }
			tr.agedout td.status { color: #666; }
			tr.overdue td.status .en { color: inherit; }
			footer { margin-top: 16px; font-size: 9pt; color: #444; border-top: 1px solid #ccc; padding-top: 4px; }
			@media print { body { margin: 0; } thead th { background: none; } tr { page-break-inside: avoid; }
			  tr.overdue td.status { color: #000; background: none; text-decoration: underline; } }
			""";
}
