package dev.lifelong.serve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifelong.core.parallel.ShardedBatchRunner;
import dev.lifelong.data.batch.History;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.split.Split;
import dev.lifelong.data.split.SplitSpec;
import dev.lifelong.data.synth.SyntheticConfig;
import dev.lifelong.data.synth.SyntheticGenerator;
import dev.lifelong.data.timeline.TimelineStore;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.train.loop.Evaluator;
import dev.lifelong.train.loop.TrainConfig;
import dev.lifelong.train.run.RunConfig;
import dev.lifelong.train.run.TrainRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Train/serve consistency: the server's score for a sample equals {@code evaluate}'s, model by model. */
class ServingModelTest {

    @TempDir
    static Path dir;
    static Dataset data;
    static ExecutorService pool;

    static final RunConfig SMALL = new RunConfig(new ModelConfig(8, 120, 10, 2, new int[] {16}, 32, 12, 1),
            new TrainConfig(1, 64, 16, 1, 0.05f, 0.003f, 0f, 10f, 2, 42));

    @BeforeAll
    static void generate() throws Exception {
        new SyntheticGenerator(SyntheticConfig.DEFAULT.withSize(80, 400, 12, 60, 400)).generate(dir.resolve("data"),
                SplitSpec.TimeCut.fractions(0.1, 0.2), null, ProgressListener.NONE);
        data = Dataset.open(dir.resolve("data"));
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    static ServingModel trainAndLoad(String name) throws Exception {
        return trainAndLoad(name, SMALL, name);
    }

    private static ServingModel trainAndLoad(String name, RunConfig config, String file) throws Exception {
        TrainRun.Outcome o = TrainRun.run(name, data, config, ProgressListener.NONE);
        Path artifact = dir.resolve(file + ".llm");
        TrainRun.save(artifact, o, data, config);
        return ServingModel.load(artifact, ServingVocabulary.of(data));
    }

    @ParameterizedTest
    @ValueSource(strings = {"eta", "twin", "sdim", "sim-hard", "sim-soft", "ta-full-long", "din-short",
        "dnn-avgpool"})
    void serverScoresEqualEvaluateScores(String name) throws Exception {
        assertServerScoresEqualEvaluateScores(trainAndLoad(name), name);
    }

    /** TWIN keeping fewer cross features (or none) serves, from its cached tables, what it trained. */
    @ParameterizedTest
    @ValueSource(strings = {"", "gap", "behaviour,value"})
    void twinWithFewerCrossFeaturesServesWhatItTrained(String features) throws Exception {
        java.util.List<String> kept = features.isEmpty() ? java.util.List.of() : java.util.List.of(features.split(","));
        ModelConfig m = SMALL.model();
        ModelConfig config = new ModelConfig(m.embeddingDim(), m.longLen(), m.shortLen(), m.heads(), m.mlpHidden(),
                m.hashBits(), m.topK(), m.gsuSize(), m.crossDim(), m.sdimTau(), m.sdimGroups(), m.seed(), kept);
        ServingModel serving = trainAndLoad("twin", new RunConfig(config, SMALL.train()), "twin-" + kept.size());
        assertThat(dev.lifelong.models.artifact.ModelArtifact.load(serving.artifact()).model().config()
                .twinCrossFeatures()).containsExactlyElementsOf(kept);
        assertServerScoresEqualEvaluateScores(serving, "twin " + kept);
        assertSharedPathScoresWhatTheForwardPassScores(serving, "twin " + kept);
    }

    private static void assertServerScoresEqualEvaluateScores(ServingModel serving, String name) throws Exception {
        var reloaded = dev.lifelong.models.artifact.ModelArtifact.load(serving.artifact()).model();
        int[] ids = Evaluator.samplesOf(data, Split.TEST);
        float[] expected;
        try (ShardedBatchRunner runner = new ShardedBatchRunner(1)) {
            expected = new Evaluator(reloaded, data, 64).predict(ids, runner, 64);
        }
        TimelineStore t = data.timelines();
        History h = new History();
        int checked = 0;
        for (int k = 0; k < ids.length; k += 7) {
            int s = ids[k];
            h.clear();
            for (int r = t.start(data.samples().user(s)); r < data.samples().historyEnd(s); r++) {
                h.add(t.item(r), t.category(r), t.behaviour(r), t.value(r), t.epochSeconds(r));
            }
            // The sample's target sits among other candidates (40 in all), so chunking over workers is exercised.
            int[] items = new int[40];
            int[] cats = new int[items.length];
            for (int i = 0; i < items.length; i++) {
                items[i] = 1 + (i * 31 + k) % (data.items().size() - 1);
                cats[i] = serving.vocabulary().categoryOfItem(items[i]);
            }
            int at = k % items.length;
            items[at] = data.samples().item(s);
            cats[at] = data.samples().category(s);
            var scored = serving.score(h, Integer.MAX_VALUE, items, cats, data.samples().epochSeconds(s), false,
                    pool, 2);
            assertThat(scored.probabilities()[at]).as("%s sample %d", name, s)
                    .isCloseTo(expected[k], Offset.offset(1e-5f));
            checked++;
        }
        assertThat(checked).isGreaterThan(20);
    }

    /**
     * The shared-history path (taken without explanations) against the per-candidate training forward pass
     * (taken with them), on histories that reach its edge cases: empty, shorter than k, cut by max_seq_len,
     * behaviours whose category is not their item's usual one (projected per request, not from the table),
     * histories that repeat a few items over and over (ETA and TWIN then work per group of alike
     * behaviours); candidates with their item's usual category (their queries and first-layer share from the
     * item table) and with another.
     */
    @ParameterizedTest
    @ValueSource(strings = {"eta", "ta-full-long", "twin", "sdim", "sim-hard"})
    void theSharedHistoryPathScoresWhatTheTrainingForwardPassScores(String name) throws Exception {
        assertSharedPathScoresWhatTheForwardPassScores(trainAndLoad(name), name);
    }

    private static void assertSharedPathScoresWhatTheForwardPassScores(ServingModel serving, String name) {
        assertThat(serving.sharesHistoryWork()).isTrue();
        TimelineStore t = data.timelines();
        int categories = data.categories().size();
        int[] items = new int[37];
        int[] cats = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            items[i] = 1 + (i * 17) % (data.items().size() - 1);
            int usual = serving.vocabulary().categoryOfItem(items[i]);
            // Every fifth candidate comes with another category than its item's usual one: the per-item table
            // of candidate-side work does not hold it, so it is computed per request.
            cats[i] = i % 5 == 4 ? 1 + (usual % (categories - 1)) : usual;
        }
        for (int user = 1; user < 6; user++) {
            for (int variant = 0; variant < 7; variant++) {
                History h = new History();
                int end = variant == 0 ? t.start(user) : variant == 1 ? Math.min(t.end(user), t.start(user) + 5)
                        : variant >= 4 ? Math.min(t.end(user), t.start(user) + 6) : t.end(user);
                // Variant 4 replays a few behaviours many times over: a history that repeats its items. Variant 5
                // repeats each on the spot (same time, so the same cross features too): behaviours exactly alike.
                // Variant 6 replays them with a few seen in another category: groups of their own in a history
                // grouped by item.
                int replays = variant == 4 || variant == 6 ? 30 : 1;
                int copies = variant == 5 ? 25 : 1;
                long span = end > t.start(user) ? t.epochSeconds(end - 1) - t.epochSeconds(t.start(user)) + 1 : 0;
                for (int rep = 0; rep < replays; rep++) {
                    for (int r = t.start(user); r < end; r++) {
                        boolean elsewhere = variant == 3 ? r % 3 == 0 : variant == 6 && r == t.start(user)
                                && rep % 10 == 0;
                        int category = elsewhere ? 1 + (t.category(r) % (categories - 1))
                                : t.category(r);
                        for (int c = 0; c < copies; c++) {
                            h.add(t.item(r), category, t.behaviour(r), t.value(r), t.epochSeconds(r) + span * rep);
                        }
                    }
                }
                int maxLen = variant == 2 ? 30 : Integer.MAX_VALUE;
                long time = Math.max(t.epochSeconds(t.end(user) - 1),
                        t.epochSeconds(t.start(user)) + span * replays) + 60;
                float[] shared = serving.score(h, maxLen, items, cats, time, false, pool, 2).probabilities();
                float[] perCandidate = serving.score(h, maxLen, items, cats, time, true, pool, 2).probabilities();
                for (int i = 0; i < items.length; i++) {
                    assertThat(shared[i]).as("%s user %d variant %d candidate %d", name, user, variant, i)
                            .isCloseTo(perCandidate[i], Offset.offset(1e-5f));
                }
            }
        }
    }

