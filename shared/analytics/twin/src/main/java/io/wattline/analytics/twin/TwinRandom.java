package io.wattline.analytics.twin;

import java.util.SplittableRandom;

/**
 * The simulator's random numbers: a {@link SplittableRandom} (a specified algorithm, so the same
 * seed gives the same numbers on every JVM) with uniform and Box–Muller normal draws computed with
 * {@link StrictMath}. A stream is keyed by (seed, stream, index), so any simulated second can be
 * produced on its own, in any order, by any invocation.
 */
public final class TwinRandom {
    private final SplittableRandom random;

    public TwinRandom(long seed, long stream, long index) {
        this.random = new SplittableRandom(mix(mix(seed) ^ mix(stream * 0x9E3779B97F4A7C15L + 1) ^ index * 0xC2B2AE3D27D4EB4FL));
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    /** Normal with the given mean and standard deviation. */
    public double normal(double mean, double sd) {
        double u1 = 1.0 - random.nextDouble(); // (0, 1]
        double u2 = random.nextDouble();
        return mean + sd * StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public long nextLong() {
        return random.nextLong();
    }

    /** MurmurHash3's 64-bit finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
