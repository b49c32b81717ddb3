package dev.lifelong.cli;

import dev.lifelong.data.progress.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr: a bar on a terminal, plain lines at most every ten seconds otherwise (CI logs, pipes).
 */
final class ConsoleProgress implements ProgressListener {

    private static final long LINE_EVERY_NANOS = 10_000_000_000L;

    private final boolean terminal;
    private final PrintStream err;
    private ProgressBar bar;
    private String task;
    private long total;
    private String unit;
    private long started;
    private long lastLine;
    private long done;
    private String message;

    ConsoleProgress(PrintStream err) {
        this.terminal = System.console() != null;
        this.err = err;
    }

    @Override
    public void start(String name, long totalUnits, String unitName) {
        finish();
        task = name;
        total = totalUnits;
        unit = unitName;
        started = System.nanoTime();
        lastLine = started;
        done = 0;
        if (terminal) {
            ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(name).setStyle(ProgressBarStyle.ASCII)
                    .setInitialMax(totalUnits).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err));
            if ("B".equals(unitName)) {
                b.setUnit(" MiB", 1 << 20);
            } else {
                b.showSpeed();
            }
            bar = b.build();
        }
    }

    @Override
    public void advanceTo(long units) {
        done = units;
        if (bar != null) {
            bar.stepTo(units);
        } else if (task != null && System.nanoTime() - lastLine > LINE_EVERY_NANOS) {
            lastLine = System.nanoTime();
            err.println(line());
        }
    }

    @Override
    public void status(String message) {
        this.message = message;
        if (bar != null) {
            bar.setExtraMessage(" " + message);
        }
    }

    String line() {
        double secs = (System.nanoTime() - started) / 1e9;
        if (total > 0) {
            double left = done == 0 ? Double.NaN : secs * (total - done) / done;
            return String.format(Locale.ROOT, "%s: %.0f%% (%.0f s, about %.0f s left, %s)%s", task,
                    100.0 * done / total, secs, left, rate(secs), message == null ? "" : ", " + message);
        }
        return String.format(Locale.ROOT, "%s: %d%s (%.0f s, %s)", task, done,
                unit == null || unit.isEmpty() ? "" : " " + unit, secs, rate(secs));
    }

    /** Units per second so far; bytes as MiB/s, as the bar shows them. */
    private String rate(double secs) {
        double perSecond = secs > 0 ? done / secs : 0;
        return unit == null || unit.isEmpty() ? String.format(Locale.ROOT, "%,.0f/s", perSecond)
                : "B".equals(unit) ? String.format(Locale.ROOT, "%.1f MiB/s", perSecond / (1 << 20))
                : String.format(Locale.ROOT, "%,.0f %s/s", perSecond, unit);
    }

    @Override
    public void finish() {
        if (bar != null) {
            if (total > 0) {
                bar.stepTo(total);
            }
            bar.close();
            bar = null;
        } else if (task != null && (System.nanoTime() - started) > LINE_EVERY_NANOS) {
            err.println(task + ": done in " + Math.round((System.nanoTime() - started) / 1e9) + " s");
        }
        task = null;
        message = null;
    }
}
