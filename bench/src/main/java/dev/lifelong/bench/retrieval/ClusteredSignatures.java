package dev.lifelong.bench.retrieval;

import java.util.SplittableRandom;

/**
 * 64-bit signatures drawn around interest centres (each bit of a centre flipped with probability 0.15), so that
 * Hamming distances have the clustered, heavy-tailed shape of trained embeddings' rather than one binomial.
 */
final class ClusteredSignatures {

    private ClusteredSignatures() {
    }

    static long[] centres(SplittableRandom rnd, int n) {
        long[] centres = new long[n];
        for (int i = 0; i < n; i++) {
            centres[i] = rnd.nextLong();
        }
        return centres;
    }

    /** A signature near one of the centres, chosen at random. */
    static long near(long[] centres, SplittableRandom rnd) {
        long flip = 0;
        long centre = centres[rnd.nextInt(centres.length)];
        for (int b = 0; b < 64; b++) {
            if (rnd.nextDouble() < 0.15) {
                flip |= 1L << b;
            }
        }
        return centre ^ flip;
    }
}
