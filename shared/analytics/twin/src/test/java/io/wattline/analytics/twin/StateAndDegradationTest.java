package io.wattline.analytics.twin;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.wattline.analytics.twin.TwinAction.*;
import static io.wattline.analytics.twin.TwinState.*;
import static org.junit.jupiter.api.Assertions.*;

class StateAndDegradationTest {
    @Test
    void transitionTableOfTheSpec() {
        Map<TwinAction, List<TwinState>> allowed = Map.of(
                CALIBRATE, List.of(IDLE),
                INJECT_FAULT, List.of(MONITORING_HEALTHY),
                RESET, List.of(MONITORING_HEALTHY, FAULT_INJECTION),
                STOP, List.of(MONITORING_HEALTHY, FAULT_INJECTION),
                PURGE, List.of(TwinState.values()));
        for (TwinAction a : TwinAction.values()) {
            for (TwinState s : TwinState.values()) {
                assertEquals(allowed.get(a).contains(s), a.allowedFrom(s), a + " from " + s);
            }
        }
        assertEquals(CALIBRATING, CALIBRATE.target());
        assertEquals(FAULT_INJECTION, INJECT_FAULT.target());
        assertEquals(MONITORING_HEALTHY, RESET.target());
        assertEquals(IDLE, STOP.target());
        assertEquals(IDLE, PURGE.target());
    }

    @Test
    void refusalsTellWhatToDo() {
        assertEquals("Cannot calibrate in state 'MONITORING_HEALTHY'. Must be IDLE. Call POST /system/stop to return"
                + " to IDLE, or POST /system/purge for a deep reset.", CALIBRATE.refusal(MONITORING_HEALTHY).orElseThrow());
        assertTrue(CALIBRATE.refusal(CALIBRATING).orElseThrow().contains("already running"));
        assertEquals("Cannot inject fault in state 'IDLE'. Must be MONITORING_HEALTHY.", INJECT_FAULT.refusal(IDLE).orElseThrow());
        assertEquals("Cannot inject fault in state 'FAULT_INJECTION'. Must be MONITORING_HEALTHY.",
                INJECT_FAULT.refusal(FAULT_INJECTION).orElseThrow());
        assertEquals("Cannot reset in state 'CALIBRATING'. Must be FAULT_INJECTION or MONITORING_HEALTHY.",
                RESET.refusal(CALIBRATING).orElseThrow());
        assertEquals("System is already IDLE.", STOP.refusal(IDLE).orElseThrow());
        assertTrue(STOP.refusal(CALIBRATING).orElseThrow().startsWith("Cannot stop during calibration."));
        assertEquals("started", CALIBRATE.status());
        assertEquals("Fault injection started (MILD JITTER)", INJECT_FAULT.responseMessage(new Fault(FaultType.JITTER, Severity.MILD)));
        assertEquals("Injecting SEVERE SPIKE fault...", INJECT_FAULT.stateMessage(new Fault(FaultType.SPIKE, Severity.SEVERE)));
    }

    @Test
    void parsingFaultParameters() {
        assertEquals(FaultType.JITTER, FaultType.parse("JITTER").orElseThrow());
        assertTrue(FaultType.parse("jitter").isEmpty());
        assertEquals(Severity.MILD, Severity.parse("MILD").orElseThrow());
        assertEquals("'MILD', 'MEDIUM' or 'SEVERE'", Severity.expected());
        assertEquals("'SPIKE', 'DRIFT', 'JITTER' or 'DEFAULT'", FaultType.expected());
    }

    @Test
    void validationMetrics() {
        assertEquals(null, ValidationMetrics.EMPTY.healthyStability(), "nothing measured: no figure");
        assertEquals(null, ValidationMetrics.EMPTY.faultCaptureRate());
        ValidationMetrics m = ValidationMetrics.EMPTY;
        for (int i = 0; i < 3; i++) {
            m = m.record(false, i == 0); // 1 of 3 healthy flagged
        }
        m = m.record(true, true).record(true, false).record(true, true).record(true, true);
        assertEquals(66.7, m.healthyStability());
        assertEquals(75.0, m.faultCaptureRate());
        assertEquals(new ValidationMetrics(3, 2, 4, 3), m);
    }

    @Test
    void severityAndDamageRate() {
        assertEquals(0.0, Degradation.severity(0.6499));
        assertEquals(0.0, Degradation.severity(0.65));
        assertEquals(0.5, Degradation.severity(0.825), 1e-12);
        assertEquals(1.0, Degradation.severity(1.0), 1e-12);
        assertEquals(0.005, Degradation.damageRate(1.0), 1e-15);
        assertEquals(0.25 * 0.005, Degradation.damageRate(0.825), 1e-15);
        assertEquals(0.0, Degradation.damageRate(0.3));
    }

