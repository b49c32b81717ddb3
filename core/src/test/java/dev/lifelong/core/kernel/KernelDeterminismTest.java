package dev.lifelong.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels give the same bits interpreted and compiled: otherwise training would depend on when the JIT
 * kicks in, and a seed would not reproduce it.
 */
class KernelDeterminismTest {

    @Test
    void interpretedAndCompiledKernelsAgreeBitForBit() throws Exception {
        long compiled = 0;
        for (int warm = 0; warm < 400; warm++) {
            compiled = KernelFingerprint.fingerprint(Kernels.vector());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xint", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), KernelFingerprint.class.getName())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String last = out.substring(out.lastIndexOf('\n') + 1).trim();
        assertThat(last).as(out).isEqualTo(Long.toString(compiled));
    }

    @Test
    void vectorExpIsWithinAFewUlpOfMathExp() {
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = -87f + 175f * i / x.length;
        }
        int lanes = VectorKernels.lanes();
        for (int i = 0; i + lanes <= x.length; i += lanes) {
            float[] e = VectorKernels.exp(FloatVector.fromArray(VectorKernels.species(), x, i)).toArray();
            for (int j = 0; j < lanes; j++) {
                double ref = Math.exp(x[i + j]);
                assertThat((double) e[j]).isCloseTo(ref, within(4.0 * Math.ulp((float) ref)));
            }
        }
    }
}
