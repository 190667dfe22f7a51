package vn.eccd.fhir.growth;

import java.util.Locale;
import java.util.Optional;

/** How a length/height was measured: lying down (recumbent length) or standing (height). */
public enum MeasuringPosition {
	LYING("lying"),
	STANDING("standing");

	private final String code;

	MeasuringPosition(String code) {
		this.code = code;
	}

	public String code() {
		return code;
	}

	public static Optional<MeasuringPosition> fromCode(String code) {
		if (code == null) {
			return Optional.empty();
		}
		return switch (code.trim().toLowerCase(Locale.ROOT)) {
			case "lying", "l", "recumbent" -> Optional.of(LYING);
			case "standing", "h" -> Optional.of(STANDING);
			default -> Optional.empty();
		};
	}
}
