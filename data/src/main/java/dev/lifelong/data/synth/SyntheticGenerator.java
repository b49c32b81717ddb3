package dev.lifelong.data.synth;

import dev.lifelong.core.metric.Auc;
import dev.lifelong.core.random.Rng;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.dataset.DatasetBuilder;
import dev.lifelong.data.dataset.DatasetMetadata;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.sample.SampleColumns;
import dev.lifelong.data.split.Split;
import dev.lifelong.data.split.SplitSpec;
import dev.lifelong.data.timeline.TimelineWriter;
import dev.lifelong.data.validate.RejectionSummary;
import dev.lifelong.data.vocab.Vocabulary;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * {@code generate}: synthetic lifelong users with a known truth, written as a dataset whose samples carry their
 * true click probability (so the oracle AUC is known), and optionally as a raw Taobao-format log.
 *
 * <p>Each user has {@code interests} categories, {@code dormantInterests} of them present only in the first
 * {@code dormantBefore} of the history; behaviours follow the interests (plus {@code noise} random ones), items
 * within a category follow Zipf popularity. History lengths are log-normal. After the history come
 * {@code impressions} labelled impressions whose targets are drawn from the active interests (35%), the dormant
 * ones (35%) and the popular items (30%), labelled by {@link ClickModel}. Users stream to disk one at a time:
 * memory holds one user's history, the samples and the vocabularies, not the events.
 */
public final class SyntheticGenerator {

    static final String[] BEHAVIOURS = {null, "pv", "cart", "fav", "buy"};
    private static final double[] BEHAVIOUR_CUMULATIVE = {0.85, 0.92, 0.97, 1.0};
    /** 2025-01-01T00:00:00Z: the synthetic calendar starts here. */
    static final long EPOCH = 1_735_689_600L;

    private final SyntheticConfig config;
    private final SyntheticWorld world;

    public SyntheticGenerator(SyntheticConfig config) {
        this.config = config;
        this.world = new SyntheticWorld(config);
    }

    /**
     * Generates into {@code out} (a dataset folder) and, when {@code rawLog} is not null, writes the behaviours
     * there as a Taobao-format CSV ({@code .gz} compressed when so named).
     */
    public DatasetMetadata generate(Path out, SplitSpec split, Path rawLog, ProgressListener progress)
            throws IOException {
        Files.createDirectories(out);
        SyntheticConfig c = config;
        long historySpan = c.historyDays() * 86_400L;
        long impressionSpan = c.impressionDays() * 86_400L;
        long[] itemCounts = new long[c.items() + 1];
        long[] categoryCounts = new long[c.categories() + 1];
        long[] behaviourCounts = new long[BEHAVIOURS.length];
        long[] userCounts = new long[c.users() + 1];
        SampleColumns samples = new SampleColumns();
        int[] item = new int[c.maxHistory()];
        long[] time = new long[c.maxHistory()];
        int[] behaviour = new int[c.maxHistory()];
        CategoryIndex byCategory = new CategoryIndex(c.categories() + 1);
        int events = 0;
        progress.start("generating users", c.users(), "users");
        try (TimelineWriter timelines = new TimelineWriter(out.resolve(Dataset.TIMELINES), c.users() + 1, EPOCH);
             Writer log = rawLog == null ? null : open(rawLog)) {
            for (int u = 1; u <= c.users(); u++) {
                Rng rng = new Rng(Rng.derive(c.seed(), "user " + u));
                UserInterests in = UserInterests.draw(world, rng);
                int len = historyLength(rng);
                byCategory.clear();
                fillTimes(rng, time, len, historySpan);
                for (int j = 0; j < len; j++) {
                    int k = in.categoryAt((double) j / len, c.noise(), world, rng);
                    int it = world.itemOf(k, rng);
                    int b = behaviourOf(rng);
                    item[j] = it;
                    behaviour[j] = b;
                    byCategory.add(k, it);
                    timelines.append(u, it, k, b, Float.NaN, EPOCH + time[j]);
                    itemCounts[it]++;
                    categoryCounts[k]++;
                    behaviourCounts[b]++;
                    if (log != null) {
                        log.write("u" + u + ",i" + it + ",c" + k + "," + BEHAVIOURS[b] + "," + (EPOCH + time[j]) + "\n");
                    }
                }
                userCounts[u] = len;
                int historyEnd = events + len;
                events += len;
                for (int m = 0; m < c.impressions(); m++) {
                    int target = in.impressionTarget(world, rng);
                    double p = ClickModel.probability(world, byCategory, target);
                    float y = rng.nextDouble() < p ? 1f : 0f;
                    long t = EPOCH + historySpan + (long) (rng.nextDouble() * impressionSpan);
                    samples.add(u, target, world.itemCategory[target], y, t, historyEnd, samples.size(), (float) p);
                }
                if (u % 64 == 0) {
                    progress.advanceTo(u);
                }
            }
            progress.finish();
            timelines.finish(world.itemCategory);
        }
        Vocabulary[] vocabs = {
            numbered("user", "u", userCounts), numbered("item", "i", itemCounts),
            numbered("category", "c", categoryCounts), Vocabulary.of("behaviour", BEHAVIOURS, behaviourCounts)};
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("name", "synthetic");
        protocol.put("description", "synthetic impressions labelled by the known click model");
        protocol.put("parameters", config.toString());
        Map<String, Object> notes = new LinkedHashMap<>();
        notes.put("click_model", ClickModel.DESCRIPTION);
        RejectionSummary none = new RejectionSummary(events, events, 0, Map.of(), List.of());
        DatasetMetadata m = DatasetBuilder.finish(out, samples, vocabs, events, EPOCH,
                new DatasetBuilder.Provenance("synthetic " + config, protocol, split, config.seed(), 1, none, notes));
        Map<String, Object> withOracle = new LinkedHashMap<>(m.notes());
        for (Split s : Split.values()) {
            withOracle.put("oracle_auc_" + s.label(), oracleAuc(Dataset.open(out), s));
        }
        DatasetMetadata full = new DatasetMetadata(m.format(), m.version(), m.library(), m.created(), m.source(),
                m.protocol(), m.split(), m.seed(), m.minItemCount(), m.counts(), m.rejected(), m.baseTime(),
                m.bytesPerEvent(), withOracle);
        full.write(out);
        return full;
    }

