package dev.lifelong.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RowPrefetchTest {

    /** Rows of any width, the last of an array included, are read within their bounds and nothing is written. */
    @Test
    void readsEveryRowWithinItsBounds() {
        for (int width : new int[] {1, 15, 16, 17, 20, 64}) {
            float[] keys = new float[5 * width + 7];
            float[] values = new float[3 * width + 7];
            java.util.Arrays.fill(keys, 1.5f);
            float[][] k = {keys, keys, keys};
            float[][] v = {values, values, values};
            int[] offsets = {0, 4 * width, 2 * width};
            float[] before = keys.clone();
            assertThatCode(() -> RowPrefetch.rows(k, v, new int[] {0, 2 * width, 3 * width + 7 - width}, 3, width))
                    .doesNotThrowAnyException();
            assertThatCode(() -> RowPrefetch.rows(k, k, offsets, 3, width)).doesNotThrowAnyException();
            assertThat(keys).containsExactly(before);
        }
    }

    /** A row past its array's end is a caller's error, not read past. */
    @Test
    void aRowPastTheEndIsRefused() {
        float[] keys = new float[40];
        assertThatThrownBy(() -> RowPrefetch.rows(new float[][] {keys}, new float[][] {keys}, new int[] {30}, 1, 16))
                .isInstanceOf(ArrayIndexOutOfBoundsException.class);
    }
}
