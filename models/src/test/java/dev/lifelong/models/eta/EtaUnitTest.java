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
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ETA's forward pass retrieves, for every sample, the k behaviours nearest its target by a brute-force reading
 * of MODELS.md: every distance from a signature computed on its own, a sort by distance and then recency. One-word
 * signatures (m <= 64) take the sequence's signatures from the kept table and a bounded selection; longer ones a
 * per-batch map and a counting selection: both are held to the same reference, before and after the parameters
 * change.
 */
class EtaUnitTest {

    @TempDir
    static Path dir;
    static Dataset data;

    @BeforeAll
    static void generate() throws Exception {
        data = dev.lifelong.models.frame.SyntheticWorlds.generate(dir, 30, 400, 8, 150, 600);
    }

    @Test
    void retrievesTheNearestByDistanceThenRecencyWithOneWordAndLongerSignatures() {
        for (int bits : new int[] {16, 64, 70}) {
            CtrModel m = ModelRegistry.create("eta", new ModelConfig(4, 120, 6, 2, new int[] {8}, bits, 5, 3),
                    data.items().size(), data.categories().size());
            EtaUnit unit = (EtaUnit) m.longUnit();
            CtrModel.Shard sh = m.newShard();
            int[] ids = IntStream.range(0, 40).map(i -> (i * 37) % data.samples().size()).toArray();
            SampleBatch b = m.assembler(data).assemble(ids, 0, ids.length, sh.batch);
            for (int round = 0; round < 2; round++) {
                m.run(sh, ids.length, false, false);
                EtaUnit.Workspace ws = (EtaUnit.Workspace) sh.longWorkspace();
                // The reference hashes every behaviour afresh, with nothing kept from any earlier pass.
                SimHashSignatures fresh = new SimHashSignatures(m.embeddings().items(), m.embeddings().categories(),
                        bits, 0);
                fresh.setHashMatrix(unit.signatures().hashMatrix());
                int longer = 0;
                for (int s = 0; s < ids.length; s++) {
                    int[] expected = nearest(fresh, b.longSequence(), s, b.items()[s],
                            b.categories()[s], 5);
                    assertThat(ws.retrievedPositions(s)).as("m %d, round %d, sample %d", bits, round, s)
                            .containsExactly(expected);
                    longer += b.longSequence().length(s) > 5 ? 1 : 0;
                }
                assertThat(longer).isGreaterThan(30);
                // New parameters: every kept signature is stale, and the next pass must not read one.
                float[] items = m.embeddings().items().values();
                for (int i = 0; i < items.length; i++) {
                    items[i] = -items[i] + 0.01f * (i % 7);
                }
                int[] all = IntStream.range(0, data.items().size()).toArray();
                m.embeddings().items().fireRowsUpdated(all, all.length);
            }
        }
    }

    /** A prepared history counts its distinct rows (item and category), by which serving decides to prefetch. */
    @Test
    void aPreparedHistoryCountsItsDistinctRows() {
        CtrModel m = ModelRegistry.create("eta", new ModelConfig(4, 120, 6, 2, new int[] {8}, 64, 5, 3),
                data.items().size(), data.categories().size());
        CtrModel.Shard sh = m.newShard();
        int[] ids = IntStream.range(0, 40).map(i -> (i * 37) % data.samples().size()).toArray();
        SampleBatch b = m.assembler(data).assemble(ids, 0, ids.length, sh.batch);
        BehaviourSequences seq = b.longSequence();
        int[] itemCategory = new int[data.items().size()];
        var retrieval = m.longUnit().retrieval(itemCategory);
        for (int s = 0; s < ids.length; s++) {
            java.util.Set<Long> rows = new java.util.HashSet<>();
            for (int r = seq.start(s); r < seq.start(s) + seq.length(s); r++) {
                rows.add((long) seq.items()[r] << 32 | seq.categories()[r]);
            }
            int counted = retrieval.prepare(seq, s).distinctRows();
            if (seq.length(s) > 5) {
                assertThat(counted).as("sample %d", s).isEqualTo(rows.size());
            } else {
                assertThat(counted).as("sample %d", s).isEqualTo(seq.length(s));
            }
        }
    }

    /**
     * Serving's retrieval chooses the same rows with the vector pass over a history as with the scalar one,
     * over histories that repeat themselves (selected by group) and histories that do not, for every candidate:
     * the wiring from a prepared history to {@link VectorHammingScan}, which CI's JDK would otherwise never run
     * ({@link HammingScan} chooses the scalar pass there).
     */
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

    /** The k nearest behaviours of sample s's long sequence, ties to the more recent, oldest first. */
    private static int[] nearest(SimHashSignatures sh, BehaviourSequences seq, int s, int item, int category, int k) {
        int words = sh.words();
        long[] target = new long[words];
        sh.signature(item, category, target, 0);
        int n = seq.length(s);
        int[] distance = new int[n];
        long[] sig = new long[words];
        for (int i = 0; i < n; i++) {
            int r = seq.start(s) + i;
            sh.signature(seq.items()[r], seq.categories()[r], sig, 0);
            distance[i] = SimHashSignatures.distance(sig, 0, target, 0, words);
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> distance[i]).thenComparing(i -> -i));
        return Arrays.stream(order).limit(k).mapToInt(Integer::intValue).sorted().toArray();
    }
}
