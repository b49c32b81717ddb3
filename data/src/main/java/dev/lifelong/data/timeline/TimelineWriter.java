package dev.lifelong.data.timeline;

import dev.lifelong.data.format.ChecksummedWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a {@link TimelineStore} file from events already sorted by (user, time, file order). Columns are
 * written one after another, each aligned, so the reader maps each as a typed view.
 */
public final class TimelineWriter {

    private TimelineWriter() {
    }

    /**
     * @param rows         event indices in {@code table}, in timeline order (users ascending, then time)
     * @param userCount    user ids including 0
     * @param itemCategory category of each item id
     */
    public static void write(Path file, EventTable table, int[] rows, int userCount, long baseTime,
                             int[] itemCategory) throws IOException {
        int[] offsets = new int[userCount + 1];
        for (int r : rows) {
            offsets[table.user(r) + 1]++;
        }
        for (int u = 0; u < userCount; u++) {
            offsets[u + 1] += offsets[u];
        }
        try (ChecksummedWriter w = new ChecksummedWriter(file, TimelineStore.FORMAT)) {
            w.writeLong(baseTime);
            w.writeInt(userCount);
            w.writeInt(rows.length);
            w.writeInt(itemCategory.length);
            w.align(8);
            for (int o : offsets) {
                w.writeInt(o);
            }
            w.align(8);
            for (int r : rows) {
                w.writeInt(table.item(r));
            }
            w.align(8);
            for (int r : rows) {
                w.writeInt(table.category(r));
            }
            w.align(8);
            for (int r : rows) {
                int b = table.behaviour(r);
                if (b > 255) {
                    throw new IllegalArgumentException("more than 255 behaviour types; the timeline stores one byte");
                }
                w.writeByte((byte) b);
            }
            w.align(8);
            for (int r : rows) {
                w.writeFloat(table.value(r));
            }
            w.align(8);
            for (int r : rows) {
                long t = table.time(r) - baseTime;
                if (t < 0 || t > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("timestamps span more than 68 years; narrow --time-range");
                }
                w.writeInt((int) t);
            }
            w.align(8);
            for (int c : itemCategory) {
                w.writeInt(c);
            }
            w.commit();
        }
    }
}
