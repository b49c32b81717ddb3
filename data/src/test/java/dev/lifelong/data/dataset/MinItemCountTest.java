package dev.lifelong.data.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.read.TaobaoReader;
import dev.lifelong.data.read.TimeRange;
import dev.lifelong.data.sample.LabelProtocol;
import dev.lifelong.data.split.SplitSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinItemCountTest {

    @Test
    void rareItemsBecomeUnknownButTheirEventsStay(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("log.csv");
        StringBuilder sb = new StringBuilder();
        long t = 1511544070L;
        for (int k = 0; k < 3; k++) {
            sb.append("u1,common,c1,pv,").append(t++).append('\n');
            sb.append("u2,common,c1,pv,").append(t++).append('\n');
            sb.append("u2,other").append(k).append(",c2,pv,").append(t++).append('\n');
        }
        sb.append("u1,rare,c2,pv,").append(t).append('\n');
        Files.writeString(csv, sb);
        Path out = tmp.resolve("ds");
        DatasetMetadata m = DatasetBuilder.prepare(new TaobaoReader(csv, TimeRange.DEFAULT), out,
                new DatasetBuilder.Options(new LabelProtocol.Explicit(0f),
                        new SplitSpec.LastN(0, 1), 2, 1, true, 5), ProgressListener.NONE);
        Dataset d = Dataset.open(out);
        assertThat(m.count("items")).isEqualTo(1);
        assertThat(m.count("events")).isEqualTo(10);
        assertThat(d.items().id("common")).isEqualTo(1);
        assertThat(d.items().id("rare")).isZero();
        assertThat(d.items().count(0)).isEqualTo(4);
        assertThat(d.items().count(1)).isEqualTo(6);
    }
}
