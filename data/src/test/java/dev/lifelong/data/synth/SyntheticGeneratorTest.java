package dev.lifelong.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.core.metric.Auc;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.dataset.DatasetMetadata;
import dev.lifelong.data.dataset.DatasetStatistics;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.sample.SampleTable;
import dev.lifelong.data.split.SplitSpec;
import dev.lifelong.data.timeline.TimelineStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticGeneratorTest {

    static final SyntheticConfig SMALL = SyntheticConfig.DEFAULT.withSize(400, 3_000, 40, 300, 20_000);

    private static DatasetMetadata generate(SyntheticConfig c, Path out) throws Exception {
        return new SyntheticGenerator(c).generate(out, SplitSpec.TimeCut.fractions(0.1, 0.1), null,
                ProgressListener.NONE);
    }

    @Test
    void aSeedReproducesTheDatasetByteForByte(@TempDir Path tmp) throws Exception {
        generate(SMALL, tmp.resolve("a"));
        generate(SMALL, tmp.resolve("b"));
        generate(SMALL.withSeed(7), tmp.resolve("c"));
        for (String f : new String[] {Dataset.TIMELINES, Dataset.SAMPLES, "vocab-item.llf"}) {
            assertThat(Files.readAllBytes(tmp.resolve("a").resolve(f))).isEqualTo(Files.readAllBytes(tmp.resolve("b").resolve(f)));
        }
        assertThat(Files.readAllBytes(tmp.resolve("a").resolve(Dataset.SAMPLES)))
                .isNotEqualTo(Files.readAllBytes(tmp.resolve("c").resolve(Dataset.SAMPLES)));
    }

    @Test
    void historiesAreHeavyTailedAndPrecedeEveryImpression(@TempDir Path tmp) throws Exception {
        DatasetMetadata m = generate(SMALL, tmp);
        Dataset d = Dataset.open(tmp);
        DatasetStatistics st = DatasetStatistics.of(d);
        assertThat(st.userHistory().mean()).isBetween(300 * 0.8, 300 * 1.2);
        assertThat(st.userHistory().max()).isGreaterThan(3 * 300);
        assertThat(st.userHistory().p50()).isLessThan((long) st.userHistory().mean());
        TimelineStore t = d.timelines();
        SampleTable s = d.samples();
        assertThat(s.size()).isEqualTo(400 * SMALL.impressions());
        for (int i = 0; i < s.size(); i++) {
            int u = s.user(i);
            assertThat(s.historyEnd(i)).isEqualTo(t.end(u));
            assertThat(t.epochSeconds(t.end(u) - 1)).isLessThan(s.epochSeconds(i));
            assertThat(s.trueProbability(i)).isBetween(0f, 1f);
        }
        assertThat((double) m.notes().get("oracle_auc_test")).isGreaterThan(0.7);
        assertThat(m.count("events")).isEqualTo(t.eventCount());
    }

    /**
     * The signal lives in a few related behaviours anywhere in the history. Counting the user's behaviours in the
     * target's category over the whole history ranks clicks better than the same count over the last 50 (dormant
     * interests are invisible there), and better than the category's share of the history (what a mean over the
     * history sees: a few related behaviours are diluted by a long history).
     */
    @Test
    void theSignalIsInAFewRelatedBehavioursAnywhereInTheHistory(@TempDir Path tmp) throws Exception {
        generate(SMALL, tmp);
        Dataset d = Dataset.open(tmp);
        TimelineStore t = d.timelines();
        SampleTable s = d.samples();
        float[] count = new float[s.size()];
        float[] recent = new float[s.size()];
        float[] share = new float[s.size()];
        float[] labels = new float[s.size()];
        for (int i = 0; i < s.size(); i++) {
            int u = s.user(i);
            int end = s.historyEnd(i);
            int n = count(t, t.start(u), end, s.category(i));
            count[i] = n;
            share[i] = (float) n / (end - t.start(u));
            recent[i] = count(t, Math.max(t.start(u), end - 50), end, s.category(i));
            labels[i] = s.label(i);
        }
        double aucCount = Auc.of(count, labels, s.size());
        double aucRecent = Auc.of(recent, labels, s.size());
        double aucShare = Auc.of(share, labels, s.size());
        String all = String.format("count %.4f, recent %.4f, share %.4f", aucCount, aucRecent, aucShare);
        assertThat(aucCount).as(all).isGreaterThan(0.7);
        assertThat(aucCount - aucRecent).as(all).isGreaterThan(0.03);
        assertThat(aucCount - aucShare).as(all).isGreaterThan(0.005);
    }

    private static int count(TimelineStore t, int from, int to, int category) {
        int n = 0;
        for (int r = from; r < to; r++) {
            n += t.category(r) == category ? 1 : 0;
        }
        return n;
    }
}
