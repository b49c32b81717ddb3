package dev.lifelong.data.validate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts every row read, accepted and rejected, rejected ones by reason, and keeps the first few examples. In
 * strict mode the first rejection throws {@link BadRowException}. A reader reports each row exactly once,
 * either {@link #accept()} or {@link #reject}, so {@code read == accepted + rejected} always holds.
 */
public final class RejectionLog {

    private final boolean strict;
    private final int maxExamples;
    private final Map<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);
    private final List<Rejection> examples = new ArrayList<>();
    private long accepted;
    private long rejected;

    public RejectionLog(boolean strict, int maxExamples) {
        this.strict = strict;
        this.maxExamples = maxExamples;
    }

    public void accept() {
        accepted++;
    }

    public void reject(String file, long line, String column, RejectReason reason, String detail) {
        Rejection r = new Rejection(file, line, column, reason, abbreviate(detail));
        if (strict) {
            throw new BadRowException(r);
        }
        rejected++;
        counts.merge(reason, 1L, Long::sum);
        if (examples.size() < maxExamples) {
            examples.add(r);
        }
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 60 ? clean : clean.substring(0, 57) + "...";
    }

    public long read() {
        return accepted + rejected;
    }

    public long accepted() {
        return accepted;
    }

    public long rejected() {
        return rejected;
    }

    public long count(RejectReason reason) {
        return counts.getOrDefault(reason, 0L);
    }

    public Map<RejectReason, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    public List<Rejection> examples() {
        return Collections.unmodifiableList(examples);
    }

    /**
     * Why a source gave no valid event, for its error message: the rejected rows by reason and the first
     * examples ({@code "2 rows rejected: bad_timestamp 2; first: f.csv:1: column 'ts': ..."}).
     */
    public String whyNoneValid() {
        StringBuilder b = new StringBuilder().append(rejected).append(rejected == 1 ? " row" : " rows")
                .append(" rejected");
        if (rejected == 0) {
            return b.append(": the source holds no rows").toString();
        }
        String sep = ": ";
        for (Map.Entry<RejectReason, Long> e : counts.entrySet()) {
            b.append(sep).append(e.getKey().name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(e.getValue());
            sep = ", ";
        }
        for (int i = 0; i < Math.min(3, examples.size()); i++) {
            b.append(i == 0 ? "; first: " : "; ").append(examples.get(i).message());
        }
        return b.toString();
    }

    /** The totals and reasons as saved with a dataset. */
    public RejectionSummary summary() {
        Map<String, Long> byReason = new java.util.LinkedHashMap<>();
        counts.forEach((k, v) -> byReason.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
        List<String> ex = examples.stream().map(Rejection::message).toList();
        return new RejectionSummary(read(), accepted, rejected, byReason, ex);
    }
}
