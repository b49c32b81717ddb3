package dev.lifelong.models.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifelong.core.gradcheck.GradientCheck;
import dev.lifelong.data.dataset.Dataset;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every model of the zoo must do: pass an end-to-end gradient check on a tiny batch, score
 * deterministically from a seed, and give finite scores to a sample with no history.
 */
class ModelContractTest {

    @TempDir
    static Path dir;
    static Dataset data;

    static final ModelConfig TINY = new ModelConfig(4, 40, 6, 2, new int[] {8}, 16, 5, 3);

    @BeforeAll
    static void generate() throws Exception {
        data = SyntheticWorlds.generate(dir, 30, 60, 6, 25, 60);
    }

    static Stream<String> models() {
        return ModelRegistry.names().stream();
    }

    private static CtrModel model(String name, long seed) {
        return ModelRegistry.create(name, TINY.withSeed(seed), data.items().size(), data.categories().size());
    }

    private static int[] someSamples(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (i * 37) % data.samples().size();
        }
        return ids;
    }

    @ParameterizedTest
    @MethodSource("models")
    void endToEndGradientCheck(String name) {
        GradientCheck.Result r = ModelGradientCheck.run(model(name, 1), data, someSamples(6));
        r.assertPassed();
        assertThat(r.compared()).isGreaterThan(80);
    }

    @ParameterizedTest
    @MethodSource("models")
    void aSeedReproducesScoresAndAnotherChangesThem(String name) {
        int[] ids = someSamples(20);
        float[] a = scores(model(name, 5), ids);
        float[] b = scores(model(name, 5), ids);
        float[] c = scores(model(name, 6), ids);
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @ParameterizedTest
    @MethodSource("models")
    void aSampleWithoutHistoryGetsAFiniteScore(String name) {
        int empty = -1;
        for (int i = 0; i < data.samples().size() && empty < 0; i++) {
            if (data.samples().historyEnd(i) == data.timelines().start(data.samples().user(i))) {
                empty = i;
            }
        }
        CtrModel m = model(name, 5);
        int[] ids = empty < 0 ? new int[] {0} : new int[] {empty, 0};
        for (float s : scores(m, ids)) {
            assertThat(s).isFinite();
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void saveThenLoadGivesIdenticalScores(String name, @TempDir Path tmp) throws Exception {
        CtrModel m = model(name, 8);
        // Move every parameter and state away from its initial value, as training would.
        dev.lifelong.core.random.Rng rng = new dev.lifelong.core.random.Rng(4);
        for (var p : m.parameters().all()) {
            for (int i = p instanceof dev.lifelong.core.param.EmbeddingTable t ? t.dim() : 0; i < p.size(); i++) {
                p.values()[i] += (float) (0.01 * rng.nextGaussian());
            }
        }
        m.state().values().forEach(v -> v[0] += 0.5f);
        m.parametersRestored();
        int[] ids = someSamples(25);
        float[] before = scores(m, ids);
        Path file = tmp.resolve("m.llm");
        dev.lifelong.models.artifact.ModelArtifact.save(file, m, new dev.lifelong.models.artifact.Provenance(name,
                "test", "now", 8, dir.toString(), "none", data.items().size(), data.categories().size(),
                java.util.Map.of(), java.util.Map.of(), java.util.Map.of(), "vector-256", data.modelVocabularies()));
        var loaded = dev.lifelong.models.artifact.ModelArtifact.load(file);
        assertThat(loaded.provenance().kernels()).isEqualTo("vector-256");
        assertThat(loaded.model().name()).isEqualTo(name);
        assertThat(scores(loaded.model(), ids)).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("models")
    void explanationsNameBehavioursOfTheSampleItself(String name) {
        CtrModel m = model(name, 5);
        CtrModel.Shard sh = m.newShard();
        int[] ids = someSamples(12);
        m.assembler(data).assemble(ids, 0, ids.length, sh.batch);
        m.run(sh, ids.length, false, false);
        boolean any = false;
        for (int b = 0; b < ids.length; b++) {
            var seq = name.equals("din-short") ? sh.batch.shortSequence() : sh.batch.longSequence();
            var explained = m.explain(sh, b);
            int first = data.timelines().start(data.samples().user(ids[b]));
            for (CtrModel.ExplainedBehaviour e : explained) {
                assertThat(e.timelineRow()).isBetween(first, data.samples().historyEnd(ids[b]) - 1);
                assertThat(e.item()).isEqualTo(data.timelines().item(e.timelineRow()));
                assertThat(e.weight()).isFinite();
            }
            assertThat(explained.size()).isLessThanOrEqualTo(seq.length(b));
            if (name.equals("eta")) {
                assertThat(explained.size()).isLessThanOrEqualTo(TINY.topK());
            }
            if (name.equals("ta-full-long") && seq.length(b) > 0) {
                double sum = explained.stream().mapToDouble(CtrModel.ExplainedBehaviour::weight).sum();
                assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
            }
            any |= !explained.isEmpty();
        }
        assertThat(any).isTrue();
    }

    @org.junit.jupiter.api.Test
    void unknownNamesListTheKnownOnes() {
        assertThatThrownBy(() -> ModelRegistry.create("twin-v9", TINY, 10, 10))
                .hasMessageContaining("unknown model 'twin-v9'").hasMessageContaining("eta");
    }

    private static float[] scores(CtrModel m, int[] ids) {
        CtrModel.Shard sh = m.newShard();
        m.assembler(data).assemble(ids, 0, ids.length, sh.batch);
        m.run(sh, ids.length, false, false);
        return java.util.Arrays.copyOf(sh.logits(), ids.length);
    }
}
