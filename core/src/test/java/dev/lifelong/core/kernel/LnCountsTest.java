package dev.lifelong.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LnCountsTest {

    @Test
    void givesTheFloatOfTheLogarithmInsideAndPastTheTable() {
        for (int c = 1; c < 3 * LnCounts.TABLE; c++) {
            assertThat(Float.floatToRawIntBits(LnCounts.of(c))).as("ln %d", c)
                    .isEqualTo(Float.floatToRawIntBits((float) Math.log(c)));
        }
        assertThat(Float.floatToRawIntBits(LnCounts.of(1))).isZero();
    }
}