    /** AUC of the true probabilities on one split: the best any model can do there. */
    static double oracleAuc(Dataset d, Split split) {
        var s = d.samples();
        float[] p = new float[s.size()];
        float[] y = new float[s.size()];
        int n = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.split(i) == split) {
                p[n] = s.trueProbability(i);
                y[n++] = s.label(i);
            }
        }
        double auc = Auc.of(p, y, n);
        return Double.isNaN(auc) ? 0 : Math.round(auc * 1e5) / 1e5;
    }

    private static Vocabulary numbered(String feature, String prefix, long[] counts) {
        String[] raw = new String[counts.length];
        for (int i = 1; i < raw.length; i++) {
            raw[i] = prefix + i;
        }
        return Vocabulary.of(feature, raw, counts);
    }

    private int historyLength(Rng rng) {
        double sigma = config.historySigma();
        double mu = Math.log(config.meanHistory()) - sigma * sigma / 2;
        double len = Math.exp(mu + sigma * rng.nextGaussian());
        return (int) Math.max(config.minHistory(), Math.min(config.maxHistory(), Math.round(len)));
    }

    /** {@code len} sorted uniform offsets in {@code [0, span)}, from normalised exponential spacings. */
    private static void fillTimes(Rng rng, long[] time, int len, long span) {
        double sum = 0;
        double[] gaps = new double[len + 1];
        for (int j = 0; j <= len; j++) {
            gaps[j] = -Math.log(1 - rng.nextDouble());
            sum += gaps[j];
        }
        double acc = 0;
        for (int j = 0; j < len; j++) {
            acc += gaps[j];
            time[j] = Math.min(span - 1, (long) (acc / sum * span));
        }
    }

    private static int behaviourOf(Rng rng) {
        double x = rng.nextDouble();
        for (int b = 0; b < BEHAVIOUR_CUMULATIVE.length; b++) {
            if (x < BEHAVIOUR_CUMULATIVE[b]) {
                return b + 1;
            }
        }
        return BEHAVIOUR_CUMULATIVE.length;
    }

    private static Writer open(Path file) throws IOException {
        java.io.OutputStream os = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            os = new GZIPOutputStream(os, 1 << 16);
        }
        return new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
    }
}
