package dev.lifelong.store.ingest;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.read.EventReader;
import dev.lifelong.data.timeline.EventTable;
import dev.lifelong.data.validate.RejectionLog;
import dev.lifelong.data.vocab.Vocabulary;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.BulkLoader;
import dev.lifelong.store.timeline.TimelineBehaviourStore;
import java.io.IOException;

/**
 * Bulk loads into a store: a prepared dataset's timelines, or a raw log read and validated by the same readers as
 * {@code prepare}. Either way every user is added once with the whole history, so a store's chunking is the same
 * as if the history had been appended in one go.
 */
public final class StoreIngest {

    private StoreIngest() {
    }

    /** Adds every user of the dataset that has behaviours: exactly the timelines the models were trained on. */
    public static void fromDataset(Dataset dataset, BulkLoader loader, ProgressListener progress) {
        TimelineBehaviourStore source = new TimelineBehaviourStore(dataset);
        Behaviours history = new Behaviours();
        int users = source.userCount();
        progress.start("loading users", users, "users");
        for (int u = 1; u <= users; u++) {
            String raw = source.rawUser(u);
            source.read(raw, Integer.MAX_VALUE, history);
            if (!history.isEmpty()) {
                loader.add(raw, history);
            }
            if (u % 1024 == 0) {
                progress.advanceTo(u);
            }
        }
        progress.advanceTo(users);
        progress.finish();
    }

    /**
     * Reads {@code reader}'s log, every row accepted or rejected into {@code log} (which throws at the first bad
     * row when strict), then adds each user's events, time-sorted with ties in file order. The log is held in
     * memory in columns while it is grouped by user (about 30 bytes an event, as for {@code prepare}). In a log
     * with explicit labels only the clicks (label 1) are behaviours, as in a prepared dataset's timelines.
     *
     * @throws IllegalArgumentException when no row is valid
     */
    public static void fromLog(EventReader reader, RejectionLog log, BulkLoader loader, ProgressListener progress)
            throws IOException {
        EventTable table = new EventTable();
        reader.read(table, log, progress);
        if (table.size() == 0) {
            throw new IllegalArgumentException(reader.describe() + ": no valid event (" + log.whyNoneValid() + ")");
        }
        // With min count 1 every value is kept in order of appearance, so the table's provisional ids are already
        // these vocabularies' ids and need no remap.
        Vocabulary users = table.users().build(1).vocabulary();
        Vocabulary items = table.items().build(1).vocabulary();
        Vocabulary categories = table.categories().build(1).vocabulary();
        Vocabulary types = table.behaviours().build(1).vocabulary();
        int[] order = table.sortedByUserAndTime(users.size());
        Behaviours history = new Behaviours();
        progress.start("loading users", users.size() - 1L, "users");
        int done = 0;
        for (int i = 0; i < order.length; ) {
            int u = table.user(order[i]);
            history.clear();
            for (; i < order.length && table.user(order[i]) == u; i++) {
                int e = order[i];
                float label = table.label(e);
                if (Float.isNaN(label) || label == 1f) {
                    history.add(items.raw(table.item(e)), categories.raw(table.category(e)),
                            types.raw(table.behaviour(e)), table.value(e), table.time(e));
                }
            }
            if (!history.isEmpty()) {
                loader.add(users.raw(u), history);
            }
            if (++done % 1024 == 0) {
                progress.advanceTo(done);
            }
        }
        progress.advanceTo(users.size() - 1L);
        progress.finish();
    }
}
