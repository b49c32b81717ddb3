package dev.lifelong.data.synth;

import java.util.Arrays;

/**
 * One user's history grouped by category, so that the click model visits only the behaviours that can relate to a
 * target. Reused from user to user.
 */
final class CategoryIndex {

    private final int[][] items;
    private final int[] sizes;

    CategoryIndex(int categories) {
        items = new int[categories][16];
        sizes = new int[categories];
    }

    void clear() {
        Arrays.fill(sizes, 0);
    }

    void add(int category, int item) {
        if (sizes[category] == items[category].length) {
            items[category] = Arrays.copyOf(items[category], items[category].length * 2);
        }
        items[category][sizes[category]++] = item;
    }

    int[] items(int category) {
        return items[category];
    }

    int size(int category) {
        return sizes[category];
    }
}
