package dev.lifelong.data.dataset;

import dev.lifelong.core.LibraryVersion;
import dev.lifelong.core.random.Rng;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.read.EventReader;
import dev.lifelong.data.sample.LabelProtocol;
import dev.lifelong.data.sample.SampleBuilder;
import dev.lifelong.data.sample.SampleColumns;
import dev.lifelong.data.sample.SampleTable;
import dev.lifelong.data.split.Split;
import dev.lifelong.data.split.SplitSpec;
import dev.lifelong.data.timeline.EventTable;
import dev.lifelong.data.timeline.TimelineWriter;
import dev.lifelong.data.validate.RejectionLog;
import dev.lifelong.data.validate.RejectionSummary;
import dev.lifelong.data.vocab.Vocabulary;
import dev.lifelong.data.vocab.VocabularyBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code prepare}: raw events to a dataset folder. Reads and validates the input into a columnar event table,
 * fixes the vocabularies, sorts each user's events by (time, file order), writes the timelines, builds samples
 * under the labelling protocol, splits them, and writes everything with its metadata.
 */
public final class DatasetBuilder {

    /**
     * @param protocol     how samples and labels arise
     * @param split        how samples are divided
     * @param minItemCount items seen fewer times become id 0 (unknown)
     * @param seed         seed of negative sampling
     * @param strict       stop at the first bad row
     * @param maxExamples  rejected rows kept as examples
     */
    public record Options(LabelProtocol protocol, SplitSpec split, int minItemCount, long seed, boolean strict,
                          int maxExamples) {
        public Options {
            if (minItemCount < 1) {
                throw new IllegalArgumentException("min item count must be >= 1, got " + minItemCount);
            }
        }
    }

    private DatasetBuilder() {
    }

    /** Reads every event of {@code reader} and prepares the dataset in {@code out} (created if missing). */
    public static DatasetMetadata prepare(EventReader reader, Path out, Options opt, ProgressListener progress)
            throws IOException {
        RejectionLog log = new RejectionLog(opt.strict(), opt.maxExamples());
        EventTable table = new EventTable();
        reader.read(table, log, progress);
        return write(table, log, reader.describe(), out, opt, progress);
    }

    /** Writes a dataset from events already in {@code table}. */
    public static DatasetMetadata write(EventTable table, RejectionLog log, String source, Path out, Options opt,
                                        ProgressListener progress) throws IOException {
        if (table.size() == 0) {
            throw new IllegalArgumentException(source + ": no valid event (" + log.whyNoneValid() + ")");
        }
        Files.createDirectories(out);
        progress.start("building timelines", -1, "");
        VocabularyBuilder.Result users = table.users().build(1);
        VocabularyBuilder.Result items = table.items().build(opt.minItemCount());
        VocabularyBuilder.Result categories = table.categories().build(1);
        VocabularyBuilder.Result behaviours = table.behaviours().build(1);
        table.remap(users.remap(), items.remap(), categories.remap(), behaviours.remap());
        int userCount = users.vocabulary().size();
        int itemCount = items.vocabulary().size();
        int[] itemCategory = new int[itemCount];
        boolean[] categorised = new boolean[itemCount];
        long baseTime = Long.MAX_VALUE;
        for (int e = 0; e < table.size(); e++) {
            baseTime = Math.min(baseTime, table.time(e));
            int it = table.item(e);
            if (!categorised[it]) {
                categorised[it] = true;
                itemCategory[it] = table.category(e);
            }
        }
        int[] order = table.sortedByUserAndTime(userCount);
        SampleBuilder samples = new SampleBuilder(table, order, itemCount, itemCategory);
        int[] timelineRows = java.util.Arrays.stream(order).filter(e -> samples.isBehaviour(opt.protocol(), e)).toArray();
        Path timelineFile = out.resolve(Dataset.TIMELINES);
        TimelineWriter.write(timelineFile, table, timelineRows, userCount, baseTime, itemCategory);
        progress.finish();

        progress.start("building samples", -1, "");
        SampleColumns s = samples.build(opt.protocol(), new Rng(Rng.derive(opt.seed(), "negatives")));
        progress.finish();
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("name", opt.protocol().name());
        protocol.put("description", opt.protocol().describe());
        protocol.put("parameters", opt.protocol().toString());
        Map<String, Object> notes = new LinkedHashMap<>();
        notes.put("negative_draws_fallen_back_to_uniform", samples.uniformFallbacks());
        Vocabulary[] vocabs = {users.vocabulary(), items.vocabulary(), categories.vocabulary(),
            behaviours.vocabulary()};
        return finish(out, s, vocabs, timelineRows.length, baseTime,
                new Provenance(source, protocol, opt.split(), opt.seed(), opt.minItemCount(), log.summary(), notes));
    }

    /**
     * What a dataset records about its making.
     *
     * @param source       reader or generator description
     * @param protocol     labelling protocol name, description, parameters
     * @param split        how samples are split
     * @param seed         seed of any sampling
     * @param minItemCount items below it became unknown
     * @param rejected     input rows by outcome
     * @param notes        anything else worth recording
     */
    public record Provenance(String source, Map<String, Object> protocol, SplitSpec split, long seed,
                             int minItemCount, RejectionSummary rejected, Map<String, Object> notes) {
    }

    /**
     * The part every dataset shares once its timelines are written: splits the samples, writes them in
     * chronological order, writes the vocabularies, and writes {@code dataset.json} with counts.
     *
     * @param vocabs user, item, category and behaviour vocabularies
     */
    public static DatasetMetadata finish(Path out, SampleColumns s, Vocabulary[] vocabs, int events, long baseTime,
                                         Provenance p) throws IOException {
        int[] chrono = s.chronologicalOrder();
        byte[] split = new byte[s.size()];
        Map<String, Object> splitParams = new LinkedHashMap<>(p.split().assign(s, chrono, split));
        splitParams.put("description", p.split().describe());
        s.setSplit(split);
        SampleTable.write(out.resolve(Dataset.SAMPLES), s, chrono, baseTime);
        for (int i = 0; i < vocabs.length; i++) {
            vocabs[i].write(Dataset.vocabularyFile(out, Dataset.FEATURES[i]));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("users", (long) vocabs[0].size() - 1);
        counts.put("items", (long) vocabs[1].size() - 1);
        counts.put("categories", (long) vocabs[2].size() - 1);
        counts.put("behaviour_types", (long) vocabs[3].size() - 1);
        counts.put("events", (long) events);
        counts.put("samples", (long) s.size());
        for (Split sp : Split.values()) {
            long n = 0;
            long pos = 0;
            for (int i = 0; i < s.size(); i++) {
                if (split[i] == sp.ordinal()) {
                    n++;
                    pos += s.label(i) == 1f ? 1 : 0;
                }
            }
            counts.put(sp.label() + "_samples", n);
            counts.put(sp.label() + "_positives", pos);
        }
        long bytes = Files.size(out.resolve(Dataset.TIMELINES));
        DatasetMetadata m = new DatasetMetadata(DatasetMetadata.FORMAT, DatasetMetadata.VERSION, LibraryVersion.get(),
                Instant.now().toString(), p.source(), p.protocol(), splitParams, p.seed(), p.minItemCount(), counts,
                p.rejected(), baseTime, events == 0 ? 0 : (double) bytes / events, p.notes());
        m.write(out);
        return m;
    }
}
