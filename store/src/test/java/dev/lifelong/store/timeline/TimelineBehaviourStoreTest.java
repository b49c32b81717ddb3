package dev.lifelong.store.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.data.dataset.DatasetBuilder;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.read.RawEvent;
import dev.lifelong.data.sample.LabelProtocol;
import dev.lifelong.data.split.SplitSpec;
import dev.lifelong.data.timeline.EventTable;
import dev.lifelong.data.validate.RejectionLog;
import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.BehaviourStoreContract;
import dev.lifelong.store.Behaviours;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineBehaviourStoreTest extends BehaviourStoreContract {

    @TempDir
    Path tmp;
    private int datasets;

    /** Writes the histories as a prepared dataset (events in the given order, which breaks time ties). */
    static Path dataset(Path dir, Map<String, Behaviours> histories, int minItemCount) throws Exception {
        EventTable table = new EventTable();
        RawEvent e = new RawEvent();
        histories.forEach((user, h) -> {
            for (int i = 0; i < h.size(); i++) {
                e.user = user;
                e.item = h.item(i);
                e.category = h.category(i);
                e.behaviour = h.behaviour(i);
                e.value = h.value(i);
                e.timestamp = h.time(i);
                table.accept(e);
            }
        });
        DatasetBuilder.write(table, new RejectionLog(false, 0), "test", dir,
                new DatasetBuilder.Options(new LabelProtocol.Explicit(0f), SplitSpec.TimeCut.fractions(0.1, 0.1),
                        minItemCount, 1, false, 0), ProgressListener.NONE);
        return dir;
    }

    @Override
    protected BehaviourStore create(Map<String, Behaviours> histories) throws Exception {
        return TimelineBehaviourStore.open(dataset(tmp.resolve("d" + datasets++), histories, 1));
    }

    @Override
    protected BehaviourStore reopen(BehaviourStore store) throws Exception {
        return TimelineBehaviourStore.open(Path.of(store.describe().substring("timeline:".length())));
    }

    @Override
    protected boolean appendable() {
        return false;
    }

    @Test
    void anItemDroppedAsRareReadsAsTheEmptyString() throws Exception {
        Behaviours h = new Behaviours().add("rare", "c", "pv", 1f, 100).add("common", "c", "pv", 1f, 101)
                .add("common", "c", "pv", 1f, 102);
        try (BehaviourStore s = TimelineBehaviourStore.open(dataset(tmp.resolve("rare"), Map.of("u", h), 2))) {
            Behaviours got = new Behaviours();
            s.read("u", 10, got);
            assertThat(got.item(0)).isEmpty();
            assertThat(got.item(2)).isEqualTo("common");
            assertThat(s.describe()).startsWith("timeline:").endsWith("rare");
        }
    }
}
