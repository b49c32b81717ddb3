package dev.lifelong.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KernelsTest {

    @Test
    void choiceByName() {
        assertThat(Kernels.select("scalar")).isSameAs(Kernels.scalar());
        assertThat(Kernels.select(" Vector ")).isSameAs(Kernels.vector());
        assertThat(Kernels.select("auto")).isSameAs(Kernels.vector());
        assertThatThrownBy(() -> Kernels.select("gpu"))
                .hasMessage("-Dlifelong.kernels=gpu is not one of: auto, vector, scalar");
    }
}