    @Test
    void figuresOfAFreshAsset() {
        Degradation d = Degradation.NEW;
        assertEquals(100, d.health());
        assertEquals(99999, d.rulHours());
        // a fully worn motor at rest (stopped or reset after the damage) has no life left, not 99999 h
        assertEquals(0, Degradation.atRest(1.0).rulHours());
        assertEquals(0, Degradation.atRest(1.0).maintenanceWindowDays()); // not the spec's week: maintain it now
        assertEquals(7, Degradation.atRest(0.99).maintenanceWindowDays());
        assertEquals(99999, Degradation.atRest(0.9).rulHours());
        assertEquals(Degradation.Risk.LOW, d.risk());
        assertEquals(90.0, d.maintenanceWindowDays(), 1e-12);
        assertEquals(Degradation.Status.HEALTHY, d.status());
    }

    @Test
    void fullSeverityDamagesAtHalfAPercentPerSecondWithEventsAtTheThresholds() {
        Degradation d = Degradation.NEW;
        List<TwinEvent> events = new java.util.ArrayList<>();
        for (int s = 0; s < 30; s++) {
            Degradation.Step step = d.advance(s, 1.0, true, 1.0);
            events.addAll(step.events());
            d = step.next();
        }
        assertEquals(0.15, d.di(), 1e-12);
        assertEquals(85, d.health());
        assertEquals(0.85 / 0.005 / 3600, d.rulHours(), 1e-12);
        assertEquals(Degradation.Risk.LOW, d.risk());
        assertEquals(Degradation.Status.ANOMALY_DETECTED, d.status());
        assertEquals(List.of(TwinEvent.ANOMALY_DETECTED, TwinEvent.DEGRADATION_THRESHOLD),
                events.stream().map(TwinEvent::type).toList());
        assertEquals(1, events.get(0).second()); // after 2 consecutive anomalous seconds
        assertEquals(29, events.get(1).second());
        assertEquals("Degradation index crossed 0.15 (health 85, risk LOW)", events.get(1).message());
        // with damage going on the window is the remaining life: 0.85 / 0.005 s = 170 s
        assertEquals(170.0 / 86400, d.maintenanceWindowDays(), 1e-12);

        for (int s = 30; s < 300; s++) {
            Degradation.Step step = d.advance(s, 1.0, true, 1.0);
            events.addAll(step.events());
            d = step.next();
        }
        assertEquals(1.0, d.di());
        assertEquals(0, d.health());
        assertEquals(Degradation.Risk.CRITICAL, d.risk());
        assertEquals(List.of(0.15, 0.30, 0.50, 0.75, 1.0), events.stream()
                .filter(e -> e.type().equals(TwinEvent.DEGRADATION_THRESHOLD)).map(e -> Double.parseDouble(e.message().substring(26, 30))).toList());
        // each event as grave as the risk it reports (0.50 is health 50, HIGH: a warning, not CRITICAL); the end of life once
        assertEquals(List.of("WARNING", "WARNING", "WARNING", "CRITICAL", "CRITICAL"), events.stream()
                .filter(e -> e.type().equals(TwinEvent.DEGRADATION_THRESHOLD)).map(TwinEvent::level).toList());
    }

    @Test
    void healthySecondsNeitherRepairNorDamageAndRecoverAfterTwo() {
        Degradation d = new Degradation(0.6, 0.005, 1.0, Degradation.Status.ANOMALY_DETECTED, 5, 0);
        assertEquals(40, d.health());
        assertEquals(Degradation.Risk.HIGH, d.risk());
        Degradation.Step one = d.advance(100, 0.3, false, 1.0);
        assertEquals(0.6, one.next().di());
        assertEquals(99999, one.next().rulHours());
        assertEquals(Degradation.Status.ANOMALY_DETECTED, one.next().status());
        assertTrue(one.events().isEmpty());
        // an anomalous second in between restarts the count
        Degradation.Step again = one.next().advance(101, 0.7, true, 1.0);
        assertEquals(Degradation.Status.ANOMALY_DETECTED, again.next().advance(102, 0.3, false, 1.0).next().status());
        Degradation.Step two = one.next().advance(101, 0.3, false, 1.0);
        assertEquals(Degradation.Status.HEALTHY, two.next().status());
        assertEquals(List.of(TwinEvent.RECOVERED), two.events().stream().map(TwinEvent::type).toList());
        assertEquals(Math.max(7, 0.4 * 0.4 * 90), two.next().maintenanceWindowDays(), 1e-12);
        assertEquals(7.0, new Degradation(0.9, 0, 0, Degradation.Status.HEALTHY, 0, 0).maintenanceWindowDays());
        // a score just above the onset damages slowly: severity 0.1 → 0.00005 per second
        assertEquals(0.6 + 0.00005, two.next().advance(102, 0.685, false, 1.0).next().di(), 1e-12);
    }

    @Test
    void riskBands() {
        assertEquals(Degradation.Risk.LOW, new Degradation(0.24, 0, 0, Degradation.Status.HEALTHY, 0, 0).risk());
        assertEquals(Degradation.Risk.MODERATE, new Degradation(0.25, 0, 0, Degradation.Status.HEALTHY, 0, 0).risk());
        assertEquals(Degradation.Risk.HIGH, new Degradation(0.50, 0, 0, Degradation.Status.HEALTHY, 0, 0).risk());
        assertEquals(Degradation.Risk.CRITICAL, new Degradation(0.75, 0, 0, Degradation.Status.HEALTHY, 0, 0).risk());
    }
}
