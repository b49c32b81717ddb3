package dev.lifelong.data.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifelong.data.SharedData;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.dataset.DatasetBuilder;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.read.MovieLensReader;
import dev.lifelong.data.read.TimeRange;
import dev.lifelong.data.sample.LabelProtocol;
import dev.lifelong.data.sample.SampleTable;
import dev.lifelong.data.split.SplitSpec;
import dev.lifelong.data.timeline.TimelineStore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchAssemblerTest {

    @TempDir
    static Path dir;
    static Dataset movieLens;

    @BeforeAll
    static void prepare() throws Exception {
        DatasetBuilder.prepare(new MovieLensReader(SharedData.path("movielens-latest-small"), TimeRange.DEFAULT), dir,
                new DatasetBuilder.Options(new LabelProtocol.Explicit(4f), SplitSpec.TimeCut.fractions(0.1, 0.1), 1, 1,
                        true, 5), ProgressListener.NONE);
        movieLens = Dataset.open(dir);
    }

    @Test
    void sequencesAreTheMostRecentHistoryRowsWithTheirCrossFeatures() {
        SampleTable s = movieLens.samples();
        TimelineStore t = movieLens.timelines();
        BatchAssembler assembler = new BatchAssembler(movieLens, 200, 20);
        int[] ids = new int[s.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        SampleBatch batch = new SampleBatch();
        int checked = 0;
        for (int from = 0; from < ids.length; from += 997) {
            int to = Math.min(ids.length, from + 256);
            assembler.assemble(ids, from, to, batch);
            assertThat(batch.size()).isEqualTo(to - from);
            for (int b = 0; b < batch.size(); b++) {
                int sample = ids[from + b];
                int end = s.historyEnd(sample);
                int available = end - t.start(s.user(sample));
                BehaviourSequences lng = batch.longSequence();
                BehaviourSequences sht = batch.shortSequence();
                assertThat(lng.length(b)).isEqualTo(Math.min(200, available));
                assertThat(sht.length(b)).isEqualTo(Math.min(20, available));
                for (int k = 0; k < lng.length(b); k++) {
                    int at = lng.start(b) + k;
                    int row = end - lng.length(b) + k;
                    assertThat(lng.timelineRows()[at]).isEqualTo(row);
                    assertThat(lng.items()[at]).isEqualTo(t.item(row));
                    assertThat(lng.categories()[at]).isEqualTo(t.category(row));
                    assertThat(lng.behaviours()[at]).isEqualTo(t.behaviour(row));
                    assertThat(lng.gapBuckets()[at]).isEqualTo(CrossFeatures.gapBucket((long) s.time(sample)
                            - t.time(row)));
                    assertThat(lng.positions()[at]).isEqualTo(lng.length(b) - k);
                    assertThat(t.epochSeconds(row)).isLessThanOrEqualTo(s.epochSeconds(sample));
                    assertThat(lng.valueBuckets()[at]).isEqualTo(CrossFeatures.valueBucket(t.value(row)));
                    assertThat(lng.gapBuckets()[at]).isBetween(1, CrossFeatures.GAP_BUCKETS - 1);
                    if (k > 0) {
                        assertThat(lng.gapBuckets()[at]).isLessThanOrEqualTo(lng.gapBuckets()[at - 1]);
                    }
                }
                for (int k = 0; k < sht.length(b); k++) {
                    int longAt = lng.start(b) + lng.length(b) - sht.length(b) + k;
                    assertThat(sht.items()[sht.start(b) + k]).isEqualTo(lng.items()[longAt]);
                    assertThat(sht.categories()[sht.start(b) + k]).isEqualTo(lng.categories()[longAt]);
                    assertThat(sht.gapBuckets()[sht.start(b) + k]).isEqualTo(lng.gapBuckets()[longAt]);
                }
                assertThat(batch.items()[b]).isEqualTo(s.item(sample));
                assertThat(batch.labels()[b]).isEqualTo(s.label(sample));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(20_000);
    }

    @Test
    void withoutCrossFeaturesTheSameSequencesComeWithoutThemAndReadingThemFails() {
        int[] ids = java.util.stream.IntStream.range(0, 300).map(i -> i * 7).toArray();
        SampleBatch full = new BatchAssembler(movieLens, 200, 20).assemble(ids, 0, ids.length, new SampleBatch());
        SampleBatch lean = new SampleBatch();
        new BatchAssembler(movieLens, 200, 20, false, true).assemble(ids, 0, ids.length, lean);
        for (BehaviourSequences[] pair : new BehaviourSequences[][] {{full.longSequence(), lean.longSequence()},
                {full.shortSequence(), lean.shortSequence()}}) {
            int rows = pair[0].rows();
            assertThat(pair[1].rows()).isEqualTo(rows);
            assertThat(java.util.Arrays.copyOf(pair[1].items(), rows)).containsExactly(
                    java.util.Arrays.copyOf(pair[0].items(), rows));
            assertThat(java.util.Arrays.copyOf(pair[1].categories(), rows)).containsExactly(
                    java.util.Arrays.copyOf(pair[0].categories(), rows));
            assertThat(java.util.Arrays.copyOf(pair[1].timelineRows(), rows)).containsExactly(
                    java.util.Arrays.copyOf(pair[0].timelineRows(), rows));
            assertThat(java.util.Arrays.copyOf(pair[1].positions(), rows)).containsExactly(
                    java.util.Arrays.copyOf(pair[0].positions(), rows));
        }
        assertThat(lean.longSequence().hasCrossFeatures()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lean.longSequence().gapBuckets())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("without cross features");
        assertThat(java.util.Arrays.copyOf(lean.shortSequence().gapBuckets(), full.shortSequence().rows()))
                .containsExactly(java.util.Arrays.copyOf(full.shortSequence().gapBuckets(),
                        full.shortSequence().rows()));
        // The same holder assembled again with them has them again.
        new BatchAssembler(movieLens, 200, 20).assemble(ids, 0, ids.length, lean);
        assertThat(lean.longSequence().hasCrossFeatures()).isTrue();
        assertThat(java.util.Arrays.copyOf(lean.longSequence().gapBuckets(), full.longSequence().rows()))
                .containsExactly(java.util.Arrays.copyOf(full.longSequence().gapBuckets(), full.longSequence().rows()));
    }

    @Test
    void aUsersFirstSampleHasAnEmptyHistory() {
        SampleTable s = movieLens.samples();
        TimelineStore t = movieLens.timelines();
        int first = -1;
        for (int i = 0; i < s.size() && first < 0; i++) {
            if (s.historyEnd(i) == t.start(s.user(i))) {
                first = i;
            }
        }
        SampleBatch batch = new BatchAssembler(movieLens, 50, 10).assemble(new int[] {first}, 0, 1, new SampleBatch());
        assertThat(batch.longSequence().length(0)).isZero();
        assertThat(batch.shortSequence().rows()).isZero();
    }

    @Test
    void crossFeatureBuckets() {
        assertThat(CrossFeatures.valueBucket(Float.NaN)).isZero();
        assertThat(new int[] {CrossFeatures.valueBucket(3f), CrossFeatures.valueBucket(3.5f),
            CrossFeatures.valueBucket(4f), CrossFeatures.valueBucket(4.5f), CrossFeatures.valueBucket(5f)})
                .containsExactly(17, 18, 19, 20, 21);
        assertThat(CrossFeatures.valueBucket(1e9f)).isEqualTo(CrossFeatures.VALUE_BUCKETS - 1);
        assertThat(CrossFeatures.gapBucket(0)).isEqualTo(1);
        assertThat(CrossFeatures.gapBucket(60)).isEqualTo(2);
        assertThat(CrossFeatures.gapBucket(86_400)).isEqualTo(11);
        assertThat(CrossFeatures.gapBucket(Long.MAX_VALUE / 2)).isEqualTo(CrossFeatures.GAP_BUCKETS - 1);
        assertThatThrownBy(() -> CrossFeatures.gapBucket(-1)).hasMessageContaining("future leak");
        assertThatThrownBy(() -> new BatchAssembler(movieLens, 10, 20)).hasMessageContaining("short_len");
    }
}
