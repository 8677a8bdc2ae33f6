package io.wattline.analytics.twin;

import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;
import smile.math.MathEx;
import smile.stat.distribution.GaussianDistribution;

import java.util.ArrayList;
import java.util.List;

/**
 * Trains Smile Isolation Forests deterministically. {@link IsolationForest#fit} grows its trees on
 * the common fork-join pool, with thread-local random streams and a shared Gaussian singleton, so
 * the same data and seed do not give the same model; and in Smile 4.4.2 it hands every tree all the
 * rows rather than a subsample. Here the trees are grown one after the other on the calling thread,
 * each on its own subsample of ψ rows drawn from the seed, with Smile's random stream seeded and
 * its Gaussian singleton's cached value drained first, under one lock (the singleton is shared by
 * the whole JVM).
 */
final class SmileForests {
    private static final Object LOCK = new Object();

    private SmileForests() {}

    static IsolationForest fit(double[][] rows, ForestConfig config) {
        int n = rows.length, d = rows[0].length;
        if (config.extensionLevel() >= d) {
            throw new IllegalArgumentException("extension level must be below the dimension " + d);
        }
        int psi = Math.min(config.subsample(), n);
        int depth = config.maxDepth() > 0 ? config.maxDepth() : (int) Math.ceil(Math.log(psi) / Math.log(2));
        TwinRandom pick = new TwinRandom(config.seed(), 3, 0);
        IsolationTree[] trees = new IsolationTree[config.trees()];
        synchronized (LOCK) {
            drainGaussianCache();
            MathEx.setSeed(config.seed());
            int[] index = new int[n];
            for (int t = 0; t < trees.length; t++) {
                for (int i = 0; i < n; i++) {
                    index[i] = i;
                }
                List<double[]> subsample = new ArrayList<>(psi);
                for (int i = 0; i < psi; i++) { // partial Fisher–Yates
                    int j = i + pick.nextInt(n - i);
                    int tmp = index[i];
                    index[i] = index[j];
                    index[j] = tmp;
                    subsample.add(rows[index[i]]);
                }
                trees[t] = new IsolationTree(subsample, depth, config.extensionLevel());
            }
        }
        return new IsolationForest(psi, config.extensionLevel(), trees);
    }

    /**
     * Leaves Smile's Gaussian singleton without a cached value: its polar method keeps the second
     * value of each pair for the next call. A call either returns the cached value (drawing nothing
     * from this thread's stream) or draws a new pair and caches half of it; which one happened is
     * seen by whether the stream moved, and in the second case one more call empties the cache.
     */
    private static void drainGaussianCache() {
        GaussianDistribution g = GaussianDistribution.getInstance();
        MathEx.setSeed(0x5EEDL);
        double reference = MathEx.random();
        MathEx.setSeed(0x5EEDL);
        g.rand();
        if (MathEx.random() != reference) {
            g.rand();
        }
    }
}
