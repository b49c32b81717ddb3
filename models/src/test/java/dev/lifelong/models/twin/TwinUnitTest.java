package dev.lifelong.models.twin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.data.batch.SampleBatch;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.frame.ModelGradientCheck;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.models.frame.ModelRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TWIN with a search unit that really selects (5 of up to 60 behaviours). */
class TwinUnitTest {

    @TempDir
    static Path dir;
    static Dataset data;

    @BeforeAll
    static void generate() throws Exception {
        data = dev.lifelong.models.frame.SyntheticWorlds.generate(dir, 30, 60, 6, 40, 60);
    }

    private static CtrModel twin(int heads, int gsu) {
        return twin(heads, gsu, null);
    }

    /** With {@code cross} the cross features kept (null: all). */
    private static CtrModel twin(int heads, int gsu, List<String> cross) {
        ModelConfig c = new ModelConfig(4, 60, 6, heads, new int[] {8}, 16, 5, gsu, 3, 3, 4, 7, cross);
        return ModelRegistry.create("twin", c, data.items().size(), data.categories().size());
    }

    private static final List<List<String>> FEWER_CROSS = List.of(List.of(), List.of("value"),
            List.of("behaviour", "gap"));

    private static int[] ids(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (i * 53) % data.samples().size();
        }
        return ids;
    }

    /** Serving's search (once per history, then per candidate) selects exactly what training's forward selects. */
    @Test
    void servingRetrievalSelectsWhatTheForwardPassSelects() {
        for (int heads : new int[] {1, 2, 8, -1, -2, -3}) {
            // Negative: two heads with one of the fewer cross-feature sets.
            CtrModel m = heads > 0 ? twin(heads, 5) : twin(2, 5, FEWER_CROSS.get(-heads - 1));
            CtrModel.Shard sh = m.newShard();
            int[] ids = ids(40);
            SampleBatch b = m.assembler(data).assemble(ids, 0, ids.length, sh.batch);
            m.run(sh, ids.length, false, false);
            TwinUnit.Workspace ws = (TwinUnit.Workspace) sh.longWorkspace();
            dev.lifelong.models.frame.Retrieval r = m.longUnit().retrieval(new int[data.items().size()]);
            var seq = b.longSequence();
            int compared = 0;
            for (int s = 0; s < ids.length; s++) {
                int[] rows = ws.selectedRows(s);
                int[] out = new int[r.limit()];
                int n = r.prepare(seq, s).selector().select(b.items()[s], b.categories()[s], out);
                int[] positions = new int[n];
                for (int i = 0; i < n; i++) {
                    positions[i] = seq.start(s) + out[i];
                }
                assertThat(positions).as("heads %d, sample %d", heads, s).containsExactly(rows);
                compared += rows.length > 0 ? 1 : 0;
            }
            assertThat(compared).isGreaterThan(30);
        }
    }

    @Test
    void gradientsThroughTheSelectedBehaviours() {
        ModelGradientCheck.run(twin(2, 5), data, ids(5)).assertPassed();
        for (List<String> cross : FEWER_CROSS) {
            ModelGradientCheck.run(twin(2, 5, cross), data, ids(5)).assertPassed();
        }
    }

    /**
     * A cross feature left out of the configuration has no parameters and no say in relevance: changing it in a
     * history leaves every alpha as it was, while a kept one moves them.
     */
    @Test
    void crossFeaturesLeftOutNeitherTrainNorWeigh() {
        CtrModel all = twin(2, 5);
        CtrModel gapOnly = twin(2, 5, List.of("gap"));
        CtrModel none = twin(2, 5, List.of());
        assertThat(all.parameters().all()).anyMatch(p -> p.name().endsWith(".cross.behaviour"));
        assertThat(gapOnly.parameters().all()).noneMatch(p -> p.name().endsWith(".cross.behaviour")
                || p.name().endsWith(".cross.value")).anyMatch(p -> p.name().endsWith(".cross.gap"));
        assertThat(none.parameters().all()).noneMatch(p -> p.name().contains(".cross."));
        assertThat(gapOnly.parameters().get("long.twin.wv").size())
                .isLessThan(all.parameters().get("long.twin.wv").size());
        // The same history but for its behaviour types and values.
        float[] gapOnlyBefore = alphaOver(gapOnly, 1);
        float[] gapOnlyAfter = alphaOver(gapOnly, 2);
        assertThat(gapOnlyAfter).containsExactly(gapOnlyBefore);
        assertThat(alphaOver(all, 2)).isNotEqualTo(alphaOver(all, 1));
        assertThat(alphaOver(none, 2)).containsExactly(alphaOver(none, 1));
    }

    /** TWIN's relevance over a fixed history whose behaviour types and values come from {@code variant}. */
    private static float[] alphaOver(CtrModel m, int variant) {
        TwinUnit unit = (TwinUnit) m.longUnit();
        dev.lifelong.data.batch.History h = new dev.lifelong.data.batch.History();
        long time = 1_700_000_000L;
        for (int i = 0; i < 30; i++) {
            time += 1_000 + 997L * i;
            h.add(1 + i % 7, 1 + i % 3, variant * (1 + i % 2), variant * 1.5f + i % 3, time);
        }
        Forward f = forwardOne(m, h, 2, 1, time + 10);
        return java.util.Arrays.copyOf(f.ws().alpha, unit.heads() * f.batch().longSequence().length(0));
    }

    /** The unit's forward pass alone for one target over history {@code h}, as a request at {@code time}. */
    private record Forward(SampleBatch batch, TwinUnit.Workspace ws) {
    }

    private static Forward forwardOne(CtrModel m, dev.lifelong.data.batch.History h, int item, int category,
                                      long time) {
        TwinUnit unit = (TwinUnit) m.longUnit();
        int[] target = {item};
        int[] targetCategory = {category};
        SampleBatch batch = new dev.lifelong.data.batch.CandidateAssembler(60, 6).assemble(h, 60, target,
                targetCategory, 0, 1, time, new SampleBatch());
        float[] q = new float[m.embeddings().width()];
        m.embeddings().gather(target, targetCategory, 1, q);
        TwinUnit.Workspace ws = (TwinUnit.Workspace) unit.newWorkspace();
        unit.forward(new dev.lifelong.models.frame.Targets(q, target, targetCategory, 1), batch.longSequence(),
                new float[unit.outDim()], ws, false);
        return new Forward(batch, ws);
    }

    @Test
    void searchUnitSelectsDistinctBehavioursAndWithOneHeadAgreesWithExactAttention() {
        for (int heads : new int[] {1, 2}) {
            // 5: every sequence here is longer; 40: some are not, and are taken whole.
            for (int gsu : new int[] {5, 40}) {
                CtrModel m = twin(heads, gsu);
                CtrModel.Shard sh = m.newShard();
                int[] ids = ids(20);
                SampleBatch b = m.assembler(data).assemble(ids, 0, ids.length, sh.batch);
                TwinUnit.Workspace ws = (TwinUnit.Workspace) sh.longWorkspace();
                ws.measureConsistency(true);
                m.run(sh, ids.length, false, false);
                int longer = 0;
                for (int i = 0; i < ids.length; i++) {
                    longer += b.longSequence().length(i) > gsu ? 1 : 0;
                    int[] rows = ws.selectedRows(i);
                    assertThat(rows.length).isEqualTo(Math.min(gsu, b.longSequence().length(i)));
                    assertThat(rows).doesNotHaveDuplicates().isSorted();
                    for (int r : rows) {
                        assertThat(r).isBetween(b.longSequence().start(i), b.longSequence().start(i + 1) - 1);
                    }
                }
                // Only sequences longer than the selection are measured: a whole sequence agrees by construction.
                assertThat(longer).isBetween(1, gsu == 5 ? ids.length : ids.length - 1);
                Consistency c = ws.consistency().result();
                assertThat(c.samples()).isEqualTo(longer);
                if (heads == 1) {
                    assertThat(c.overlap()).isEqualTo(1.0);
                    assertThat(c.weightHeld()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
                } else {
                    assertThat(c.overlap()).isBetween(0.0, 1.0);
                    assertThat(c.weightHeld()).isBetween(0.0, 1.0 + 1e-12);
                }
                assertThat(c.topWeight()).isBetween(0.0, 1.0 + 1e-12);
            }
        }
    }

    /**
     * Relevance is computed once per distinct (item, category) of a history and spread over its behaviours with
     * their own cross biases: it must equal the GEMM over every behaviour bit for bit, items seen with a second
     * category included.
     */
    @Test
    void relevanceByDistinctBehaviourIsTheRelevanceOfEveryBehaviour() {
        for (int heads : new int[] {1, 2, 4, 8}) {
            CtrModel m = twin(heads, 5);
            TwinUnit unit = (TwinUnit) m.longUnit();
            int items = data.items().size();
            int categories = data.categories().size();
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(heads);
            dev.lifelong.data.batch.History h = new dev.lifelong.data.batch.History();
            long time = 1_700_000_000L;
            for (int i = 0; i < 60; i++) {
                int item = 1 + rnd.nextInt(8);   // a few items again and again, some with a second category
                int category = 1 + (item + (rnd.nextInt(3) == 0 ? 1 : 0)) % (categories - 1);
                time += 1 + rnd.nextInt(100_000);
                h.add(item, category, 1 + rnd.nextInt(3), Float.NaN, time);
            }
            Forward f = forwardOne(m, h, 1 + rnd.nextInt(items - 1), 1 + rnd.nextInt(categories - 1), time + 10);
            SampleBatch batch = f.batch();
            TwinUnit.Workspace ws = f.ws();

            var seq = batch.longSequence();
            int len = seq.length(0);
            int width = m.embeddings().width();
            float[] keys = new float[len * width];
            for (int i = 0; i < len; i++) {
                int r = seq.start(0) + i;
                m.embeddings().gatherRow(seq.items()[r], seq.categories()[r], keys, i * width);
            }
            float[] expected = new float[heads * len];
            unit.relevance(ws.u, keys, ws.bias, len, expected);
            assertThat(java.util.Arrays.copyOf(ws.alpha, heads * len)).as("heads %d", heads).containsExactly(expected);
        }
    }
}
