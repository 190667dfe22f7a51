package vn.eccd.fhir.growth;

import java.util.Locale;
import java.util.Optional;

/** Sex as the WHO tables use it (column {@code sex}: 1 = male, 2 = female). */
public enum Sex {
	MALE(1, "male"),
	FEMALE(2, "female");

	private final int whoCode;
	private final String fhirCode;

	Sex(int whoCode, String fhirCode) {
		this.whoCode = whoCode;
		this.fhirCode = fhirCode;
	}

	public int whoCode() {
		return whoCode;
	}

	/** The FHIR administrative-gender code (male | female). */
	public String fhirCode() {
		return fhirCode;
	}

	public static Sex fromWhoCode(int code) {
		for (Sex sex : values()) {
			if (sex.whoCode == code) {
				return sex;
			}
		}
		throw new IllegalArgumentException("WHO sex code must be 1 or 2, was " + code);
	}

	/** male | female (FHIR administrative gender); anything else (other, unknown) has no WHO reference. */
	public static Optional<Sex> fromFhirCode(String code) {
		if (code == null) {
			return Optional.empty();
		}
		return switch (code.trim().toLowerCase(Locale.ROOT)) {
			case "male" -> Optional.of(MALE);
			case "female" -> Optional.of(FEMALE);
			default -> Optional.empty();
		};
	}
}
