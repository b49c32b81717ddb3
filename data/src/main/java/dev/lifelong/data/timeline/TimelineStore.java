package dev.lifelong.data.timeline;

import dev.lifelong.data.format.BlockReader;
import dev.lifelong.data.format.ChecksummedFile;
import dev.lifelong.data.format.CorruptFileException;
import dev.lifelong.data.format.FormatSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;

/**
 * Every user's behaviours, stored once: one time-sorted column per field (item, category, behaviour, value,
 * time) for all users back to back, and a per-user offset index, memory-mapped. User {@code u}'s timeline is
 * rows {@code [start(u), end(u))}, oldest first, ties in file order; access is O(1). Times are seconds since
 * {@link #baseTime()}, which keeps them in an int. Also holds each item's category (its first seen), which
 * negative samplers and servers need.
 */
public final class TimelineStore {

    public static final FormatSpec FORMAT = new FormatSpec("lifelong.timelines", 1, 1);

    private final Path path;
    private final long baseTime;
    private final int users;
    private final int events;
    private final IntBuffer offsets;
    private final IntBuffer item;
    private final IntBuffer category;
    private final ByteBuffer behaviour;
    private final FloatBuffer value;
    private final IntBuffer time;
    private final IntBuffer itemCategory;
    private final long bytes;

    private TimelineStore(Path path, long baseTime, int users, int events, IntBuffer offsets, IntBuffer item,
                          IntBuffer category, ByteBuffer behaviour, FloatBuffer value, IntBuffer time,
                          IntBuffer itemCategory, long bytes) {
        this.path = path;
        this.baseTime = baseTime;
        this.users = users;
        this.events = events;
        this.offsets = offsets;
        this.item = item;
        this.category = category;
        this.behaviour = behaviour;
        this.value = value;
        this.time = time;
        this.itemCategory = itemCategory;
        this.bytes = bytes;
    }

    public static TimelineStore open(Path file) throws IOException {
        ChecksummedFile f = ChecksummedFile.open(file, FORMAT);
        BlockReader r = new BlockReader(f);
        long baseTime = r.readLong();
        int users = (int) r.checkedCount(r.readInt(), 4, "user");
        int events = (int) r.checkedCount(r.readInt(), 17, "event");
        int items = (int) r.checkedCount(r.readInt(), 4, "item");
        IntBuffer offsets = r.ints(users + 1L);
        IntBuffer item = r.ints(events);
        IntBuffer category = r.ints(events);
        ByteBuffer behaviour = r.bytes(events);
        FloatBuffer value = r.floats(events);
        IntBuffer time = r.ints(events);
        IntBuffer itemCategory = r.ints(items);
        if (offsets.get(0) != 0 || offsets.get(users) != events) {
            throw new CorruptFileException(file, "user offsets do not cover the events");
        }
        return new TimelineStore(file, baseTime, users, events, offsets, item, category, behaviour, value, time,
                itemCategory, java.nio.file.Files.size(file));
    }

    public Path path() {
        return path;
    }

    /** Epoch seconds that stored times are relative to. */
    public long baseTime() {
        return baseTime;
    }

    /** Number of user ids including 0 (which has no events). */
    public int userCount() {
        return users;
    }

    public int eventCount() {
        return events;
    }

    /** Number of item ids including 0. */
    public int itemCount() {
        return itemCategory.limit();
    }

    public int start(int user) {
        return offsets.get(user);
    }

    public int end(int user) {
        return offsets.get(user + 1);
    }

    public int length(int user) {
        return end(user) - start(user);
    }

    public int item(int row) {
        return item.get(row);
    }

    /** Items of rows {@code [from, from + n)} into {@code out[at ..)}: one copy out of the mapped column. */
    public void items(int from, int n, int[] out, int at) {
        item.get(from, out, at, n);
    }

    /** Categories of rows {@code [from, from + n)} into {@code out[at ..)}. */
    public void categories(int from, int n, int[] out, int at) {
        category.get(from, out, at, n);
    }

    /** Times (seconds since {@link #baseTime()}) of rows {@code [from, from + n)} into {@code out[at ..)}. */
    public void times(int from, int n, int[] out, int at) {
        time.get(from, out, at, n);
    }

    public int category(int row) {
        return category.get(row);
    }

    public int behaviour(int row) {
        return behaviour.get(row) & 0xFF;
    }

    /** NaN when the source had no value. */
    public float value(int row) {
        return value.get(row);
    }

    /** Seconds since {@link #baseTime()}. */
    public int time(int row) {
        return time.get(row);
    }

    public long epochSeconds(int row) {
        return baseTime + time.get(row);
    }

    /** The category of item id {@code item} (0 when unknown). */
    public int categoryOfItem(int itemId) {
        return itemCategory.get(itemId);
    }

    /** Size of the file on disk. */
    public long bytes() {
        return bytes;
    }

    /** File bytes per stored event, index and item table included. */
    public double bytesPerEvent() {
        return events == 0 ? 0 : (double) bytes / events;
    }
}
