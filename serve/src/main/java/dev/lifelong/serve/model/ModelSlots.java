package dev.lifelong.serve.model;

import dev.lifelong.data.batch.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models a server serves, one slot per registry name ({@code eta}, {@code twin}, ...). A new artifact is
 * loaded and warmed beside the version serving now and then swapped in atomically: a request holds the version
 * it started with until it finishes, and one that starts after the swap gets the new one. An artifact that does
 * not load (corrupt, truncated, another vocabulary) is refused and the old version keeps serving.
 */
public final class ModelSlots {

    private static final Logger LOG = LoggerFactory.getLogger(ModelSlots.class);

    private final ServingVocabulary vocabulary;
    private final Executor pool;
    private final int workers;
    private final int warmupRounds;
    private final Map<String, AtomicReference<ServingModel>> slots = new ConcurrentHashMap<>();
    private volatile Consumer<String> onReload = outcome -> { };

    /**
     * @param warmupRounds scoring rounds run on a new version before it serves (JIT compilation happens there,
     *                     not in users' requests)
     */
    public ModelSlots(ServingVocabulary vocabulary, Executor pool, int workers, int warmupRounds) {
        this.vocabulary = vocabulary;
        this.pool = pool;
        this.workers = workers;
        this.warmupRounds = warmupRounds;
    }

    /** Called with {@code loaded} or {@code rejected} after every load attempt (metrics). */
    public void onReload(Consumer<String> listener) {
        this.onReload = listener;
    }

    /** The version serving under {@code name} now, or null. */
    public ServingModel get(String name) {
        AtomicReference<ServingModel> ref = slots.get(name);
        return ref == null ? null : ref.get();
    }

    /** Every slot's current version, by name. */
    public Map<String, ServingModel> all() {
        Map<String, ServingModel> m = new TreeMap<>();
        slots.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    public boolean isEmpty() {
        return slots.isEmpty();
    }

    /**
     * Loads, warms and installs an artifact under its model's name, replacing that slot's version. Throws (and
     * leaves every slot as it was) when the artifact cannot serve.
     */
    public ServingModel load(Path artifact) throws IOException {
        return load(artifact, null);
    }

    /** As {@link #load(Path)}, refusing an artifact of another model than {@code expectedName} (when not null). */
    public synchronized ServingModel load(Path artifact, String expectedName) throws IOException {
        ServingModel m;
        try {
            m = ServingModel.load(artifact, vocabulary);
            if (expectedName != null && !expectedName.equals(m.name())) {
                throw new IllegalArgumentException(artifact + " holds model " + m.name() + ", not " + expectedName);
            }
            warm(m);
        } catch (IOException | RuntimeException e) {
            onReload.accept("rejected");
            LOG.warn("refused {}: {}", artifact, e.getMessage());
            throw e;
        }
        ServingModel old = slots.computeIfAbsent(m.name(), k -> new AtomicReference<>()).getAndSet(m);
        onReload.accept("loaded");
        LOG.info("serving {} version {} from {}{}", m.name(), m.version(), artifact,
                old == null ? "" : " (was " + old.version() + ")");
        return m;
    }

    /**
     * Scores made-up requests (a random history as long as the model reads, 256 candidates) so that the
     * scoring path is compiled before real requests arrive.
     */
    private void warm(ServingModel m) {
        Random rnd = new Random(1);
        History h = new History();
        int len = Math.min(m.longLen(), 2_000);
        long t = 1_700_000_000L;
        for (int i = 0; i < len; i++) {
            int item = 1 + rnd.nextInt(Math.max(1, vocabulary.itemRows() - 1));
            h.add(item, vocabulary.categoryOfItem(item), 0, Float.NaN, t + i);
        }
        int[] items = new int[256];
        int[] cats = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            items[i] = 1 + rnd.nextInt(Math.max(1, vocabulary.itemRows() - 1));
            cats[i] = vocabulary.categoryOfItem(items[i]);
        }
        for (int r = 0; r < warmupRounds; r++) {
            m.score(h, Integer.MAX_VALUE, items, cats, t + len + 60, r == 0, pool, workers);
        }
    }
}
