package dev.lifelong.core.optim;

import dev.lifelong.core.param.Parameter;
import java.util.IdentityHashMap;
import java.util.Map;

/** Lazily allocated optimizer state, {@code count} arrays the size of each parameter. */
final class StateArrays {

    private final int count;
    private final float initialValue;
    private final Map<Parameter, float[][]> byParameter = new IdentityHashMap<>();

    StateArrays(int count, float initialValue) {
        this.count = count;
        this.initialValue = initialValue;
    }

    synchronized float[][] of(Parameter p) {
        return byParameter.computeIfAbsent(p, k -> {
            float[][] s = new float[count][k.size()];
            if (initialValue != 0f) {
                for (float[] a : s) {
                    java.util.Arrays.fill(a, initialValue);
                }
            }
            return s;
        });
    }
}
