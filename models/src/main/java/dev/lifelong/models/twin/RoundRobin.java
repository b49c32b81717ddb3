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
    private int[][] rank = new int[0][];
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
        // A head's walk passes only its own picks and behaviours other heads took first, n in all at most: its
        // best n are all it can reach.
        for (int h = 0; h < heads; h++) {
            ranking.top(alpha, off + h * len, len, n, rank[h]);
        }
        if (next.length < heads) {
            next = new int[heads];
        }
        Arrays.fill(next, 0, heads, 0);
        int count = 0;
        while (count < n) {
            for (int h = 0; h < heads && count < n; h++) {
                while (taken[rank[h][next[h]]]) {
                    next[h]++;
                }
                taken[rank[h][next[h]]] = true;
                order[picked++] = rank[h][next[h]];
                count++;
            }
        }
        return taken;
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
