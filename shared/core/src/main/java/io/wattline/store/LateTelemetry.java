package io.wattline.store;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Machine-days (UTC) that received telemetry after the hourly anomaly detection last looked at them: a gateway's
 * buffer sent after an outage, a backfill, corrected readings, production counts that came in late. The data
 * function notes them as it stores such rows (for production and weather, every machine of the factory, whose
 * baselines may read them); the anomaly function's {@code anomaly_detect} job judges each day again and then marks it
 * judged. A day noted again while it is judged stays pending. Rows older than {@link #MAX_AGE} are history being
 * loaded, not late data: they are not noted (judging a year's import would fill the active anomalies with the past).
 */
public interface LateTelemetry {
    /** Nothing is noted (a function or test wired without it). */
    LateTelemetry NONE = new LateTelemetry() {
        @Override
        public void note(UUID machineId, Collection<LocalDate> days) {}

        @Override
        public List<Pending> pending(int limit) {
            return List.of();
        }

        @Override
        public boolean judged(Pending day) {
            return true;
        }

        @Override
        public boolean failed(Pending day) {
            return true;
        }
    };

    /**
     * How old a row must be, when stored, to be noted: the hourly job judges the last 3 whole hours before it runs, so
     * its next run still covers a row up to 2 hours old (a production count posted just after its hour is not late).
     */
    java.time.Duration AFTER = java.time.Duration.ofHours(2);
    /** How old a row may be, when stored, to be noted: older ones are history being loaded ({@code anomaly/detect} judges them on request). */
    java.time.Duration MAX_AGE = java.time.Duration.ofDays(7);
    /** Runs that try a day whose detection fails before it is dropped (so it cannot block the days behind it). */
    int ATTEMPTS = 3;

    /** A machine's UTC day waiting to be judged; {@code mark} changes each time the day is noted. */
    record Pending(UUID machineId, LocalDate day, String mark) {}

    /** Notes the machine's UTC days as changed (again, if they already wait). */
    void note(UUID machineId, Collection<LocalDate> days);

    /** At most {@code limit} waiting days, by machine and then day. */
    List<Pending> pending(int limit);

    /** Marks the day judged, unless it was noted again since {@code day} was read (then it stays, and false). */
    boolean judged(Pending day);

    /**
     * Counts a failed attempt at the day; after {@link #ATTEMPTS} it is dropped and true is answered (a day noted again
     * meanwhile starts afresh).
     */
    boolean failed(Pending day);
}
