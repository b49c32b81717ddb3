package dev.lifelong.models.eta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.data.batch.SampleBatch;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.models.frame.ModelRegistry;
import dev.lifelong.models.frame.Retrieval;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving's retrieval chooses the same rows with the vector pass over a history as with the scalar one, over
 * histories that repeat themselves (selected by group) and histories that do not, for every candidate: the
 * wiring from a prepared history to {@link VectorHammingScan}, which CI's JDK would otherwise never run
 * ({@link HammingScan} chooses the scalar pass there).
 */
class EtaRetrievalTest {

    @TempDir
    static Path dir;
    static Dataset data;

    @BeforeAll
    static void generate() throws Exception {
        data = dev.lifelong.models.frame.SyntheticWorlds.generate(dir, 30, 400, 8, 150, 600);
    }

    @Test
    void theVectorPassRetrievesWhatTheScalarPassRetrieves() {
        for (int k : new int[] {5, 24}) {
            CtrModel m = ModelRegistry.create("eta", new ModelConfig(4, 600, 6, 2, new int[] {8}, 64, k, 3),
                    data.items().size(), data.categories().size());
            EtaUnit unit = (EtaUnit) m.longUnit();
            int[] usual = new int[data.items().size()];
            for (int i = 1; i < usual.length; i++) {
                usual[i] = 1 + i % (data.categories().size() - 1);
            }
            Retrieval scalar = new EtaRetrieval(unit.signatures(), k, usual, false);
            Retrieval vector = new EtaRetrieval(unit.signatures(), k, usual, true);
            int[] ids = IntStream.range(0, 60).map(i -> (i * 37) % data.samples().size()).toArray();
            SampleBatch b = m.assembler(data).assemble(ids, 0, ids.length, m.newShard().batch);
            BehaviourSequences seq = b.longSequence();
            int grouped = 0;
            int plain = 0;
            for (int s = 0; s < ids.length; s++) {
                int n = seq.length(s);
                if (n < VectorHammingScan.BLOCK) {
                    continue;
                }
                Retrieval.Prepared ps = scalar.prepare(seq, s);
                Retrieval.Prepared pv = vector.prepare(seq, s);
                if (4L * ps.distinctRows() <= n) {
                    grouped++;
                } else {
                    plain++;
                }
                Retrieval.Selector a = ps.selector();
                Retrieval.Selector c = pv.selector();
                for (int item = 1; item < data.items().size(); item += 3) {
                    // The usual category, and another one: a signature hashed on the spot.
                    int category = item % 5 == 0 ? 1 + (usual[item] % (data.categories().size() - 1)) : usual[item];
                    int[] x = new int[n];
                    int[] y = new int[n];
                    int nx = a.select(item, category, x);
                    int ny = c.select(item, category, y);
                    assertThat(Arrays.copyOf(y, ny)).as("k %d, sample %d, item %d", k, s, item)
                            .containsExactly(Arrays.copyOf(x, nx));
                    int[] mx = new int[n];
                    int[] my = new int[n];
                    int gx = a.selectGrouped(item, category, x, mx);
                    int gy = c.selectGrouped(item, category, y, my);
                    assertThat(Arrays.copyOf(y, gy)).as("k %d, sample %d, item %d", k, s, item)
                            .containsExactly(Arrays.copyOf(x, gx));
                    assertThat(Arrays.copyOf(my, gy)).containsExactly(Arrays.copyOf(mx, gx));
                }
            }
            assertThat(grouped).as("histories selected by group").isPositive();
            assertThat(plain).as("histories selected behaviour by behaviour").isPositive();
        }
    }
}
