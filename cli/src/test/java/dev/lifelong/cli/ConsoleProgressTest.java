package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** The plain progress line a log or a pipe gets: share done, time, time left, rate, and the task's status. */
class ConsoleProgressTest {

    @Test
    void aLineSaysHowFarHowFastAndHowLongToGo() throws Exception {
        ConsoleProgress p = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
        p.start("epoch 1 eta", 1_000, "samples");
        Thread.sleep(20);
        p.advanceTo(250);
        p.status("loss 0.6931");
        assertThat(p.line()).matches("epoch 1 eta: 25% \\(\\d+ s, about \\d+ s left, [\\d,]+ samples/s\\), "
                + "loss 0\\.6931");
        p.start("reading log.csv", 4L << 20, "B");
        p.advanceTo(2L << 20);
        assertThat(p.line()).matches("reading log\\.csv: 50% \\(\\d+ s, about \\d+ s left, [\\d.]+ MiB/s\\)");
        p.start("building timelines", -1, "");
        p.advanceTo(7);
        assertThat(p.line()).matches("building timelines: 7 \\(\\d+ s, [\\d,]+/s\\)");
    }
}