    /**
     * Candidates are scored grouped by category, in chunks over two workers: a candidate's score must not depend
     * on which candidates come with it or in what order. The same 150 candidates (two chunks of 64 and a part, many
     * of a category), reversed, give the same scores reversed, to the bit.
     */
    @ParameterizedTest
    @ValueSource(strings = {"eta", "ta-full-long", "twin", "sdim", "sim-hard"})
    void aCandidatesScoreDoesNotDependOnItsNeighbours(String name) throws Exception {
        ServingModel serving = trainAndLoad(name);
        TimelineStore t = data.timelines();
        History h = new History();
        int user = 3;
        for (int r = t.start(user); r < t.end(user); r++) {
            h.add(t.item(r), t.category(r), t.behaviour(r), t.value(r), t.epochSeconds(r));
        }
        int n = 150;
        int[] items = new int[n];
        int[] cats = new int[n];
        int[] reversedItems = new int[n];
        int[] reversedCats = new int[n];
        for (int i = 0; i < n; i++) {
            items[i] = 1 + (i * 37) % (data.items().size() - 1);
            cats[i] = serving.vocabulary().categoryOfItem(items[i]);
            reversedItems[n - 1 - i] = items[i];
            reversedCats[n - 1 - i] = cats[i];
        }
        long time = t.epochSeconds(t.end(user) - 1) + 60;
        float[] forward = serving.score(h, Integer.MAX_VALUE, items, cats, time, false, pool, 2).probabilities();
        float[] backward = serving.score(h, Integer.MAX_VALUE, reversedItems, reversedCats, time, false, pool, 2)
                .probabilities();
        for (int i = 0; i < n; i++) {
            assertThat(backward[n - 1 - i]).as("%s candidate %d", name, i).isEqualTo(forward[i]);
        }
    }

