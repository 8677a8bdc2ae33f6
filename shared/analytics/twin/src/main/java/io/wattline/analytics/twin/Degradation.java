package io.wattline.analytics.twin;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The degradation of an asset, advanced once per simulated second by the batch model's score.
 *
 * <ul>
 *   <li>severity = 0 if score &lt; 0.65, else (score − 0.65) ÷ 0.35;</li>
 *   <li>damage rate = severity² × 0.005 per second; DI = min(1, DI + rate × dt); DI never
 *       decreases (only a purge sets it back to 0);</li>
 *   <li>health = round((1 − DI) × 100); RUL hours = (1 − DI) ÷ rate ÷ 3600, or 99999 when the
 *       rate is below 1e−9 and life is left (a fully worn motor, DI 1, has none: 0 even at rest, where the
 *       formula is 0 ÷ 0; a reset one read 99999 h at health 0);</li>
 *   <li>risk: health ≤ 25 CRITICAL, ≤ 50 HIGH, ≤ 75 MODERATE, else LOW;</li>
 *   <li>events when DI crosses 0.15, 0.30, 0.50, 0.75 and reaches 1 (an addition: the end of life), and when the status turns between HEALTHY
 *       and ANOMALY_DETECTED after 2 consecutive anomalous (or healthy) seconds;</li>
 *   <li>maintenance window: max(7, (1 − DI)² × 90) days with no active damage; with active damage,
 *       the remaining life in days, at most that; 0 days at DI 1.</li>
 * </ul>
 *
 * @param di           degradation index in [0, 1]
 * @param rate         damage rate of the last second (per second)
 * @param score        batch score of the last second
 * @param status       HEALTHY or ANOMALY_DETECTED
 * @param anomalousRun consecutive anomalous seconds up to the last one
 * @param healthyRun   consecutive healthy seconds up to the last one
 */
public record Degradation(double di, double rate, double score, Status status, int anomalousRun, int healthyRun)
        implements Serializable {
    public enum Status { HEALTHY, ANOMALY_DETECTED }

    public enum Risk { LOW, MODERATE, HIGH, CRITICAL }

    public static final double SEVERITY_ONSET = 0.65;
    public static final double SEVERITY_SPAN = 0.35;
    public static final double DAMAGE_PER_SECOND = 0.005;
    public static final double[] THRESHOLDS = {0.15, 0.30, 0.50, 0.75};
    public static final int CONSECUTIVE = 2;
    public static final double RUL_NONE = 99999;

    public static final Degradation NEW = new Degradation(0, 0, 0, Status.HEALTHY, 0, 0);

    /** A motor worn to {@code di} that takes no damage now (stopped, calibrating, or just calibrated again). */
    public static Degradation atRest(double di) {
        return di > 0 ? new Degradation(Math.min(1, di), 0, 0, Status.HEALTHY, 0, 0) : NEW;
    }

    /** A second's outcome: the new degradation and the events it raised. */
    public record Step(Degradation next, List<TwinEvent> events) {}

    public static double severity(double score) {
        return score < SEVERITY_ONSET ? 0 : (Math.min(1, score) - SEVERITY_ONSET) / SEVERITY_SPAN;
    }

    public static double damageRate(double score) {
        double s = severity(score);
        return s * s * DAMAGE_PER_SECOND;
    }

    /**
     * Advances by {@code dt} seconds with the batch score and the batch's verdict.
     *
     * @param second    the simulated second, for the events
     * @param anomalous whether the batch was flagged (the threshold depends on the state)
     */
    public Step advance(long second, double batchScore, boolean anomalous, double dt) {
        double r = damageRate(batchScore);
        double next = Math.min(1.0, di + r * dt);
        List<TwinEvent> events = new ArrayList<>(2);
        for (double t : THRESHOLDS) {
            if (di < t && next >= t) {
                Degradation after = new Degradation(next, r, batchScore, status, 0, 0);
                // the event is as grave as the risk it reports: CRITICAL with a critical risk (0.75), else a warning
                events.add(new TwinEvent(second, TwinEvent.DEGRADATION_THRESHOLD,
                        after.risk() == Risk.CRITICAL ? "CRITICAL" : "WARNING",
                        String.format(Locale.ROOT, "Degradation index crossed %.2f (health %d, risk %s)", t,
                                after.health(), after.risk()), next));
            }
        }
        if (di < 1.0 && next >= 1.0) { // the end the thresholds warn of: no event said the motor's life was used up
            events.add(new TwinEvent(second, TwinEvent.DEGRADATION_THRESHOLD, "CRITICAL",
                    "Degradation index reached 1.00: the motor's modelled life is used up (health 0, RUL 0 h)", next));
        }
        int aRun = anomalous ? anomalousRun + 1 : 0;
        int hRun = anomalous ? 0 : healthyRun + 1;
        Status st = status;
        if (st == Status.HEALTHY && aRun >= CONSECUTIVE) {
            st = Status.ANOMALY_DETECTED;
            events.add(new TwinEvent(second, TwinEvent.ANOMALY_DETECTED, "WARNING",
                    String.format(Locale.ROOT, "Anomaly detected: %d consecutive anomalous seconds (score %.2f)",
                            CONSECUTIVE, batchScore), next));
        } else if (st == Status.ANOMALY_DETECTED && hRun >= CONSECUTIVE) {
            st = Status.HEALTHY;
            events.add(new TwinEvent(second, TwinEvent.RECOVERED, "INFO",
                    String.format(Locale.ROOT, "Back to healthy: %d consecutive healthy seconds", CONSECUTIVE), next));
        }
        return new Step(new Degradation(next, r, batchScore, st, aRun, hRun), events);
    }

    public int health() {
        return (int) Math.round((1 - di) * 100);
    }

    public double rulHours() {
        if (di >= 1) return 0;
        return rate < 1e-9 ? RUL_NONE : (1 - di) / rate / 3600;
    }

    public Risk risk() {
        int h = health();
        return h <= 25 ? Risk.CRITICAL : h <= 50 ? Risk.HIGH : h <= 75 ? Risk.MODERATE : Risk.LOW;
    }

    /**
     * The spec's max(7, (1 − DI)² × 90) days without active damage, at most the remaining life with it; 0 for a fully
     * worn motor (DI 1: no life left, as its RUL of 0 h says), where the spec's week would tell a maintenance engineer
     * that a motor at the end of its life can wait.
     */
    public double maintenanceWindowDays() {
        if (di >= 1) return 0;
        double calm = Math.max(7, (1 - di) * (1 - di) * 90);
        return rate < 1e-9 ? calm : Math.min(calm, rulHours() / 24);
    }
}
