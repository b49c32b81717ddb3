package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The serving commands advise a fixed, pre-touched heap unless they have one. */
class JvmSettingsTest {

    private static final long GB = 1L << 30;

    @Test
    void advisesUnlessTheHeapIsFixedAndTouched() {
        assertThat(JvmSettings.tailAdvice(2 * GB, 2 * GB, true)).isEmpty();
        assertThat(JvmSettings.tailAdvice(2 * GB, 6 * GB, true)).get().asString().contains("-Xmx2g");
        assertThat(JvmSettings.tailAdvice(2 * GB, 2 * GB, false)).get().asString().contains("AlwaysPreTouch");
        assertThat(JvmSettings.tailAdvice(GB, -1, true)).isPresent();
    }

    @Test
    void describesTheJvmWithItsHeapOptions() {
        assertThat(JvmSettings.describe()).startsWith("Java " + Runtime.version() + ", kernels "
                + dev.lifelong.core.kernel.Kernels.get().name() + ", hamming "
                + dev.lifelong.models.eta.HammingScan.name() + ", ")
                .containsPattern(", (default heap|options -X.*)$");
    }
}
