package io.wattline.analytics.twin;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.*;

class MotorSimulatorTest {
    private final MotorSimulator sim = new MotorSimulator(7);

    private static double mean(Sample[] s, ToDoubleFunction<Sample> f) {
        return Arrays.stream(s).mapToDouble(f).average().orElseThrow();
    }

    private static double sd(Sample[] s, ToDoubleFunction<Sample> f) {
        double m = mean(s, f);
        return Math.sqrt(Arrays.stream(s).mapToDouble(x -> (f.applyAsDouble(x) - m) * (f.applyAsDouble(x) - m)).sum() / s.length);
    }

    /** 20,000 samples of one case (200 seconds). */
    private Sample[] many(Fault fault) {
        Sample[] out = new Sample[20_000];
        for (int sec = 0; sec < 200; sec++) {
            System.arraycopy(sim.batch(sec, fault), 0, out, sec * 100, 100);
        }
        return out;
    }

    @Test
    void sameSeedAndSecondGiveTheSameBatchInAnyOrder() {
        Sample[] later = sim.batch(1000, null);
        sim.batch(3, null);
        assertArrayEquals(later, new MotorSimulator(7).batch(1000, null));
        assertArrayEquals(sim.calibration(1000), new MotorSimulator(7).calibration(1000));
        assertFalse(Arrays.equals(later, sim.batch(1001, null)));
        assertFalse(Arrays.equals(later, new MotorSimulator(8).batch(1000, null)));
        assertEquals(100, later.length);
        assertEquals(1000, sim.calibration(1000).length);
    }

    @Test
    void healthySignalsHaveTheSpecMeansAndSpreads() {
        Sample[] s = many(null);
        assertEquals(230.0, mean(s, Sample::voltage), 0.05);
        assertEquals(2.0, sd(s, Sample::voltage), 0.05);
        assertEquals(15.0, mean(s, Sample::current), 0.03);
        assertEquals(1.0, sd(s, Sample::current), 0.03);
        assertEquals(0.92, mean(s, Sample::powerFactor), 0.001);
        assertEquals(0.02, sd(s, Sample::powerFactor), 0.001);
        assertEquals(0.15, mean(s, Sample::vibration), 0.001);
        assertEquals(0.03, sd(s, Sample::vibration), 0.001);
    }

    @Test
    void valuesAreRoundedToSensorResolution() {
        for (Sample x : sim.batch(5, new Fault(FaultType.DEFAULT, Severity.MEDIUM))) {
            assertEquals(Math.round(x.voltage() * 100) / 100.0, x.voltage(), 0.0);
            assertEquals(Math.round(x.powerFactor() * 1000) / 1000.0, x.powerFactor(), 0.0);
            assertEquals(Math.round(x.vibration() * 1000) / 1000.0, x.vibration(), 0.0);
        }
    }

    @Test
    void defaultFaultsAddTheSeverityRanges() {
        // MILD: +5..10 V, +1..3 A, −0.05..0.08, ×1.3..1.8 → means +7.5 V, +2 A, −0.065, ×1.55
        Sample[] mild = many(new Fault(FaultType.DEFAULT, Severity.MILD));
        assertEquals(237.5, mean(mild, Sample::voltage), 0.1);
        assertEquals(17.0, mean(mild, Sample::current), 0.05);
        assertEquals(0.855, mean(mild, Sample::powerFactor), 0.002);
        assertEquals(0.15 * 1.55, mean(mild, Sample::vibration), 0.003);
        Sample[] severe = many(new Fault(FaultType.DEFAULT, Severity.SEVERE));
        assertEquals(267.5, mean(severe, Sample::voltage), 0.3);
        assertEquals(0.92 - 0.225, mean(severe, Sample::powerFactor), 0.003);
        assertEquals(0.15 * 10, mean(severe, Sample::vibration), 0.03);
    }

    @Test
    void driftUsesTheLowerHalfAndSpikeScalesUp() {
        Sample[] drift = many(new Fault(FaultType.DRIFT, Severity.MEDIUM)); // +10..17.5 V, ×2..3
        assertEquals(243.75, mean(drift, Sample::voltage), 0.15);
        assertEquals(0.15 * 2.5, mean(drift, Sample::vibration), 0.005);
        assertTrue(Arrays.stream(drift).allMatch(x -> x.voltage() < 230 + 17.5 + 10));
        Sample[] spike = many(new Fault(FaultType.SPIKE, Severity.MEDIUM)); // +12..30 V, ×2.6..5.2
        assertEquals(251.0, mean(spike, Sample::voltage), 0.2);
        assertEquals(0.15 * 3.9, mean(spike, Sample::vibration), 0.01);
    }

    @Test
    void severeSpikeCurrentIsClampedToTheSensorRange() {
        Sample[] spike = many(new Fault(FaultType.SPIKE, Severity.SEVERE)); // 15 + 8.4..18 A, capped at 30
        assertEquals(30.0, Arrays.stream(spike).mapToDouble(Sample::current).max().orElseThrow(), 0.0);
        assertTrue(Arrays.stream(spike).allMatch(x -> x.voltage() <= 300 && x.powerFactor() >= 0.5));
    }

    @Test
    void jitterKeepsTheMeansAndWidensTheSpread() {
        Sample[] j = many(new Fault(FaultType.JITTER, Severity.SEVERE));
        assertEquals(230.0, mean(j, Sample::voltage), 0.3);
        assertEquals(15.0, mean(j, Sample::current), 0.1);
        // ±0.15 around 0.92 runs into the sensor's 1.0 ceiling: the clamp pulls the mean down by ~0.009
        assertEquals(0.911, mean(j, Sample::powerFactor), 0.003);
        assertEquals(1.0, java.util.Arrays.stream(j).mapToDouble(Sample::powerFactor).max().orElseThrow());
        // normal(2) + uniform(±25): sqrt(4 + 625/3) = 14.57
        assertEquals(Math.sqrt(4 + 625.0 / 3), sd(j, Sample::voltage), 0.2);
        assertEquals(Math.sqrt(1 + 49.0 / 3), sd(j, Sample::current), 0.06);
        Sample[] mild = many(new Fault(FaultType.JITTER, Severity.MILD));
        assertEquals(0.92, mean(mild, Sample::powerFactor), 0.001);
        assertEquals(Math.sqrt(4 + 64.0 / 3), sd(mild, Sample::voltage), 0.08);
    }
}
