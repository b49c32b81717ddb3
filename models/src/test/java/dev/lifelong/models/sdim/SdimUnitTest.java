package dev.lifelong.models.sdim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.SparseRowGradient;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.data.batch.SampleBatch;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.models.frame.ModelGradientCheck;
import dev.lifelong.models.frame.ModelRegistry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SDIM's sums and gradients by collision pattern (a history returns to its items, so each item's pattern is
 * found once per sample and each pattern's gradient row summed once) against row by row, the form kept for
 * more than 64 signatures: the same additions in the same order, so the same bits.
 */
class SdimUnitTest {

    @TempDir
    static Path dir;
    static Dataset data;

    @BeforeAll
    static void generate() throws Exception {
        data = dev.lifelong.models.frame.SyntheticWorlds.generate(dir, 30, 200, 8, 150, 600);
    }

    private static CtrModel sdim(int tau, int groups) {
        ModelConfig c = new ModelConfig(4, 120, 6, 2, new int[] {8}, 16, 5, 100, 3, tau, groups, 7, null);
        return ModelRegistry.create("sdim", c, data.items().size(), data.categories().size());
    }

    private static int[] ids() {
        return IntStream.range(0, 40).map(i -> (i * 31) % data.samples().size()).toArray();
    }

    @Test
    void sumsAndGradientsByPatternAreRowByRowsBitForBit() {
        CtrModel m = sdim(1, 16);   // one bit a signature: half the rows collide in each, many patterns
        SdimUnit unit = (SdimUnit) m.longUnit();
        CtrModel.Shard sh = m.newShard();
        int[] ids = ids();
        SampleBatch b = m.assembler(data).assemble(ids, 0, ids.length, sh.batch);
        m.run(sh, ids.length, false, false);
        SdimUnit.Workspace ws = (SdimUnit.Workspace) sh.longWorkspace();
        BehaviourSequences seq = b.longSequence();
        int groups = unit.groups();
        int d = m.embeddings().width();
        float[] byPattern = Arrays.copyOf(ws.sums, ids.length * groups * d);
        Arrays.fill(ws.sums, 0f);
        int[][] targets = new int[ids.length][groups];
        long[] sig = new long[unit.words()];
        for (int s = 0; s < ids.length; s++) {
            unit.code(b.items()[s], b.categories()[s], sig, targets[s], 0);
            unit.sumRowByRow(seq, s, targets[s], ws);
        }
        assertThat(Arrays.copyOf(ws.sums, byPattern.length)).containsExactly(byPattern);
        assertThat(byPattern).as("some rows collide").isNotEqualTo(new float[byPattern.length]);

        Gradients patternGrads = m.parameters().newGradients();
        Gradients rowGrads = m.parameters().newGradients();
        SplittableRandom rnd = new SplittableRandom(3);
        float[] dSum = new float[groups * d];
        float[] dRow = new float[d];
        for (int s = 0; s < ids.length; s++) {
            for (int i = 0; i < dSum.length; i++) {
                dSum[i] = (float) rnd.nextGaussian();
            }
            unit.scatterByPattern(seq, s, targets[s], dSum, ws, patternGrads);
            unit.scatterRowByRow(seq, s, targets[s], dSum, dRow, ws, rowGrads);
        }
        for (var table : new dev.lifelong.core.param.EmbeddingTable[] {m.embeddings().items(),
                m.embeddings().categories()}) {
            SparseRowGradient p = patternGrads.of(table);
            SparseRowGradient r = rowGrads.of(table);
            assertThat(p.rowCount()).isEqualTo(r.rowCount()).isPositive();
            assertThat(Arrays.copyOf(p.rows(), p.rowCount())).containsExactly(Arrays.copyOf(r.rows(), r.rowCount()));
            assertThat(Arrays.copyOf(p.values(), p.rowCount() * table.dim()))
                    .containsExactly(Arrays.copyOf(r.values(), r.rowCount() * table.dim()));
        }
    }

    @Test
    void gradientsCheckWithFewAndWithMoreThanSixtyFourSignatures() {
        for (int[] shape : new int[][] {{3, 16}, {1, 70}}) {
            ModelGradientCheck.run(sdim(shape[0], shape[1]), data, Arrays.copyOf(ids(), 5)).assertPassed();
        }
    }
}
