package dev.lifelong.data.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.data.SharedData;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.read.MovieLensReader;
import dev.lifelong.data.read.TaobaoReader;
import dev.lifelong.data.read.TimeRange;
import dev.lifelong.data.sample.LabelProtocol;
import dev.lifelong.data.sample.NegativeSampler;
import dev.lifelong.data.split.SplitSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published sizes of the shared datasets come out of prepare exactly. */
class PrepareSharedDataTest {

    @Test
    void movieLensLatestSmall(@TempDir Path out) throws Exception {
        DatasetMetadata m = DatasetBuilder.prepare(
                new MovieLensReader(SharedData.path("movielens-latest-small"), TimeRange.DEFAULT), out,
                new DatasetBuilder.Options(new LabelProtocol.Explicit(4f), SplitSpec.TimeCut.fractions(0.1, 0.1), 1,
                        42, true, 10), ProgressListener.NONE);
        assertThat(m.rejected().read()).isEqualTo(100_836);
        assertThat(m.rejected().rejected()).isZero();
        assertThat(m.count("events")).isEqualTo(100_836);
        assertThat(m.count("users")).isEqualTo(610);
        assertThat(m.count("items")).isEqualTo(9_724);
        assertThat(m.count("samples")).isEqualTo(100_836);
        assertThat(m.count("train_samples") + m.count("valid_samples") + m.count("test_samples")).isEqualTo(100_836);
        // rating >= 4 is a click: 48,580 of the 100,836 ratings in this release.
        long positives = m.count("train_positives") + m.count("valid_positives") + m.count("test_positives");
        assertThat(positives).isEqualTo(48_580);

        Dataset d = Dataset.open(out);
        assertThat(d.timelines().userCount()).isEqualTo(611);
        assertThat(d.items().size()).isEqualTo(9_725);
        assertThat(d.categories().raw(d.timelines().categoryOfItem(d.items().id("1")))).isEqualTo("Adventure");
        DatasetStatistics st = DatasetStatistics.of(d);
        assertThat(st.userHistory().max()).isEqualTo(2_698);
        assertThat(st.userHistory().p50()).isBetween(70L, 71L);
        // A user rates a movie once: every history is all distinct items.
        assertThat(st.userDistinct()).isEqualTo(st.userHistory());
    }

    @Test
    void taobaoSample(@TempDir Path out) throws Exception {
        DatasetMetadata m = DatasetBuilder.prepare(
                new TaobaoReader(SharedData.path("taobao-userbehavior-sample/UserBehavior-head.csv"), TimeRange.DEFAULT),
                out, new DatasetBuilder.Options(new LabelProtocol.SampledNegatives(1, NegativeSampler.SAME_CATEGORY),
                        SplitSpec.TimeCut.fractions(0.1, 0.1), 1, 42, true, 10), ProgressListener.NONE);
        assertThat(m.count("events")).isEqualTo(4_321);
        assertThat(m.count("users")).isEqualTo(43);
        assertThat(m.count("behaviour_types")).isEqualTo(4);
        assertThat(m.count("samples")).isEqualTo(2 * 4_321);
        DatasetStatistics st = DatasetStatistics.of(Dataset.open(out));
        assertThat(st.userHistory().max()).isEqualTo(466);
        // Shoppers come back to items they looked at: fewer distinct items than events.
        assertThat(st.userDistinct().mean()).isLessThan(st.userHistory().mean());
        assertThat(st.userDistinct().max()).isLessThanOrEqualTo(466);
    }
}
