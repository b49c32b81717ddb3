package dev.lifelong.data.sample;

import dev.lifelong.data.format.BlockReader;
import dev.lifelong.data.format.ChecksummedFile;
import dev.lifelong.data.format.ChecksummedWriter;
import dev.lifelong.data.format.FormatSpec;
import dev.lifelong.data.split.Split;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;

/**
 * The samples of a dataset, memory-mapped and columnar, in chronological order. A sample is a few ints: user,
 * target item and category, label, time, where the user's history ends in the timeline, split, and (for
 * synthetic data) the true click probability. Its history is timeline rows {@code [start(user), historyEnd)}.
 */
public final class SampleTable {

    public static final FormatSpec FORMAT = new FormatSpec("lifelong.samples", 1, 1);

    private final int count;
    private final long baseTime;
    private final IntBuffer user;
    private final IntBuffer item;
    private final IntBuffer category;
    private final FloatBuffer label;
    private final IntBuffer time;
    private final IntBuffer historyEnd;
    private final ByteBuffer split;
    private final FloatBuffer trueProbability;

    private SampleTable(int count, long baseTime, IntBuffer user, IntBuffer item, IntBuffer category,
                        FloatBuffer label, IntBuffer time, IntBuffer historyEnd, ByteBuffer split,
                        FloatBuffer trueProbability) {
        this.count = count;
        this.baseTime = baseTime;
        this.user = user;
        this.item = item;
        this.category = category;
        this.label = label;
        this.time = time;
        this.historyEnd = historyEnd;
        this.split = split;
        this.trueProbability = trueProbability;
    }

    /** Writes {@code samples} in {@code order} with their splits. */
    public static void write(Path file, SampleColumns s, int[] order, long baseTime) throws IOException {
        try (ChecksummedWriter w = new ChecksummedWriter(file, FORMAT)) {
            w.writeLong(baseTime);
            w.writeInt(order.length);
            w.align(8);
            for (int i : order) {
                w.writeInt(s.user.getInt(i));
            }
            w.align(8);
            for (int i : order) {
                w.writeInt(s.item.getInt(i));
            }
            w.align(8);
            for (int i : order) {
                w.writeInt(s.category.getInt(i));
            }
            w.align(8);
            for (int i : order) {
                w.writeFloat(s.label.getFloat(i));
            }
            w.align(8);
            for (int i : order) {
                w.writeInt((int) (s.time.getLong(i) - baseTime));
            }
            w.align(8);
            for (int i : order) {
                w.writeInt(s.historyEnd.getInt(i));
            }
            w.align(8);
            for (int i : order) {
                w.writeByte(s.split[i]);
            }
            w.align(8);
            for (int i : order) {
                w.writeFloat(s.trueProbability.getFloat(i));
            }
            w.commit();
        }
    }

    public static SampleTable open(Path file) throws IOException {
        ChecksummedFile f = ChecksummedFile.open(file, FORMAT);
        BlockReader r = new BlockReader(f);
        long baseTime = r.readLong();
        int n = (int) r.checkedCount(r.readInt(), 29, "sample");
        return new SampleTable(n, baseTime, r.ints(n), r.ints(n), r.ints(n), r.floats(n), r.ints(n), r.ints(n),
                r.bytes(n), r.floats(n));
    }

    public int size() {
        return count;
    }

    public int user(int i) {
        return user.get(i);
    }

    public int item(int i) {
        return item.get(i);
    }

    public int category(int i) {
        return category.get(i);
    }

    public float label(int i) {
        return label.get(i);
    }

    /** Seconds since the timeline's base time. */
    public int time(int i) {
        return time.get(i);
    }

    public long epochSeconds(int i) {
        return baseTime + time.get(i);
    }

    /** Exclusive end of the sample's history in the timeline. */
    public int historyEnd(int i) {
        return historyEnd.get(i);
    }

    public Split split(int i) {
        return Split.values()[split.get(i)];
    }

    /** The generator's click probability; NaN for real data. */
    public float trueProbability(int i) {
        return trueProbability.get(i);
    }
}
