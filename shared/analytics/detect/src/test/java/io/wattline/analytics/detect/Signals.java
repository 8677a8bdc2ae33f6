package io.wattline.analytics.detect;

import java.util.Random;

/** Deterministic test signals. */
final class Signals {
    private Signals() {}

    static double[] sine(int n, int period, double amplitude, double level) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = level + amplitude * Math.sin(2 * Math.PI * i / period);
        return x;
    }

    static double[] noisySine(int n, int period, double amplitude, double noise, long seed) {
        Random rnd = new Random(seed);
        double[] x = sine(n, period, amplitude, 10);
        for (int i = 0; i < n; i++) x[i] += noise * rnd.nextGaussian();
        return x;
    }

    static double[] noise(int n, double level, double sd, long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = level + sd * rnd.nextGaussian();
        return x;
    }
}
