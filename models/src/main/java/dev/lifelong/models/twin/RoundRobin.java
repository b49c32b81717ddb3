package dev.lifelong.models.twin;

import dev.lifelong.models.frame.Ranking;
import java.util.Arrays;

/**
 * CP-GSU's selection (MODELS.md, TWIN 3): each head ranks the sequence by its relevance (ties to the more
 * recent); heads take turns adding their best behaviour not yet taken until n are collected. One instance per
 * worker: it keeps its buffers. Training and serving both select through it, so they select alike.
 */
final class RoundRobin {

    private final Ranking ranking = new Ranking();
    private Ranking[] streams = new Ranking[0];
    private int[][] rank = new int[0][];
    private int[] ranked = new int[0];
    private boolean[] taken = new boolean[0];
    private int[] next = new int[0];
    private int[] order = new int[0];   // the positions the last selection took, in the order it took them
    private int picked;

    /**
     * Marks the n chosen positions of a sequence of {@code len} in {@link #taken()}, from relevance
     * {@code alpha [heads, len]}; {@code n <= len}.
     */
    boolean[] select(float[] alpha, int len, int heads, int n) {
        return select(alpha, 0, len, heads, n);
    }

    /** As {@link #select(float[], int, int, int)}, with the relevance at {@code alpha[off ..]}. */
    boolean[] select(float[] alpha, int off, int len, int heads, int n) {
        if (rank.length < heads || rank[0].length < n) {
            rank = new int[heads][Math.max(n, 16)];
        }
        if (streams.length < heads) {
            streams = new Ranking[heads];
            for (int h = 0; h < heads; h++) {
                streams[h] = new Ranking();
            }
            ranked = new int[heads];
            next = new int[heads];
        }
        if (taken.length < len) {
            taken = new boolean[len];
            picked = 0;
        }
        // Only the last selection's marks are cleared: over 10^4 behaviours that is 100 stores, not 10^4.
        for (int i = 0; i < picked; i++) {
            taken[order[i]] = false;
        }
        picked = 0;
        if (order.length < n) {
            order = new int[n];
        }
        if (n == 0) {
            return taken;
        }
        // A head's walk passes only its own picks and behaviours other heads took first, n in all at most; it
        // usually stops far sooner (about n / heads, more when the heads agree), so each head's ranking is a
        // stream read as far as its walk goes.
        for (int h = 0; h < heads; h++) {
            streams[h].open(alpha, off + h * len, len, Math.max(1, n / 2));
            ranked[h] = 0;
            next[h] = 0;
        }
        int count = 0;
        while (count < n) {
            for (int h = 0; h < heads && count < n; h++) {
                while (taken[rankAt(h, next[h])]) {
                    next[h]++;
                }
                int p = rank[h][next[h]];
                taken[p] = true;
                order[picked++] = p;
                count++;
            }
        }
        return taken;
    }

    /** Head h's j-th best position, read on from its stream as needed. */
    private int rankAt(int h, int j) {
        while (ranked[h] <= j) {
            rank[h][ranked[h]++] = streams[h].next();
        }
        return rank[h][j];
    }

    /** The positions the last {@link #select} took, valid up to its {@code len}. */
    boolean[] taken() {
        return taken;
    }

    /** The positions the last {@link #select} took into {@code out}, oldest first; returns how many. */
    int takenPositions(int[] out) {
        System.arraycopy(order, 0, out, 0, picked);
        Arrays.sort(out, 0, picked);
        return picked;
    }

    Ranking ranking() {
        return ranking;
    }
}
