package io.wattline.analytics.detect;

/**
 * Discrete Fourier transform of any length, in place on separate real and imaginary arrays:
 * iterative radix-2 for powers of two, Bluestein's chirp-z algorithm for the other lengths.
 * Forward uses {@code exp(-2πi·jk/n)}; the inverse is not scaled (divide by {@code n}). A real sequence of a
 * power-of-two length has {@link #realForward}, at the cost of a complex transform of half its length.
 */
final class Fft {
    private Fft() {}

    static void transform(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (n <= 1) return;
        if ((n & (n - 1)) == 0) {
            radix2(re, im, inverse);
        } else {
            bluestein(re, im, inverse);
        }
    }

    static int nextPowerOfTwo(int n) {
        int m = 1;
        while (m < n) m <<= 1;
        return m;
    }

    private static void radix2(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        double sign = inverse ? 1 : -1;
        for (int len = 2; len <= n; len <<= 1) {
            double ang = sign * 2 * Math.PI / len;
            double wr = Math.cos(ang), wi = Math.sin(ang);
            int half = len >> 1;
            for (int i = 0; i < n; i += len) {
                double cr = 1, ci = 0;
                for (int k = 0; k < half; k++) {
                    int a = i + k, b = a + half;
                    double xr = re[b] * cr - im[b] * ci;
                    double xi = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - xr; im[b] = im[a] - xi;
                    re[a] += xr; im[a] += xi;
                    double ncr = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = ncr;
                }
            }
        }
    }

    /** Bluestein's chirp for one length and direction, with the FFT of its filter; reused by later calls. */
    private record Chirp(int n, boolean inverse, double[] cos, double[] sin, double[] br, double[] bi) {}

    private static final ThreadLocal<Chirp[]> CHIRPS = ThreadLocal.withInitial(() -> new Chirp[4]);

    private static Chirp chirp(int n, boolean inverse) {
        Chirp[] cache = CHIRPS.get();
        for (Chirp c : cache) if (c != null && c.n() == n && c.inverse() == inverse) return c;
        int m = nextPowerOfTwo(2 * n - 1);
        double sign = inverse ? 1 : -1;
        double[] cosT = new double[n], sinT = new double[n];
        for (int k = 0; k < n; k++) {
            long kk = (long) k * k % (2L * n); // keeps the angle exact for large k
            double ang = sign * Math.PI * kk / n;
            cosT[k] = Math.cos(ang);
            sinT[k] = Math.sin(ang);
        }
        double[] br = new double[m], bi = new double[m];
        br[0] = cosT[0];
        bi[0] = -sinT[0];
        for (int k = 1; k < n; k++) {
            br[k] = br[m - k] = cosT[k];
            bi[k] = bi[m - k] = -sinT[k];
        }
        radix2(br, bi, false);
        Chirp c = new Chirp(n, inverse, cosT, sinT, br, bi);
        System.arraycopy(cache, 0, cache, 1, cache.length - 1);
        cache[0] = c;
        return c;
    }

    private static void bluestein(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        Chirp c = chirp(n, inverse);
        double[] cosT = c.cos(), sinT = c.sin(), br = c.br(), bi = c.bi();
        int m = br.length;
        double[] ar = new double[m], ai = new double[m];
        for (int k = 0; k < n; k++) {
            ar[k] = re[k] * cosT[k] - im[k] * sinT[k];
            ai[k] = re[k] * sinT[k] + im[k] * cosT[k];
        }
        radix2(ar, ai, false);
        for (int k = 0; k < m; k++) {
            double r = ar[k] * br[k] - ai[k] * bi[k];
            ai[k] = ar[k] * bi[k] + ai[k] * br[k];
            ar[k] = r;
        }
        radix2(ar, ai, true);
        for (int k = 0; k < n; k++) {
            double r = ar[k] / m, i = ai[k] / m;
            re[k] = r * cosT[k] - i * sinT[k];
            im[k] = r * sinT[k] + i * cosT[k];
        }
    }

    /**
     * The spectrum of a real sequence whose length m is a power of two (at least 2), bins 0..m/2 (bin m − k is the
     * conjugate of bin k): the even and odd samples packed as real and imaginary parts of one complex sequence of
     * length m/2, transformed, and the two halves' spectra separated and combined with the twiddles e^(−2πik/m).
     */
    static void realForward(double[] x, double[] outRe, double[] outIm) {
        int m = x.length, h = m / 2;
        if (m < 2 || (m & (m - 1)) != 0 || outRe.length <= h || outIm.length <= h) {
            throw new IllegalArgumentException("a power-of-two length of at least 2 and outputs of m/2 + 1 are needed");
        }
        double[] zr = new double[h], zi = new double[h];
        for (int k = 0; k < h; k++) {
            zr[k] = x[2 * k];
            zi[k] = x[2 * k + 1];
        }
        transform(zr, zi, false);
        double[][] w = twiddles(m);
        double[] cos = w[0], sin = w[1];
        for (int k = 0; k <= h; k++) {
            int a = k % h, b = (h - k) % h;
            double r = zr[a], i = zi[a], cr = zr[b], ci = -zi[b]; // Z[k] and conj(Z[h − k])
            double er = (r + cr) / 2, ei = (i + ci) / 2;          // spectrum of the even samples
            double or = (i - ci) / 2, oi = -(r - cr) / 2;         // of the odd samples: (Z[k] − conj(Z[h − k])) / 2i
            outRe[k] = er + cos[k] * or - sin[k] * oi;
            outIm[k] = ei + cos[k] * oi + sin[k] * or;
        }
    }

    /** cos and sin of −2πk/m for k = 0..m/2, kept for the last two lengths (a period search and its refinement use one or two). */
    private static final ThreadLocal<double[][][]> TWIDDLES = ThreadLocal.withInitial(() -> new double[2][][]);

    private static double[][] twiddles(int m) {
        double[][][] cache = TWIDDLES.get();
        for (double[][] t : cache) if (t != null && t[0].length == m / 2 + 1) return t;
        int h = m / 2;
        double[] cos = new double[h + 1], sin = new double[h + 1];
        for (int k = 0; k <= h; k++) {
            double ang = -2 * Math.PI * k / m;
            cos[k] = Math.cos(ang);
            sin[k] = Math.sin(ang);
        }
        sin[h] = 0; // exactly: bin m/2 of a real sequence is real
        double[][] t = {cos, sin};
        cache[1] = cache[0];
        cache[0] = t;
        return t;
    }
}
