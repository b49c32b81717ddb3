package dev.lifelong.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.core.gradcheck.GradientCheck;
import dev.lifelong.core.layer.Activation;
import dev.lifelong.core.optim.Adagrad;
import dev.lifelong.core.optim.Adam;
import dev.lifelong.core.optim.ParameterUpdater;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.Parameter;
import dev.lifelong.core.parallel.ShardedBatchRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The core's pieces composed into a model: end-to-end gradients, learning a known signal, determinism. */
class TinyCtrModelTest {

    @Test
    void endToEndGradientsIncludingEmbeddingRows() {
        TinyCtrModel.Data data = SignalData.generate(5, 12, 41, 4);
        for (Activation.Kind kind : new Activation.Kind[] {Activation.Kind.PRELU, Activation.Kind.DICE}) {
            TinyCtrModel model = new TinyCtrModel(9, 41, 6, kind);
            TinyCtrModel.Shard sh = model.newShard();
            GradientCheck.Objective obj = new GradientCheck.Objective() {
                @Override
                public double loss() {
                    return model.run(data, 0, data.size(), data.size(), sh, false, true);
                }

                @Override
                public void backward(Gradients g) {
                    model.run(data, 0, data.size(), data.size(), sh, true, true);
                    g.addFrom(sh.grads);
                    sh.grads.clear();
                }
            };
            GradientCheck.Result res = GradientCheck.check(model.params, obj, List.of(),
                    new GradientCheck.Options(5e-3, 3e-2, 2e-4, 40, 3));
            try {
                res.assertPassed();
            } catch (AssertionError e) {
                throw new AssertionError(kind + ": " + e.getMessage(), e);
            }
            assertThat(res.compared()).isGreaterThan(250);
        }
    }

    @Test
    void learnsTheKnownSignalWellAboveChance() {
        // One item per category: the signal is then "the target is among the sequence's favourites".
        TinyCtrModel.Data train = SignalData.generate(1, 4000, 21, 20);
        TinyCtrModel.Data test = SignalData.generate(2, 1000, 21, 20);
        TinyCtrModel model = new TinyCtrModel(3, 21, 8, Activation.Kind.PRELU);
        double before = SignalData.auc(model.predict(test), test.labels());
        train(model, train, 3, 2);
        double after = SignalData.auc(model.predict(test), test.labels());
        assertThat(before).isBetween(0.4, 0.6);
        assertThat(after).as("test AUC after training (before: %s)", before).isGreaterThan(0.85);
    }

    @Test
    void aSeedReproducesTrainingBitForBitWhateverTheThreadCount() {
        TinyCtrModel.Data train = SignalData.generate(1, 600, 101, 10);
        float[][] oneThread = snapshot(train(new TinyCtrModel(3, 101, 8, Activation.Kind.DICE), train, 2, 1));
        float[][] twoThreads = snapshot(train(new TinyCtrModel(3, 101, 8, Activation.Kind.DICE), train, 2, 2));
        float[][] threeThreads = snapshot(train(new TinyCtrModel(3, 101, 8, Activation.Kind.DICE), train, 2, 3));
        float[][] otherSeed = snapshot(train(new TinyCtrModel(4, 101, 8, Activation.Kind.DICE), train, 2, 2));
        for (int p = 0; p < oneThread.length; p++) {
            assertThat(twoThreads[p]).isEqualTo(oneThread[p]);
            assertThat(threeThreads[p]).isEqualTo(oneThread[p]);
        }
        assertThat(otherSeed[0]).isNotEqualTo(oneThread[0]);
    }

    private static float[][] snapshot(TinyCtrModel model) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : model.params.all()) {
            out.add(p.values().clone());
        }
        return out.toArray(new float[0][]);
    }

    /** Mini-batch training: batch 64 in shards of 16, reduced in shard order; Adagrad embeddings, Adam dense. */
    static TinyCtrModel train(TinyCtrModel model, TinyCtrModel.Data data, int epochs, int threads) {
        int batch = 64;
        int shardSize = 16;
        ParameterUpdater updater = new ParameterUpdater(model.params, new Adam(0.01f), new Adagrad(0.1f), 10f);
        int shards = ShardedBatchRunner.shardCount(batch, shardSize);
        List<TinyCtrModel.Shard> workers = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            workers.add(model.newShard());
        }
        try (ShardedBatchRunner runner = new ShardedBatchRunner(threads)) {
            for (int e = 0; e < epochs; e++) {
                for (int start = 0; start < data.size(); start += batch) {
                    int size = Math.min(batch, data.size() - start);
                    int from0 = start;
                    runner.run(size, shardSize, (shard, from, to) ->
                            model.run(data, from0 + from, from0 + to, size, workers.get(shard), true, true));
                    Gradients total = workers.get(0).grads;
                    for (int s = 1; s < ShardedBatchRunner.shardCount(size, shardSize); s++) {
                        total.addFrom(workers.get(s).grads);
                    }
                    updater.apply(total);
                    for (int s = 0; s < ShardedBatchRunner.shardCount(size, shardSize); s++) {
                        model.mlp.updateRunningStatistics(workers.get(s).mlpWs);
                        workers.get(s).grads.clear();
                    }
                }
            }
        }
        return model;
    }
}
