package io.wattline.domain;

/** Grid emission factor of a region, kg CO2 per kWh. */
public record CarbonFactor(String region, double kgCo2PerKwh) {
    /** Used when a factory's region has no factor of its own (spec/enms.md). */
    public static final double DEFAULT_KG_PER_KWH = 0.45;
}
