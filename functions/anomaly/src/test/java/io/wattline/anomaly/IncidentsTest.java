package io.wattline.anomaly;

import io.wattline.anomaly.store.Anomaly;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IncidentsTest {
    private static final UUID MACHINE = UUID.fromString("c0000000-0000-0000-0000-000000000001");
    private static final Instant DAY = Instant.parse("2026-11-02T00:00:00Z");

    private static Anomaly drift(Instant end, Double deviation) {
        return new Anomaly(Anomaly.idOf(MACHINE, "drift", end.toString()), MACHINE, "Press-1", end, end, "medium", "drift",
                "Energy consumption drifting upward", null, null, deviation, null, Anomaly.UNRESOLVED, null, null, "baseline 1 hourly");
    }

    /** A member without a figure neither adds to nor dilutes the hours it shares: 12 kWh over a day stay 12, not 6. */
    @Test
    void aMemberWithoutADeviationDoesNotHalveTheHoursItShares() {
        Instant end = DAY.plus(Duration.ofHours(24));
        assertEquals(12.0, Incidents.deviationOnce(List.of(drift(end, 12.0), drift(end, null))), 1e-9);
        // overlapping by 12 of their 24 hours: 12 h at 0.5, 12 h at (0.5 + 1) / 2, 12 h at 1
        assertEquals(6 + 9 + 12, Incidents.deviationOnce(List.of(drift(end, 12.0), drift(end.plus(Duration.ofHours(12)), 24.0))), 1e-9);
    }
}
