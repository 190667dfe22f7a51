package vn.eccd.fhir.igbuild;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.ConceptMap.ConceptMapGroupComponent;
import org.hl7.fhir.r4.model.ConceptMap.SourceElementComponent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.ConceptMapEquivalence;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The administrative-unit terminology generated from the terminology module's CSV files (see SOURCE.md
 * there): two code systems, one per list version, because the same 5-digit code can name different
 * territories before and after 1 July 2025; value sets for each list and for "a commune of either list";
 * and the many-to-many pre-2025 → 2025 commune ConceptMap.
 */
public final class AdminUnitTerminology {

	public static final String CS_2025 = IgPackageBuilder.CANONICAL + "/CodeSystem/vn-admin-unit-2025";
	public static final String CS_PRE2025 = IgPackageBuilder.CANONICAL + "/CodeSystem/vn-admin-unit-pre2025";
	private static final String SOURCE_NOTE = "Source: National Statistics Office (Cục Thống kê) list of administrative units, "
			+ "as converted in the terminology module (vn/eccd/terminology/admin-units/SOURCE.md; "
			+ "data via github.com/sunshine-tech/VietnamProvinces).";

	private AdminUnitTerminology() {}

	public static List<Resource> build(Path dir) throws IOException {
		List<Resource> out = new ArrayList<>();
		CodeSystem cs2025 = codeSystem(dir.resolve("vn-admin-units-2025.csv"), "vn-admin-unit-2025", "VnAdminUnit2025",
				"Viet Nam administrative units from 2025-07-01 (34 provinces, 3,321 communes)", "2025-07-01",
				"Provinces and communes in force from 1 July 2025 (two-level local government, no districts), with the "
						+ "NSO statistical codes: province 2 digits, commune 5 digits. A commune is a child of its province.");
		CodeSystem csPre = codeSystem(dir.resolve("vn-admin-units-pre2025.csv"), "vn-admin-unit-pre2025", "VnAdminUnitPre2025",
				"Viet Nam administrative units before 2025-07-01 (63 provinces, 696 districts, 10,051 communes)", "2025-01-04",
				"Provinces, districts and communes as listed on 4 January 2025 (before the 1 July 2025 reorganisation), "
						+ "NSO statistical codes: province 2 digits, district 3 digits, commune 5 digits.");
		out.add(cs2025);
		out.add(csPre);
		out.add(wholeSystemValueSet("vn-admin-unit-2025", "VnAdminUnit2025", "Administrative units from 2025-07-01", CS_2025));
		out.add(wholeSystemValueSet("vn-admin-unit-pre2025", "VnAdminUnitPre2025", "Administrative units before 2025-07-01", CS_PRE2025));
		ValueSet any = wholeSystemValueSet("vn-admin-unit", "VnAdminUnit",
				"Administrative unit of either list (the Coding's system says which)", CS_2025);
		any.getCompose().addInclude().setSystem(CS_PRE2025);
		any.setDescription("Codes of the 2025 list or of the pre-2025 list. The system of the Coding carries the list version: "
				+ "a 5-digit code means nothing without it. " + SOURCE_NOTE);
		out.add(any);
		out.add(conceptMap(dir.resolve("vn-admin-units-2025-mapping.csv")));
		return out;
	}

	private static CodeSystem codeSystem(Path csv, String id, String name, String title, String version, String description)
			throws IOException {
		List<String[]> rows = new ArrayList<>(read(csv));
		// parents before children (stable: keeps the list's order within a level)
		List<String> levels = List.of("province", "district", "commune");
		rows.sort(java.util.Comparator.comparingInt(r -> levels.indexOf(r[2])));
		CodeSystem cs = new CodeSystem();
		cs.setId(id);
		cs.setUrl(IgPackageBuilder.CANONICAL + "/CodeSystem/" + id);
		cs.setVersion(version);
		cs.setName(name);
		cs.setTitle(title);
		cs.setStatus(PublicationStatus.ACTIVE);
		cs.setExperimental(false);
		cs.setPublisher("ECCD FHIR project");
		cs.setDescription(description + " " + SOURCE_NOTE);
		cs.setCaseSensitive(true);
		cs.setHierarchyMeaning(CodeSystem.CodeSystemHierarchyMeaning.PARTOF);
		cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		cs.addProperty().setCode("level").setType(CodeSystem.PropertyType.CODE)
				.setDescription("province | district | commune");
		cs.addProperty().setCode("divisionType").setType(CodeSystem.PropertyType.STRING)
				.setDescription("kind of unit as named in Vietnamese (tỉnh, thành phố trung ương, huyện, quận, xã, phường, thị trấn, đặc khu, ...)");
		Map<String, ConceptDefinitionComponent> byCode = new HashMap<>();
		int count = 0;
		for (String[] row : rows) {
			String code = row[0];
			String display = row[1];
			String level = row[2];
			String parent = row[3];
			ConceptDefinitionComponent concept = new ConceptDefinitionComponent().setCode(code).setDisplay(display);
			concept.addProperty().setCode("level").setValue(new CodeType(level));
			concept.addProperty().setCode("divisionType").setValue(new StringType(row[4]));
			if (parent.isEmpty()) {
				cs.addConcept(concept);
			} else {
				ConceptDefinitionComponent parentConcept = byCode.get(parent);
				if (parentConcept == null) {
					throw new IllegalStateException(csv + ": " + code + " has unknown parent " + parent);
				}
				parentConcept.addConcept(concept);
			}
			byCode.put(code, concept);
			count++;
		}
		cs.setCount(count);
		return cs;
	}

