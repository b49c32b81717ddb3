package dev.lifelong.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerTimingTest {

    @Test
    void serverTimingNeedsEveryStage() {
        assertThat(ServerTiming.parse("read;dur=0.812, score;dur=5.903, total;dur=7.020"))
                .isEqualTo(new ServerTiming(0.812, 5.903, 7.020));
        assertThat(ServerTiming.parse("total;desc=\"all\";dur=2, read;dur=1, score;dur=1, cache;dur=9"))
                .isEqualTo(new ServerTiming(1, 1, 2));
        assertThat(ServerTiming.parse("read;dur=1, total;dur=2")).isNull();
        assertThat(ServerTiming.parse("read;dur=x, score;dur=1, total;dur=2")).isNull();
        assertThat(ServerTiming.parse(null)).isNull();
    }
}
