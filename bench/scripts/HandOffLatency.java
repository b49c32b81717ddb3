import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How long a host takes to start a thread that was handed work, the delay a request's scoring helper meets
 * (core's ClaimedChunks). A caller computes for 1 ms, hands off to a helper, computes 1.5 ms more, waits for
 * the helper's 1.5 ms to end and sleeps 1 ms (a request's shape at L = 10^4 on a 2-core host); the helper
 * either parks between hand-offs or keeps polling for up to a given time. Prints the hand-off's delay
 * percentiles and how many exceeded 1 ms.
 *
 *   java bench/scripts/HandOffLatency.java park 10000
 *   java bench/scripts/HandOffLatency.java poll 10000 5000   # polls for up to 5,000 µs before parking
 */
public final class HandOffLatency {

    private static volatile long sink;
    private static volatile long posted;  // the hand-off's nanoTime, 0 when none is pending

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2 || !(args[0].equals("park") || args[0].equals("poll") && args.length == 3)) {
            System.err.println("usage: HandOffLatency park HANDOFFS | poll HANDOFFS POLL_MICROS");
            System.exit(2);
        }
        int n = Integer.parseInt(args[1]);
        long pollNanos = args[0].equals("poll") ? Long.parseLong(args[2]) * 1_000 : 0;
        long[] delays = new long[n];
        Thread helper = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                long until = System.nanoTime() + pollNanos;
                long t;
                while ((t = posted) == 0) {
                    if (System.nanoTime() - until < 0) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park();
                    }
                }
                delays[i] = System.nanoTime() - t;
                work(1_500_000);
                posted = 0;
            }
        }, "helper");
        helper.setDaemon(true);
        helper.start();
        for (int i = 0; i < n; i++) {
            work(1_000_000);
            posted = System.nanoTime();
            LockSupport.unpark(helper);
            work(1_500_000);
            while (posted != 0) {
                Thread.onSpinWait();
            }
            Thread.sleep(1);
        }
        Arrays.sort(delays);
        long over = Arrays.stream(delays).filter(d -> d > 1_000_000).count();
        System.out.printf(Locale.ROOT, "%s: %d hand-offs, delay µs median %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f, "
                        + "max %.1f; over 1 ms: %d (%.2f%%)%n", String.join(" ", args), n, at(delays, 0.5),
                at(delays, 0.9), at(delays, 0.99), at(delays, 0.999), delays[n - 1] / 1e3, over, 100.0 * over / n);
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, sorted.length * q)] / 1e3;
    }

    /** Busy for {@code nanos}, as scoring is. */
    private static void work(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100; i++) {
                x += i * x + 1;
            }
        }
        sink = x;
    }
}
