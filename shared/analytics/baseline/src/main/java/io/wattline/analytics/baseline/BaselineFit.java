package io.wattline.analytics.baseline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained baseline and its evidence: accuracy on the held-out tail (the figures a user is told) and on the
 * training part, each driver's coefficient, importance and p-value, the model's F-test p, and the verdicts of
 * ASHRAE Guideline 14 and of DOE EnPI Lite's validity checks. {@code trainingSamples} counts the samples the model
 * was fitted on, not its held-out tail ({@code heldOut.samples()}).
 */
public record BaselineFit(BaselineModel model, int trainingSamples, Accuracy heldOut, Accuracy inSample,
                          Map<String, Double> coefficients, Map<String, Double> featureImportance,
                          Map<String, Double> driverPValues, double fTestPValue, boolean g14Pass,
                          EnpiValidity enpi) {

    /** EnPI Lite's checks: R² ≥ 0.5, F-test p < 0.10, every driver's p < 0.2 (the drivers that fail are named). */
    public record EnpiValidity(boolean valid, boolean rSquaredOk, boolean fTestOk, List<String> insignificantDrivers) {
        public static final double MIN_R_SQUARED = 0.5, MAX_F_TEST_P = 0.10, MAX_DRIVER_P = 0.2;

        static EnpiValidity of(double rSquared, double fTestP, Map<String, Double> driverP) {
            boolean r2 = rSquared >= MIN_R_SQUARED, f = fTestP < MAX_F_TEST_P;
            List<String> weak = driverP.entrySet().stream().filter(e -> !(e.getValue() < MAX_DRIVER_P))
                    .map(Map.Entry::getKey).toList();
            return new EnpiValidity(r2 && f && weak.isEmpty(), r2, f, weak);
        }
    }

    /** The coefficients with the intercept first, as the seed shows them. */
    public static Map<String, Double> withIntercept(BaselineModel m) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("intercept", m.intercept());
        for (int j = 0; j < m.drivers().size(); j++) out.put(m.drivers().get(j), m.coefficients()[j]);
        return out;
    }

    /**
     * The model in a few sentences that read well aloud: how accurate it is on data it had not seen, what
     * drives it most, and whether it meets G14 and EnPI.
     */
    public String explanation(String machineName) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(java.util.Locale.ROOT,
                "The baseline for %s explains %.0f percent of the variation in energy on data it was not trained on",
                machineName, 100 * Math.max(0, heldOut.rSquared())));
        s.append(String.format(java.util.Locale.ROOT, ", with a typical error of %s kilowatt hours per %s.",
                speakable(heldOut.rmse()), bucketWord(model.granularity())));
        featureImportance.entrySet().stream().max(Map.Entry.comparingByValue()).ifPresent(top -> s.append(String.format(
                java.util.Locale.ROOT, " Its strongest driver is %s, at %.0f percent of the explained variation.",
                top.getKey().replace('_', ' '), 100 * top.getValue())));
        s.append(g14Pass ? " It meets ASHRAE Guideline 14" : " It does not meet ASHRAE Guideline 14");
        s.append(String.format(java.util.Locale.ROOT, " (CV of RMSE %.1f percent, bias %s percent)",
                heldOut.cvRmse(), String.format(java.util.Locale.ROOT, "%.1f", heldOut.nmbe()).replace("-0.0", "0.0")));
        if (enpi.valid()) s.append(" and passes the EnPI validity checks.");
        else if (!enpi.insignificantDrivers().isEmpty()) s.append(" and fails the EnPI checks: "
                + String.join(" and ", enpi.insignificantDrivers()).replace('_', ' ') + " add little.");
        else s.append(" and fails the EnPI validity checks.");
        return s.toString();
    }

    private static String bucketWord(BaselineModel.Granularity g) {
        return switch (g) {
            case MIN15 -> "quarter hour";
            case HOURLY -> "hour";
            case DAILY -> "day";
            case MONTHLY -> "month";
        };
    }

    private static String speakable(double v) {
        return Math.abs(v) >= 10 ? String.format(java.util.Locale.ROOT, "%.0f", v)
                : String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
