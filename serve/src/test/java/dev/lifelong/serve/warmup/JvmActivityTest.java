package dev.lifelong.serve.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmActivityTest {

    @Test
    void countsTheCollectionsBetweenTwoSnapshots() {
        JvmActivity before = JvmActivity.now();
        System.gc();
        JvmActivity during = JvmActivity.now().since(before);
        assertThat(during.collections()).isPositive();
        assertThat(during.collectMs()).isNotNegative();
        assertThat(during.compileMs()).isGreaterThanOrEqualTo(-1);
    }

    @Test
    void anUncountedCompilerStaysUncounted() {
        JvmActivity a = new JvmActivity(-1, 3, 20);
        JvmActivity b = new JvmActivity(50, 5, 35);
        assertThat(b.since(a)).isEqualTo(new JvmActivity(-1, 2, 15));
        assertThat(a.since(new JvmActivity(10, 1, 5))).isEqualTo(new JvmActivity(-1, 2, 15));
        assertThat(b.since(new JvmActivity(20, 1, 5))).isEqualTo(new JvmActivity(30, 4, 30));
    }
}
