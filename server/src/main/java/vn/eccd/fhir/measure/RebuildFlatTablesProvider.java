package vn.eccd.fhir.measure;

import ca.uhn.fhir.rest.annotation.Operation;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import vn.eccd.fhir.measure.flat.FlatTableRebuilder;

/** {@code POST /fhir/$rebuild-flat-tables}: recreates the flattened tables from the stored resources. */
public class RebuildFlatTablesProvider {

	private final FlatTableRebuilder rebuilder;

	public RebuildFlatTablesProvider(FlatTableRebuilder rebuilder) {
		this.rebuilder = rebuilder;
	}

	@Operation(name = "$rebuild-flat-tables", idempotent = false)
	public Parameters rebuild() {
		FlatTableRebuilder.Result result = rebuilder.rebuild();
		Parameters out = new Parameters();
		out.addParameter("patients", new IntegerType(result.patients()));
		out.addParameter("immunizations", new IntegerType(result.immunizations()));
		out.addParameter("observations", new IntegerType(result.growthObservations()));
		result.sets().forEach((name, count) -> out.addParameter(name, new IntegerType(count)));
		out.addParameter("millis", new IntegerType((int) result.millis()));
		return out;
	}
}
