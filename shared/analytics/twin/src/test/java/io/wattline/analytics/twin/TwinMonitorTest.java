package io.wattline.analytics.twin;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TwinMonitorTest {
    private static MotorSimulator sim;
    private static Calibrator.Result cal;
    private static TwinMonitor monitor;

    @BeforeAll
    static void calibrate() {
        sim = new MotorSimulator(99);
        cal = new Calibrator().calibrate("Motor-01", sim, Calibrator.Progress.NONE, () -> false);
        monitor = new TwinMonitor(cal.models(), sim);
    }

    @Test
    void startsFromTheEndOfCalibration() {
        MonitorState s = MonitorState.afterCalibration(cal.samples());
        assertEquals(0, s.nextSecond());
        assertNull(s.fault());
        assertEquals(60, s.legacyWindow().size());
        assertEquals(cal.samples()[999], s.legacyWindow().getLast());
        assertEquals(Degradation.NEW, s.degradation());
    }

    @Test
    void healthyMonitoringMostlyStaysHealthy() {
        List<TwinMonitor.Second> seconds = new ArrayList<>();
        MonitorState end = monitor.advance(MonitorState.afterCalibration(cal.samples()), 600, seconds::add);
        assertEquals(600, end.nextSecond());
        assertEquals(600, end.metrics().healthyTotal());
        assertEquals(0, end.metrics().faultyTotal());
        long flagged = seconds.stream().filter(TwinMonitor.Second::anomalous).count();
        assertEquals(600 - flagged, end.metrics().healthyCorrect());
        assertTrue(end.metrics().healthyStability() > 94, "stability " + end.metrics().healthyStability());
        assertTrue(end.degradation().di() < 0.01, "DI " + end.degradation().di());
        assertEquals(60, end.legacyWindow().size());
        assertEquals(seconds.getLast().batch()[0], end.legacyWindow().getLast());
    }

    @Test
    void severeJitterIsCaughtAndDegradesTheAsset() {
        MonitorState s = MonitorState.afterCalibration(cal.samples()).withFault(new Fault(FaultType.JITTER, Severity.SEVERE));
        List<TwinMonitor.Second> seconds = new ArrayList<>();
        // 3 minutes: with 0.65 at the healthy scores' 1-in-1,000 level, a SEVERE JITTER second scores about
        // 0.8 (severity ≈ 0.43, damage ≈ 0.001 per second), so DI reaches 0.15 after about 2.5 minutes
        MonitorState end = monitor.advance(s, 180, seconds::add);
        assertTrue(seconds.stream().allMatch(TwinMonitor.Second::anomalous));
        assertTrue(seconds.stream().allMatch(x -> x.score() > TwinMonitor.HEALTHY_THRESHOLD));
        assertTrue(seconds.stream().allMatch(TwinMonitor.Second::faultInjected));
        assertEquals(100.0, end.metrics().faultCaptureRate());
        assertEquals(Degradation.Status.ANOMALY_DETECTED, end.degradation().status());
        assertTrue(end.degradation().di() > 0.15, "DI " + end.degradation().di());
        assertTrue(seconds.stream().flatMap(x -> x.events().stream()).anyMatch(e -> e.type().equals(TwinEvent.DEGRADATION_THRESHOLD)));
    }

    @Test
    void stepsAreDeterministicAndComposable() {
        MonitorState start = MonitorState.afterCalibration(cal.samples()).withFault(new Fault(FaultType.DRIFT, Severity.MILD));
        MonitorState once = monitor.advance(start, 10, x -> { });
        MonitorState twice = monitor.advance(monitor.advance(start, 4, x -> { }), 6, x -> { });
        assertEquals(once, twice);
        TwinMonitor.Step a = monitor.step(once), b = new TwinMonitor(cal.models(), new MotorSimulator(99)).step(twice);
        assertEquals(a.state(), b.state());
        assertEquals(a.second().score(), b.second().score(), 0.0);
        assertArrayEquals(a.second().batch(), b.second().batch());
    }
}
