package dev.lifelong.store.timeline;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.timeline.TimelineStore;
import dev.lifelong.data.vocab.Vocabulary;
import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.BulkLoader;
import dev.lifelong.store.LoadMode;
import dev.lifelong.store.ReadOnlyStoreException;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The histories of a prepared dataset, read straight from its memory-mapped timelines: no copy, no server, the
 * exact behaviours the models were trained on. Read-only: a dataset is an immutable snapshot, so
 * {@link #append} and {@link #bulkLoader} throw {@link ReadOnlyStoreException}.
 *
 * <p>Dense ids map back to raw strings through the dataset's vocabularies. An item the dataset dropped as rare
 * ({@code --min-item-count}) has no raw id left and reads as the empty string, which no vocabulary maps, so a
 * server sees the same unknown item the trainer saw.
 */
public final class TimelineBehaviourStore implements BehaviourStore {

    private final Dataset dataset;
    private final TimelineStore timelines;
    private final Object2IntOpenHashMap<String> users;
    private volatile boolean closed;

    public TimelineBehaviourStore(Dataset dataset) {
        this.dataset = dataset;
        this.timelines = dataset.timelines();
        // Our own map: Vocabulary.id is synchronized, which would serialise concurrent reads.
        Vocabulary v = dataset.users();
        users = new Object2IntOpenHashMap<>(v.size());
        users.defaultReturnValue(0);
        for (int id = 1; id < v.size(); id++) {
            users.put(v.raw(id), id);
        }
    }

    /** Opens the dataset folder {@code dir} (checking every file's checksum). */
    public static TimelineBehaviourStore open(Path dir) throws IOException {
        return new TimelineBehaviourStore(Dataset.open(dir));
    }

    /** Reads are served from the dataset's files, mapped into memory. */
    @Override
    public boolean local() {
        return true;
    }

    @Override
    public String describe() {
        return "timeline:" + dataset.dir();
    }

    /** Users with a history, for loaders that walk the whole dataset. */
    public int userCount() {
        return dataset.users().size() - 1;
    }

    /** The raw id of dense user {@code id} ({@code 1 .. userCount()}). */
    public String rawUser(int id) {
        return dataset.users().raw(id);
    }

    @Override
    public void read(String user, int maxLen, Behaviours into) {
        BehaviourStore.requireUser(user);
        BehaviourStore.requireMaxLen(maxLen);
        into.clear();
        if (closed) {
            throw new IllegalStateException(describe() + " is closed");
        }
        int u = users.getInt(user);
        if (u == 0) {
            return;
        }
        int end = timelines.end(u);
        int start = Math.max(timelines.start(u), end - maxLen);
        Vocabulary items = dataset.items();
        Vocabulary categories = dataset.categories();
        Vocabulary behaviours = dataset.behaviours();
        for (int row = start; row < end; row++) {
            String item = items.raw(timelines.item(row));
            into.add(item == null ? "" : item, categories.raw(timelines.category(row)),
                    behaviours.raw(timelines.behaviour(row)), timelines.value(row), timelines.epochSeconds(row));
        }
    }

    @Override
    public void append(String user, Behaviours events) {
        throw new ReadOnlyStoreException(describe(), "append");
    }

    @Override
    public BulkLoader bulkLoader(LoadMode mode) {
        throw new ReadOnlyStoreException(describe(), "bulk load");
    }

    /** Only marks the store closed: the mapped files are released with the dataset by the garbage collector. */
    @Override
    public void close() {
        closed = true;
    }
}
