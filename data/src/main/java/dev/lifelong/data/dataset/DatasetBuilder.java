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
            throw new IllegalArgumentException(source + ": no valid event (" + log.rejected() + " rows rejected)");
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
        int[] chrono = s.chronologicalOrder();
        byte[] split = new byte[s.size()];
        Map<String, Object> splitParams = new LinkedHashMap<>(opt.split().assign(s, chrono, split));
        splitParams.put("description", opt.split().describe());
        s.setSplit(split);
        SampleTable.write(out.resolve(Dataset.SAMPLES), s, chrono, baseTime);
        progress.finish();

        users.vocabulary().write(Dataset.vocabularyFile(out, "user"));
        items.vocabulary().write(Dataset.vocabularyFile(out, "item"));
        categories.vocabulary().write(Dataset.vocabularyFile(out, "category"));
        behaviours.vocabulary().write(Dataset.vocabularyFile(out, "behaviour"));

        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("users", (long) userCount - 1);
        counts.put("items", (long) itemCount - 1);
        counts.put("categories", (long) categories.vocabulary().size() - 1);
        counts.put("behaviour_types", (long) behaviours.vocabulary().size() - 1);
        counts.put("events", (long) timelineRows.length);
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
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("name", opt.protocol().name());
        protocol.put("description", opt.protocol().describe());
        protocol.put("parameters", opt.protocol().toString());
        Map<String, Object> notes = new LinkedHashMap<>();
        notes.put("negative_draws_fallen_back_to_uniform", samples.uniformFallbacks());
        long bytes = Files.size(timelineFile);
        DatasetMetadata m = new DatasetMetadata(DatasetMetadata.FORMAT, DatasetMetadata.VERSION, LibraryVersion.get(),
                Instant.now().toString(), source, protocol, splitParams, opt.seed(), opt.minItemCount(), counts,
                log.summary(), baseTime, timelineRows.length == 0 ? 0 : (double) bytes / timelineRows.length, notes);
        m.write(out);
        return m;
    }
}
