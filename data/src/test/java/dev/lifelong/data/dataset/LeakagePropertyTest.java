package dev.lifelong.data.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.data.SharedData;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.read.EventReader;
import dev.lifelong.data.read.MovieLensReader;
import dev.lifelong.data.read.TaobaoReader;
import dev.lifelong.data.read.TimeRange;
import dev.lifelong.data.sample.LabelProtocol;
import dev.lifelong.data.sample.NegativeSampler;
import dev.lifelong.data.sample.SampleTable;
import dev.lifelong.data.split.Split;
import dev.lifelong.data.split.SplitSpec;
import dev.lifelong.data.timeline.TimelineStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import dev.lifelong.data.synth.SyntheticConfig;
import dev.lifelong.data.synth.SyntheticGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No future leaks into a history, checked over every sample against an independent reading of the raw log:
 * timelines equal the raw events stably sorted by time; a sample's history is exactly the events before its
 * own event (so its target is the first event after the history, never inside it); negatives were never
 * interacted with up to that moment; splits respect time. For every labelling protocol and both split kinds.
 */
class LeakagePropertyTest {

    @TempDir
    static Path shared;
    static Path syntheticLog;

    /** A synthetic world's behaviours exported as a raw Taobao-format log, prepared like a real one below. */
    @BeforeAll
    static void exportSyntheticLog() throws Exception {
        syntheticLog = shared.resolve("synthetic.csv.gz");
        new SyntheticGenerator(SyntheticConfig.DEFAULT.withSize(120, 2_000, 30, 150, 3_000)).generate(
                shared.resolve("synthetic"), SplitSpec.TimeCut.fractions(0.1, 0.1), syntheticLog,
                ProgressListener.NONE);
    }

    /** The generator's own samples (explicit labels from its click model) see exactly the events before them. */
    @ParameterizedTest
    @MethodSource("splits")
    void syntheticImpressionsSeeTheWholePastAndNothingElse(SplitSpec split, @TempDir Path out) throws Exception {
        new SyntheticGenerator(SyntheticConfig.DEFAULT.withSize(150, 2_000, 30, 150, 3_000)).generate(out, split,
                null, ProgressListener.NONE);
        Dataset d = Dataset.open(out);
        TimelineStore t = d.timelines();
        SampleTable s = d.samples();
        for (int i = 0; i < s.size(); i++) {
            int u = s.user(i);
            int before = 0;
            for (int row = t.start(u); row < t.end(u); row++) {
                before += t.epochSeconds(row) < s.epochSeconds(i) ? 1 : 0;
            }
            assertThat(s.historyEnd(i) - t.start(u)).isEqualTo(before);
        }
        checkSplitRespectsTime(s, split);
    }

    static Stream<SplitSpec> splits() {
        return Stream.of(SplitSpec.TimeCut.fractions(0.1, 0.1), new SplitSpec.LastN(2, 3));
    }

