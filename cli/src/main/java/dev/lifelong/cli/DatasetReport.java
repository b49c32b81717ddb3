package dev.lifelong.cli;

import dev.lifelong.data.dataset.DatasetMetadata;
import dev.lifelong.data.dataset.DatasetStatistics;
import dev.lifelong.data.split.Split;
import dev.lifelong.data.validate.RejectionSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The human summary of a dataset, shared by {@code prepare} and {@code inspect}. */
final class DatasetReport {

    private DatasetReport() {
    }

    static void print(DatasetMetadata m, Path dir, PrintWriter out) {
        RejectionSummary r = m.rejected();
        out.printf(Locale.ROOT, "dataset     %s%n", dir);
        out.printf(Locale.ROOT, "source      %s%n", m.source());
        printRows(r, out);
        out.printf(Locale.ROOT, "users       %,d%n", m.count("users"));
        out.printf(Locale.ROOT, "items       %,d%n", m.count("items"));
        out.printf(Locale.ROOT, "categories  %,d%n", m.count("categories"));
        out.printf(Locale.ROOT, "behaviours  %,d types%n", m.count("behaviour_types"));
        out.printf(Locale.ROOT, "events      %,d in timelines (%.1f bytes per event on disk)%n", m.count("events"),
                m.bytesPerEvent());
        out.printf(Locale.ROOT, "protocol    %s%n", m.protocol().get("description"));
        out.printf(Locale.ROOT, "split       %s%n", m.split().get("description"));
        for (Split s : Split.values()) {
            long n = m.count(s.label() + "_samples");
            long pos = m.count(s.label() + "_positives");
            out.printf(Locale.ROOT, "  %-6s    %,d samples, label rate %s%n", s.label(), n, rate(pos, n));
        }
        out.flush();
    }

    /** Rows read, accepted and rejected, rejections by reason and the first rejected rows. */
    static void printRows(RejectionSummary r, PrintWriter out) {
        out.printf(Locale.ROOT, "rows        %,d read, %,d accepted, %,d rejected%n", r.read(), r.accepted(),
                r.rejected());
        for (Map.Entry<String, Long> e : r.byReason().entrySet()) {
            out.printf(Locale.ROOT, "            %,10d  %s%n", e.getValue(), e.getKey());
        }
        if (!r.examples().isEmpty()) {
            out.println("first rejected rows:");
            for (String ex : r.examples()) {
                out.println("  " + ex);
            }
        }
    }

    static void printStatistics(DatasetStatistics st, PrintWriter out) {
        out.printf(Locale.ROOT, "events per user    %s%n", quantiles(st.userHistory()));
        out.printf(Locale.ROOT, "distinct items     %s per user (%.0f%% of its events on average)%n",
                quantiles(st.userDistinct()), 100 * st.userDistinct().mean() / Math.max(1, st.userHistory().mean()));
        out.printf(Locale.ROOT, "history per sample %s%n", quantiles(st.sampleHistory()));
        out.flush();
    }

    private static String quantiles(DatasetStatistics.Quantiles q) {
        return String.format(Locale.ROOT, "mean %.1f, p50 %d, p90 %d, p99 %d, max %d", q.mean(), q.p50(), q.p90(),
                q.p99(), q.max());
    }

    private static String rate(long pos, long n) {
        return n == 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) pos / n);
    }
}
