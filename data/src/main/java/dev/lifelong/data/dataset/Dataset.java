package dev.lifelong.data.dataset;

import dev.lifelong.data.sample.SampleTable;
import dev.lifelong.data.timeline.TimelineStore;
import dev.lifelong.data.vocab.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A prepared dataset folder: metadata, vocabularies, the timeline store and the samples. Everything a model
 * sees comes through here.
 */
public final class Dataset {

    public static final String TIMELINES = "timelines.llf";
    public static final String SAMPLES = "samples.llf";
    public static final String[] FEATURES = {"user", "item", "category", "behaviour"};

    private final Path dir;
    private final DatasetMetadata metadata;
    private final TimelineStore timelines;
    private final SampleTable samples;
    private final Vocabulary users;
    private final Vocabulary items;
    private final Vocabulary categories;
    private final Vocabulary behaviours;

    private Dataset(Path dir, DatasetMetadata metadata, TimelineStore timelines, SampleTable samples,
                    Vocabulary[] vocabs) {
        this.dir = dir;
        this.metadata = metadata;
        this.timelines = timelines;
        this.samples = samples;
        this.users = vocabs[0];
        this.items = vocabs[1];
        this.categories = vocabs[2];
        this.behaviours = vocabs[3];
    }

    public static Dataset open(Path dir) throws IOException {
        DatasetMetadata m = DatasetMetadata.read(dir);
        Vocabulary[] v = new Vocabulary[FEATURES.length];
        for (int i = 0; i < FEATURES.length; i++) {
            v[i] = Vocabulary.read(vocabularyFile(dir, FEATURES[i]));
        }
        return new Dataset(dir, m, TimelineStore.open(dir.resolve(TIMELINES)), SampleTable.open(dir.resolve(SAMPLES)), v);
    }

    static Path vocabularyFile(Path dir, String feature) {
        return dir.resolve("vocab-" + feature + ".llf");
    }

    /** The stored checksums of the timelines and samples files: changes whenever either file changes. */
    public String fingerprint() {
        try {
            return storedChecksum(dir.resolve(TIMELINES)) + "-" + storedChecksum(dir.resolve(SAMPLES));
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A lifelong data file's last 8 bytes: its footer's magic and CRC32C, checked when the file was opened. */
    private static String storedChecksum(Path file) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(b, java.nio.file.Files.size(file) - 8);
            return String.format("%08x", b.flip().getLong());
        }
    }

    /** The fingerprints of the vocabularies a model's ids come from, as its artifact records them. */
    public java.util.Map<String, String> modelVocabularies() {
        return modelVocabularies(items, categories, behaviours);
    }

    /** Feature ({@code item}, {@code category}, {@code behaviour}) to {@link Vocabulary#fingerprint()}. */
    public static java.util.Map<String, String> modelVocabularies(Vocabulary items, Vocabulary categories,
                                                                 Vocabulary behaviours) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("item", items.fingerprint());
        m.put("category", categories.fingerprint());
        m.put("behaviour", behaviours.fingerprint());
        return m;
    }

    public Path dir() {
        return dir;
    }

    public DatasetMetadata metadata() {
        return metadata;
    }

    public TimelineStore timelines() {
        return timelines;
    }

    public SampleTable samples() {
        return samples;
    }

    public Vocabulary users() {
        return users;
    }

    public Vocabulary items() {
        return items;
    }

    public Vocabulary categories() {
        return categories;
    }

    public Vocabulary behaviours() {
        return behaviours;
    }
}
