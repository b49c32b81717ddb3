package dev.lifelong.serve.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JitWarmUpTest {

    @Test
    void readsAutoOrANumberOfRoundsAndRefusesAnythingElse() {
        assertThat(JitWarmUp.rounds("auto", "--warmup")).isEqualTo(-1);
        assertThat(JitWarmUp.rounds("0", "--warmup")).isZero();
        assertThat(JitWarmUp.rounds("2500", "--warmup")).isEqualTo(2500);
        for (String bad : List.of("-1", "soon", "", "1e3")) {
            assertThatThrownBy(() -> JitWarmUp.rounds(bad, "--warmup-traffic")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--warmup-traffic must be auto or a number of rounds of 0 or more, not '" + bad + "'");
        }
    }

    @Test
    void aFixedWarmUpRunsItsRoundsInOrderEveryTime() {
        JitWarmUp w = new JitWarmUp(4);
        List<Integer> rounds = new ArrayList<>();
        StringWriter out = new StringWriter();
        assertThat(w.run(rounds::add, "L=1 B=1", new PrintWriter(out))).isEqualTo(4);
        assertThat(w.run(rounds::add, "L=1 B=2", new PrintWriter(out))).isEqualTo(4);
        assertThat(rounds).containsExactly(0, 1, 2, 3, 0, 1, 2, 3);
        assertThat(w.auto()).isFalse();
        assertThat(out.toString()).isEmpty();
    }

    /** The figure --warmup's help and the README quote: JDK 17's and 25's default, plus one. */
    @Test
    void autoWaitsForTheRoundThatTakesAMethodRunOnceARequestToTheJitsLastTier() {
        assertThat(JitWarmUp.leastAutoRounds()).isEqualTo(5_001);
        assertThat(new JitWarmUp(-1).auto()).isTrue();
    }
}