    static Stream<Arguments> cases() {
        List<LabelProtocol> protocols = List.of(new LabelProtocol.Explicit(4f),
                new LabelProtocol.SampledNegatives(2, NegativeSampler.SAME_CATEGORY),
                new LabelProtocol.SampledNegatives(1, NegativeSampler.UNIFORM), new LabelProtocol.LastBehaviour());
        List<SplitSpec> splits = List.of(SplitSpec.TimeCut.fractions(0.1, 0.1), new SplitSpec.LastN(1, 1));
        Stream.Builder<Arguments> b = Stream.builder();
        for (String source : List.of("movielens", "taobao", "synthetic")) {
            for (LabelProtocol p : protocols) {
                if (!source.equals("movielens") && p instanceof LabelProtocol.Explicit) {
                    continue;
                }
                for (SplitSpec s : splits) {
                    b.add(Arguments.of(source, p, s));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("cases")
    void noSampleSeesItsOwnEventOrTheFuture(String source, LabelProtocol protocol, SplitSpec split,
                                            @TempDir Path out) throws Exception {
        EventReader reader;
        RawLog raw;
        if (source.equals("movielens")) {
            Path dir = SharedData.path("movielens-latest-small");
            reader = new MovieLensReader(dir, TimeRange.DEFAULT);
            raw = RawLog.movieLens(dir.resolve("ratings.csv"));
        } else {
            Path file = source.equals("taobao") ? SharedData.path("taobao-userbehavior-sample/UserBehavior-head.csv")
                    : syntheticLog;
            reader = new TaobaoReader(file, TimeRange.DEFAULT);
            raw = RawLog.taobao(file);
        }
        DatasetBuilder.prepare(reader, out, new DatasetBuilder.Options(protocol, split, 1, 7, false, 5),
                ProgressListener.NONE);
        Dataset d = Dataset.open(out);
        TimelineStore t = d.timelines();
        SampleTable s = d.samples();
        assertThat(t.eventCount()).isEqualTo(raw.events());

        Map<Integer, List<RawLog.Event>> expected = new HashMap<>();
        Map<Integer, Map<String, Integer>> firstSeen = new HashMap<>();
        for (String user : raw.byUser.keySet()) {
            int u = d.users().id(user);
            List<RawLog.Event> timeline = raw.timeline(user);
            expected.put(u, timeline);
            Map<String, Integer> first = new HashMap<>();
            for (int k = timeline.size() - 1; k >= 0; k--) {
                first.put(timeline.get(k).item(), k);
            }
            firstSeen.put(u, first);
            assertThat(t.length(u)).isEqualTo(timeline.size());
            for (int k = 0; k < timeline.size(); k++) {
                RawLog.Event e = timeline.get(k);
                int row = t.start(u) + k;
                if (!d.items().raw(t.item(row)).equals(e.item()) || t.epochSeconds(row) != e.time()) {
                    throw new AssertionError("user " + user + " row " + k + ": stored " + d.items().raw(t.item(row))
                            + "@" + t.epochSeconds(row) + ", raw log sorted gives " + e);
                }
            }
        }

        for (int i = 0; i < s.size(); i++) {
            int u = s.user(i);
            List<RawLog.Event> timeline = expected.get(u);
            int k = s.historyEnd(i) - t.start(u);
            assertThat(k).isBetween(0, timeline.size() - 1);
            // The timeline is sorted (checked above), so its last history row bounds them all.
            if (k > 0) {
                assertThat(t.epochSeconds(s.historyEnd(i) - 1)).isLessThanOrEqualTo(s.epochSeconds(i));
            }
            RawLog.Event own = timeline.get(k);
            String item = d.items().raw(s.item(i));
            boolean fromEvent = protocol instanceof LabelProtocol.Explicit || s.label(i) == 1f;
            if (fromEvent) {
                assertThat(item).as("sample %d's target is the event right after its history", i).isEqualTo(own.item());
                assertThat(s.epochSeconds(i)).isEqualTo(own.time());
            } else {
                int upTo = protocol instanceof LabelProtocol.LastBehaviour ? timeline.size() : k + 1;
                int first = firstSeen.get(u).getOrDefault(item, Integer.MAX_VALUE);
                assertThat(first).as("negative %s of sample %d was interacted with before", item, i)
                        .isGreaterThanOrEqualTo(upTo);
                assertThat(s.epochSeconds(i)).isEqualTo(own.time());
            }
            if (protocol instanceof LabelProtocol.LastBehaviour) {
                assertThat(k).isEqualTo(timeline.size() - 1);
            }
        }
        checkSplitRespectsTime(s, split);
    }

    private static void checkSplitRespectsTime(SampleTable s, SplitSpec split) {
        if (split instanceof SplitSpec.TimeCut) {
            long maxTrain = Long.MIN_VALUE;
            long minValid = Long.MAX_VALUE;
            long maxValid = Long.MIN_VALUE;
            long minTest = Long.MAX_VALUE;
            for (int i = 0; i < s.size(); i++) {
                long time = s.epochSeconds(i);
                switch (s.split(i)) {
                    case TRAIN -> maxTrain = Math.max(maxTrain, time);
                    case VALID -> {
                        minValid = Math.min(minValid, time);
                        maxValid = Math.max(maxValid, time);
                    }
                    default -> minTest = Math.min(minTest, time);
                }
            }
            assertThat(maxTrain).isLessThan(Math.min(minValid, minTest));
            if (minValid != Long.MAX_VALUE) {
                assertThat(maxValid).isLessThan(minTest);
            }
        } else {
            Map<Integer, long[]> perUser = new HashMap<>();
            for (int i = 0; i < s.size(); i++) {
                long[] m = perUser.computeIfAbsent(s.user(i), k -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE,
                    Long.MIN_VALUE, Long.MAX_VALUE});
                long time = s.epochSeconds(i);
                if (s.split(i) == Split.TRAIN) {
                    m[0] = Math.max(m[0], time);
                } else if (s.split(i) == Split.VALID) {
                    m[1] = Math.min(m[1], time);
                    m[2] = Math.max(m[2], time);
                } else {
                    m[3] = Math.min(m[3], time);
                }
            }
            for (long[] m : perUser.values()) {
                assertThat(m[0]).isLessThanOrEqualTo(Math.min(m[1], m[3]));
                assertThat(m[2]).isLessThanOrEqualTo(m[3]);
            }
        }
    }
}
