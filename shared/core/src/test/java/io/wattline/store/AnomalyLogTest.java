package io.wattline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hours models are not fitted on: a machine's incidents, not its new level. */
class AnomalyLogTest {
    static final UUID PRESS = UUID.randomUUID(), OTHER = UUID.randomUUID();
    static final Instant DAY = Instant.parse("2026-12-01T00:00:00Z");

    static AnomalyLog.Entry entry(UUID machine, String type, int fromHour, int hours) {
        return new AnomalyLog.Entry(UUID.randomUUID().toString(), machine, DAY.plus(Duration.ofHours(fromHour)).plusSeconds(600),
                DAY.plus(Duration.ofHours(fromHour + hours)), type, "high", "unresolved");
    }

    static Set<Instant> hours(int... h) {
        return java.util.Arrays.stream(h).mapToObj(i -> DAY.plus(Duration.ofHours(i))).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void aSpikeTakesTheHoursEitherSideAStuckMeterItsOwnAndOtherMachinesNone() {
        AnomalyLog log = (from, to) -> List.of(entry(PRESS, "energy_spike", 10, 1), entry(PRESS, "stuck_meter", 20, 2),
                entry(OTHER, "energy_drop", 5, 1), entry(PRESS, "off_hours_consumption", 2, 1));
        assertEquals(hours(9, 10, 11, 20, 21), log.incidentHours(PRESS, DAY, DAY.plus(Duration.ofDays(2))));
        // only the hours inside the window asked about
        assertEquals(hours(11), log.incidentHours(PRESS, DAY.plus(Duration.ofHours(11)), DAY.plus(Duration.ofHours(12))));
    }

    @Test
    void aSpikeOrDropOfMoreThanADayIsTheMachinesNewLevelAndStaysIn() {
        AnomalyLog log = (from, to) -> List.of(entry(PRESS, "energy_drop", 0, 30), entry(PRESS, "stuck_meter", 40, 30));
        Set<Instant> out = log.incidentHours(PRESS, DAY, DAY.plus(Duration.ofDays(4)));
        // the 30-hour drop is a new level; a meter stuck 30 hours is wrong data however long
        assertEquals(30, out.size(), out.toString());
        assertEquals(DAY.plus(Duration.ofHours(40)), out.stream().min(Instant::compareTo).orElseThrow());
    }
}