    @Test
    void explanationsNameBehavioursOfTheHistoryHeaviestFirst() throws Exception {
        ServingModel serving = trainAndLoad("eta");
        History h = new History();
        TimelineStore t = data.timelines();
        for (int r = t.start(1); r < t.end(1); r++) {
            h.add(t.item(r), t.category(r), t.behaviour(r), t.value(r), t.epochSeconds(r));
        }
        var scored = serving.score(h, 1000, new int[] {5, 6}, new int[] {serving.vocabulary().categoryOfItem(5),
            serving.vocabulary().categoryOfItem(6)}, t.epochSeconds(t.end(1) - 1) + 60, true, pool, 2);
        assertThat(scored.explanations()).hasSize(2);
        var first = scored.explanations().get(0);
        assertThat(first).isNotEmpty().hasSizeLessThanOrEqualTo(ServingModel.EXPLAIN_TOP);
        for (int i = 0; i < first.size(); i++) {
            int row = first.get(i).timelineRow();
            assertThat(row).isBetween(0, h.length() - 1);
            assertThat(first.get(i).item()).isEqualTo(h.item(row));
            if (i > 0) {
                assertThat(Math.abs(first.get(i).weight())).isLessThanOrEqualTo(Math.abs(first.get(i - 1).weight()));
            }
        }
    }

    /**
     * Ids from a vocabulary of the same size in which two items traded places would score each with the other's
     * embedding: the artifact's recorded vocabularies refuse it, naming the feature.
     */
    @Test
    void anArtifactIsRefusedOverVocabulariesOfTheSameSizeWhoseIdsMoved() throws Exception {
        ServingModel serving = trainAndLoad("din-short");
        var items = data.items();
        String[] raw = new String[items.size()];
        long[] counts = new long[items.size()];
        int[] category = new int[items.size()];
        for (int i = 1; i < raw.length; i++) {
            raw[i] = items.raw(i);
            counts[i] = items.count(i);
            category[i] = data.timelines().categoryOfItem(i);
        }
        raw[1] = items.raw(2);
        raw[2] = items.raw(1);
        ServingVocabulary moved = ServingVocabulary.of(dev.lifelong.data.vocab.Vocabulary.of("item", raw, counts),
                data.categories(), data.behaviours(), category);
        assertThatThrownBy(() -> ServingModel.load(serving.artifact(), moved))
                .hasMessageContaining(serving.artifact().getFileName().toString())
                .hasMessageContaining("trained on another item vocabulary");
        assertThat(ServingModel.load(serving.artifact(), ServingVocabulary.of(data)).provenance().vocabularies())
                .containsOnlyKeys("item", "category", "behaviour");
    }

    @Test
    void aCorruptArtifactIsRefusedAtLoad() throws Exception {
        ServingModel serving = trainAndLoad("din-short");
        Path bad = dir.resolve("corrupt.llm");
        byte[] bytes = Files.readAllBytes(serving.artifact());
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(bad, bytes);
        assertThatThrownBy(() -> ServingModel.load(bad, ServingVocabulary.of(data)))
                .hasMessageContaining("corrupt.llm");
    }
}
