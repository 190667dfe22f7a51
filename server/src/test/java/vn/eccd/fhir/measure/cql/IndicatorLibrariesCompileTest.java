package vn.eccd.fhir.measure.cql;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cqframework.cql.cql2elm.CqlCompilerException;
import org.cqframework.cql.cql2elm.CqlTranslator;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.ModelManager;
import org.cqframework.cql.cql2elm.quick.FhirLibrarySourceProvider;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.Test;
import vn.eccd.fhir.measure.indicator.IndicatorCatalog;

/**
 * Every indicator Library of the IG compiles without errors, and every Measure of ours that the SQL evaluator
 * implements points to one (the CQL cross-check itself runs in MeasureEvaluationIT).
 */
class IndicatorLibrariesCompileTest {

	@Test
	void everyIndicatorLibraryCompiles() throws Exception {
		List<String> errors = new ArrayList<>();
		int compiled = 0;
		try (InputStream tgz = getClass().getClassLoader().getResourceAsStream("vn/eccd/ig/package.tgz")) {
			NpmPackage npm = NpmPackage.fromPackage(tgz);
			for (String file : npm.listResources("Library")) {
				Library library;
				try (InputStream in = npm.loadResource(file)) {
					library = (Library) FhirContext.forR4Cached().newJsonParser().parseResource(in);
				}
				String cql = new String(library.getContentFirstRep().getData(), StandardCharsets.UTF_8);
				ModelManager models = new ModelManager();
				LibraryManager libraries = new LibraryManager(models);
				libraries.getLibrarySourceLoader().registerProvider(new FhirLibrarySourceProvider());
				CqlTranslator translator = CqlTranslator.fromText(cql, libraries);
				for (CqlCompilerException error : translator.getErrors()) {
					errors.add(library.getName() + ": " + error.getMessage()
							+ (error.getLocator() != null ? " at " + error.getLocator().toLocator() : ""));
				}
				assertThat(translator.toELM().getIdentifier().getId()).isEqualTo(library.getName());
				compiled++;
			}
			assertThat(errors).isEmpty();
			assertThat(compiled).isGreaterThanOrEqualTo(IndicatorCatalog.all().size());
			for (String file : npm.listResources("Measure")) {
				try (InputStream in = npm.loadResource(file)) {
					Measure measure = (Measure) FhirContext.forR4Cached().newJsonParser().parseResource(in);
					assertThat(measure.getLibrary()).hasSize(1);
				}
			}
		}
	}
}
