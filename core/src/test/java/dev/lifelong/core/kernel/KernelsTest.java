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

    @Test
    void vectorWidthIsAtMost256BitsUnlessAsked() {
        assertThat(Kernels.vectorBits(null, 512)).isEqualTo(256);
        assertThat(Kernels.vectorBits(" Auto ", 512)).isEqualTo(256);
        assertThat(Kernels.vectorBits("auto", 128)).isEqualTo(128);
        assertThat(Kernels.vectorBits("preferred", 512)).isEqualTo(512);
        assertThat(Kernels.vectorBits("512", 512)).isEqualTo(512);
        assertThat(Kernels.vectorBits("128", 256)).isEqualTo(128);
        assertThatThrownBy(() -> Kernels.vectorBits("512", 256))
                .hasMessage("-Dlifelong.vector.bits=512 is wider than this platform's vectors (256 bits);"
                        + " wider ones would be emulated, many times slower");
        assertThatThrownBy(() -> Kernels.vectorBits("1024", 512))
                .hasMessage("-Dlifelong.vector.bits=1024 is not one of: auto, preferred, 128, 256, 512");
    }

    @Test
    void theVectorKernelsUseOneWidth() {
        // The interleaved attention layout must be the kernels' own vector, or two vector classes meet in the
        // Vector API's profiles (Kernels.vectorBits says what that cost).
        int lanes = VectorKernels.lanes();
        assertThat(Kernels.vector().headDotLanes(4, 16)).isIn(0, lanes);
        assertThat(Kernels.vector().name()).isEqualTo("vector-" + lanes * Float.SIZE);
    }
}
