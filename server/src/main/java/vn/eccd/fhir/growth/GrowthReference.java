package vn.eccd.fhir.growth;

/** Which WHO reference a z-score comes from. */
public enum GrowthReference {
	/** WHO Child Growth Standards (2006), age below 60 months, tabulated by day. */
	WHO_2006,
	/** WHO Growth Reference (2007), 60 months to 19 years, tabulated by month and interpolated. */
	WHO_2007
}