	private static ValueSet wholeSystemValueSet(String id, String name, String title, String system) {
		ValueSet vs = new ValueSet();
		vs.setId(id);
		vs.setUrl(IgPackageBuilder.CANONICAL + "/ValueSet/" + id);
		vs.setVersion("0.1.0");
		vs.setName(name);
		vs.setTitle(title);
		vs.setStatus(PublicationStatus.ACTIVE);
		vs.setExperimental(false);
		vs.setPublisher("ECCD FHIR project");
		vs.setDescription(title + ". " + SOURCE_NOTE);
		vs.getCompose().addInclude().setSystem(system);
		return vs;
	}

	private static ConceptMap conceptMap(Path csv) throws IOException {
		ConceptMap cm = new ConceptMap();
		cm.setId("vn-admin-unit-pre2025-to-2025");
		cm.setUrl(IgPackageBuilder.CANONICAL + "/ConceptMap/vn-admin-unit-pre2025-to-2025");
		cm.setVersion("2025-07-01");
		cm.setName("VnAdminUnitPre2025To2025");
		cm.setTitle("Communes before 1 July 2025 → communes from 1 July 2025");
		cm.setStatus(PublicationStatus.ACTIVE);
		cm.setExperimental(false);
		cm.setPublisher("ECCD FHIR project");
		cm.setDescription("Conversion table of the 2025 reorganisation, one element per old commune, one target per new commune "
				+ "it (partly) went into. Many-to-many: an old commune split between new communes has several targets with "
				+ "equivalence 'inexact'. Use it to migrate addresses and to re-aggregate historical data, never as a 1:1 recode. "
				+ "The comment of a target is the source's Vietnamese remark (Nhập toàn bộ = merged whole, Nhập một phần = part "
				+ "of it, Giữ nguyên = unchanged). " + SOURCE_NOTE);
		cm.setSource(new org.hl7.fhir.r4.model.UriType(IgPackageBuilder.CANONICAL + "/ValueSet/vn-admin-unit-pre2025"));
		cm.setTarget(new org.hl7.fhir.r4.model.UriType(IgPackageBuilder.CANONICAL + "/ValueSet/vn-admin-unit-2025"));
		ConceptMapGroupComponent group = cm.addGroup();
		group.setSource(CS_PRE2025).setSourceVersion("2025-01-04").setTarget(CS_2025).setTargetVersion("2025-07-01");
		Map<String, SourceElementComponent> elements = new LinkedHashMap<>();
		for (String[] row : read(csv)) {
			String newCode = row[0];
			String newName = row[1];
			String oldCode = row[3];
			String oldName = row[4];
			String note = row[9];
			if (oldCode.isEmpty()) {
				continue; // island districts turned into special zones: no old commune
			}
			SourceElementComponent element = elements.computeIfAbsent(oldCode,
					c -> new SourceElementComponent().setCode(c).setDisplay(oldName));
			ConceptMapEquivalence eq;
			if (note.startsWith("Giữ nguyên") || note.startsWith("Đổi loại hình") || note.equals("Đổi tên")) {
				eq = ConceptMapEquivalence.EQUIVALENT;
			} else if (note.startsWith("Nhập toàn bộ") || note.startsWith("Sắp xếp toàn bộ")) {
				eq = ConceptMapEquivalence.WIDER;
			} else {
				eq = ConceptMapEquivalence.INEXACT;
			}
			element.addTarget().setCode(newCode).setDisplay(newName).setEquivalence(eq).setComment(note);
		}
		elements.values().forEach(group::addElement);
		cm.setDateElement(new DateTimeType("2025-07-01"));
		return cm;
	}

	/** Reads a UTF-8 CSV with a header line; fields may be double-quoted (commas inside quotes). */
	static List<String[]> read(Path csv) throws IOException {
		List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		List<String[]> rows = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			if (line.isBlank()) {
				continue;
			}
			List<String> fields = new ArrayList<>();
			StringBuilder field = new StringBuilder();
			boolean quoted = false;
			for (int i = 0; i < line.length(); i++) {
				char c = line.charAt(i);
				if (c == '"') {
					if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
						field.append('"');
						i++;
					} else {
						quoted = !quoted;
					}
				} else if (c == ',' && !quoted) {
					fields.add(field.toString().trim());
					field.setLength(0);
				} else {
					field.append(c);
				}
			}
			fields.add(field.toString().trim());
			rows.add(fields.toArray(String[]::new));
		}
		return rows;
	}
}
