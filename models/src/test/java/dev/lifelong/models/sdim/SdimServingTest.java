package dev.lifelong.models.sdim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.data.batch.CandidateAssembler;
import dev.lifelong.data.batch.History;
import dev.lifelong.data.batch.SampleBatch;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.models.frame.ModelRegistry;
import dev.lifelong.models.frame.SequenceUnit;
import dev.lifelong.models.frame.SharedInterest;
import dev.lifelong.models.frame.Targets;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SDIM's serving unit sums a request's history into its buckets once and reads them per candidate; it must give
 * the interests the training forward pass gives, bit for bit (MODELS.md, serving forms), over histories that
 * repeat their items, however long, and histories that do not.
 */
class SdimServingTest {

    private static final int ITEMS = 300;
    private static final int CATEGORIES = 9;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 200, 900, 30_000})
    void servingInterestsAreTheForwardPassesBitForBit(int length) {
        ModelConfig config = new ModelConfig(8, 30_000, 5, 2, new int[] {8}, 16, 5, 3);
        CtrModel model = ModelRegistry.create("sdim", config, ITEMS, CATEGORIES);
        SequenceUnit unit = model.longUnit();
        int[] usual = new int[ITEMS];
        for (int i = 1; i < ITEMS; i++) {
            usual[i] = 1 + i % (CATEGORIES - 1);
        }
        SplittableRandom rnd = new SplittableRandom(length);
        // Long histories return to a few items (grouped); short ones draw from all of them.
        int pool = length > 100 ? 12 : ITEMS - 1;
        History h = new History();
        long time = 1_700_000_000L;
        for (int i = 0; i < length; i++) {
            int item = 1 + rnd.nextInt(pool);
            time += rnd.nextInt(5000);
            h.add(item, usual[item], 1, Float.NaN, time);
        }
        int n = 11;
        int[] items = new int[n];
        int[] categories = new int[n];
        for (int i = 0; i < n; i++) {
            items[i] = 1 + rnd.nextInt(ITEMS - 1);
            categories[i] = i % 4 == 3 ? 1 + (usual[items[i]] % (CATEGORIES - 1)) : usual[items[i]];
        }
        CandidateAssembler assembler = new CandidateAssembler(config.longLen(), config.shortLen());
        SampleBatch batch = assembler.assemble(h, Integer.MAX_VALUE, items, categories, 0, n, time + 10,
                new SampleBatch());
        int d = model.embeddings().width();
        float[] q = new float[n * d];
        model.embeddings().gather(items, categories, n, q);

        float[] trained = new float[n * unit.outDim()];
        unit.forward(new Targets(q, items, categories, n), batch.longSequence(), trained, unit.newWorkspace(),
                false);

        SharedInterest serving = unit.sharedInterest(usual);
        SampleBatch slice = assembler.assemble(h, Integer.MAX_VALUE, new int[] {0}, new int[] {0}, 0, 1, time + 10,
                new SampleBatch());
        float[] served = new float[n * unit.outDim()];
        serving.prepare(slice.longSequence(), 0).interests(q, items, categories, n, served, serving.newWorkspace());

        for (int i = 0; i < trained.length; i++) {
            assertThat(Float.floatToRawIntBits(served[i])).as("L %d, element %d", length, i)
                    .isEqualTo(Float.floatToRawIntBits(trained[i]));
        }
    }
}
