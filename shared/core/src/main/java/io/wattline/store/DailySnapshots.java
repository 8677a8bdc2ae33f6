package io.wattline.store;

import java.time.LocalDate;
import java.util.Collection;
import java.util.UUID;

/**
 * What is kept per machine and local day, derived from its telemetry (the KPI function's daily snapshots), as the
 * ingestion sees it: data that arrives late for a finished day makes that day's summary stale, so the day is
 * forgotten and the next read derives it again from the roll-ups the same write updated.
 */
public interface DailySnapshots {
    /** Forgets the machine's summaries of these local days (those that exist; the others are no work). */
    void forget(UUID machineId, Collection<LocalDate> days);
}
