package io.wattline.analytics.detect;

/**
 * Discrete Fourier transform of any length, in place on separate real and imaginary arrays:
 * iterative radix-2 for powers of two, Bluestein's chirp-z algorithm for the other lengths.
 * Forward uses {@code exp(-2πi·jk/n)}; the inverse is not scaled (divide by {@code n}).
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
}
