package dev.lifelong.core.random;

import java.util.SplittableRandom;

/**
 * The project's seeded random source. Built on {@link SplittableRandom}, whose algorithm is fixed by its
 * specification, with our own Gaussian (Box-Muller) so that a seed gives the same numbers on every JDK;
 * {@code RandomGenerator.nextGaussian} is free to change between releases.
 */
public final class Rng {

    private final SplittableRandom random;
    private double spareGaussian;
    private boolean hasSpare;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A seed for a named sub-stream, so adding one consumer of randomness does not shift the others. */
    public static long derive(long seed, String name) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001B3L;
        }
        return mix(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public double nextDouble() {
        return random.nextDouble();
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public long nextLong() {
        return random.nextLong();
    }

    public boolean nextBoolean() {
        return random.nextBoolean();
    }

    /** A standard normal draw. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1;
        do {
            u1 = random.nextDouble();
        } while (u1 <= Double.MIN_NORMAL);
        double u2 = random.nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spareGaussian = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** Fills {@code x} with N(0, std^2) draws. */
    public void fillGaussian(float[] x, int from, int to, double std) {
        for (int i = from; i < to; i++) {
            x[i] = (float) (nextGaussian() * std);
        }
    }

    /** Fills {@code x} with U(-limit, limit) draws. */
    public void fillUniform(float[] x, int from, int to, double limit) {
        for (int i = from; i < to; i++) {
            x[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
    }
}
