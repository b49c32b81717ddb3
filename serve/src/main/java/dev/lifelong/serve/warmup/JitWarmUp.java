package dev.lifelong.serve.warmup;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Untimed rounds before a server is timed ({@code bench serve}) or reports ready ({@code serve
 * --warmup-traffic}), so that what follows meets a server that has run a while: a fixed number, or (auto) until
 * the JIT has compiled the request path. On two cores a compilation takes one of
 * them from the server: after 2,000 untimed requests the JIT still compiled for a fifth to a third of a core
 * while {@code eta} was timed, and its p99 went from 5.4-8.7 ms to 9.9-12.4 (docs/BENCHMARKS.md, session 19).
 *
 * <p>Auto runs until this run has sent {@link #leastAutoRounds} rounds, earlier cells' and timed ones included
 * (a later cell runs the code an earlier one compiled), then ends after {@link #QUIET_WINDOWS} windows in a row
 * in which the JIT compiled for at most {@link #QUIET_JIT} of a core. Compilations come in waves: two windows at
 * 2% were followed by timed requests during which it compiled for 3.5%, three windows at 1% after 2,500 rounds
 * by 2.7% (session 19).
 */
public final class JitWarmUp {

    static final double QUIET_JIT = 0.01;
    static final long QUIET_WINDOW_NANOS = 2_000_000_000L;
    static final int QUIET_WINDOW_ROUNDS = 100;
    static final int QUIET_WINDOWS = 3;
    static final int AUTO_MAX_ROUNDS = 30_000;
    /**
     * Auto's longest, per cell: five models at L = 10^5, B = 1,000 answer about ten rounds a second (session 18's
     * medians), so 30,000 rounds would take most of an hour.
     */
    static final long AUTO_MAX_NANOS = 300_000_000_000L;
    /** Auto's rounds on a JVM that does not count its compilers' time. */
    static final int UNCOUNTED_ROUNDS = 2_000;
    private static final long REPORT_EVERY_NANOS = 30_000_000_000L;

    private final int fixedRounds;
    private long sent;

    /** @param fixedRounds rounds to run each time, or -1 for auto ({@link #rounds}) */
    public JitWarmUp(int fixedRounds) {
        this.fixedRounds = fixedRounds;
    }

    /** {@code auto} as -1, or a number of rounds of 0 or more, as {@code option} takes it. */
    public static int rounds(String warmup, String option) {
        if (warmup.equals("auto")) {
            return -1;
        }
        try {
            int rounds = Integer.parseInt(warmup);
            if (rounds >= 0) {
                return rounds;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException(option + " must be auto or a number of rounds of 0 or more, not '" + warmup
                + "'");
    }

    public boolean auto() {
        return fixedRounds < 0;
    }

    public int fixedRounds() {
        return fixedRounds;
    }

    /** Counts rounds sent outside {@link #run} (the timed ones): they run the same code. */
    public void sent(long rounds) {
        sent += rounds;
    }

    /**
     * Runs {@code round} with k = 0, 1, ... until done (see above); {@code cell} names the cell in the lines
     * written to {@code w}. Returns how many rounds ran.
     */
    public int run(IntConsumer round, String cell, PrintWriter w) {
        int k = 0;
        if (!auto()) {
            for (; k < fixedRounds; k++) {
                round.accept(k);
            }
            sent += k;
            return k;
        }
        long started = System.nanoTime();
        long reported = started;
        long windowStart = started;
        JvmActivity window = JvmActivity.now();
        int windowRounds = 0;
        int quiet = 0;
        int least = leastAutoRounds();
        while (k < AUTO_MAX_ROUNDS && System.nanoTime() - started < AUTO_MAX_NANOS) {
            round.accept(k++);
            long now = System.nanoTime();
            if (++windowRounds < QUIET_WINDOW_ROUNDS || now - windowStart < QUIET_WINDOW_NANOS) {
                continue;
            }
            JvmActivity d = JvmActivity.now().since(window);
            if (d.compileMs() < 0) {
                while (k < UNCOUNTED_ROUNDS) {
                    round.accept(k++);
                }
                w.printf(Locale.ROOT, "note: this JVM does not count its JIT's time: warmed up for %,d rounds%n", k);
                sent += k;
                return k;
            }
            double share = d.compileMs() / ((now - windowStart) / 1e6);
            quiet = share <= QUIET_JIT && sent + k >= least ? quiet + 1 : 0;
            if (quiet == QUIET_WINDOWS) {
                w.printf(Locale.ROOT, "%s: warmed up in %,d rounds (%.0f s), until the JIT was idle%n", cell, k,
                        (now - started) / 1e9);
                w.flush();
                sent += k;
                return k;
            }
            if (now - reported >= REPORT_EVERY_NANOS) {
                w.printf(Locale.ROOT, "%s: warming up, %,d rounds, the JIT compiling %.0f%% of a core%n", cell, k,
                        100 * share);
                w.flush();
                reported = now;
            }
            window = JvmActivity.now();
            windowStart = now;
            windowRounds = 0;
        }
        w.printf(Locale.ROOT, "note: %s: the JIT was still compiling after %,d warm-up rounds (%.0f s)%n", cell, k,
                (System.nanoTime() - started) / 1e9);
        w.flush();
        sent += k;
        return k;
    }

    /**
     * The JIT's last tier takes a method without loops once it has run {@code Tier4InvocationThreshold} times
     * (5,000 on JDK 17 and 25): a method a model's requests run once each reaches it only after that many rounds,
     * whatever the JIT does before.
     */
    static int leastAutoRounds() {
        try {
            return 1 + Integer.parseInt(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("Tier4InvocationThreshold").getValue());
        } catch (RuntimeException e) {
            // Not HotSpot, or tiered compilation's flags renamed.
            return 5_001;
        }
    }
}
