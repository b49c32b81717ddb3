package dev.lifelong.data.timeline;

import dev.lifelong.data.format.ChecksummedWriter;
import dev.lifelong.data.format.ColumnSpool;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a {@link TimelineStore} file from events appended in timeline order (users ascending, each user's
 * events by time). Columns are spooled to temporary files as events stream in, then assembled behind the
 * header in one pass, so memory stays bounded however many events there are.
 */
public final class TimelineWriter implements AutoCloseable {

    private final Path file;
    private final long baseTime;
    private final int[] offsets;
    private final ColumnSpool item;
    private final ColumnSpool category;
    private final ColumnSpool behaviour;
    private final ColumnSpool value;
    private final ColumnSpool time;
    private int events;
    private int lastUser;

    /** @param userCount user ids including 0 */
    public TimelineWriter(Path file, int userCount, long baseTime) throws IOException {
        this.file = file;
        this.baseTime = baseTime;
        this.offsets = new int[userCount + 1];
        Path dir = file.toAbsolutePath().getParent();
        this.item = new ColumnSpool(dir, "item");
        this.category = new ColumnSpool(dir, "category");
        this.behaviour = new ColumnSpool(dir, "behaviour");
        this.value = new ColumnSpool(dir, "value");
        this.time = new ColumnSpool(dir, "time");
    }

    /** Appends one event; users must not decrease, and times within a user must not decrease. */
    public void append(int user, int itemId, int categoryId, int behaviourId, float v, long epochSeconds)
            throws IOException {
        if (user < lastUser || user >= offsets.length - 1) {
            throw new IllegalArgumentException("user " + user + " out of order or range");
        }
        if (behaviourId > 255) {
            throw new IllegalArgumentException("more than 255 behaviour types; the timeline stores one byte");
        }
        long t = epochSeconds - baseTime;
        if (t < 0 || t > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timestamps span more than 68 years; narrow the time range");
        }
        if (events == Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("more than 2^31 events in one timeline store");
        }
        lastUser = user;
        offsets[user + 1]++;
        item.putInt(itemId);
        category.putInt(categoryId);
        behaviour.putByte((byte) behaviourId);
        value.putFloat(v);
        time.putInt((int) t);
        events++;
    }

    public int events() {
        return events;
    }

    /** Writes the file with each item's category and renames it into place. */
    public void finish(int[] itemCategory) throws IOException {
        for (int u = 0; u < offsets.length - 1; u++) {
            offsets[u + 1] += offsets[u];
        }
        try (ChecksummedWriter w = new ChecksummedWriter(file, TimelineStore.FORMAT)) {
            w.writeLong(baseTime);
            w.writeInt(offsets.length - 1);
            w.writeInt(events);
            w.writeInt(itemCategory.length);
            w.align(8);
            for (int o : offsets) {
                w.writeInt(o);
            }
            for (ColumnSpool c : new ColumnSpool[] {item, category, behaviour, value, time}) {
                w.align(8);
                c.appendTo(w);
            }
            w.align(8);
            for (int c : itemCategory) {
                w.writeInt(c);
            }
            w.commit();
        }
    }

    /** Writes events of {@code table} in the order of {@code rows} (sorted by user, then time). */
    public static void write(Path file, EventTable table, int[] rows, int userCount, long baseTime,
                             int[] itemCategory) throws IOException {
        try (TimelineWriter w = new TimelineWriter(file, userCount, baseTime)) {
            for (int r : rows) {
                w.append(table.user(r), table.item(r), table.category(r), table.behaviour(r), table.value(r),
                        table.time(r));
            }
            w.finish(itemCategory);
        }
    }

    @Override
    public void close() throws IOException {
        for (ColumnSpool c : new ColumnSpool[] {item, category, behaviour, value, time}) {
            c.close();
        }
    }
}
