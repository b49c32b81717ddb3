package dev.lifelong.serve.model;

import dev.lifelong.core.kernel.ScalarKernels;
import dev.lifelong.core.parallel.ClaimedChunks;
import dev.lifelong.data.batch.CandidateAssembler;
import dev.lifelong.data.batch.History;
import dev.lifelong.data.batch.SampleBatch;
import dev.lifelong.models.artifact.ModelArtifact;
import dev.lifelong.models.artifact.Provenance;
import dev.lifelong.models.frame.CandidateOrder;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.frame.Retrieval;
import dev.lifelong.models.frame.SharedHistoryScorer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * One loaded model version, ready to score candidates against a user's history. Parameters are frozen, so any
 * number of requests score at once, each chunk of candidates on its own worker (its buffers borrowed from a
 * pool, so steady-state scoring allocates no model buffers). Models whose units attend over item-side rows
 * ({@code eta}, {@code ta-full-long}) or split their own work ({@code twin}, {@code sdim}, {@code sim-hard})
 * score through {@link SharedHistoryScorer}, sharing the history's work across candidates; the others, and any
 * request asking for explanations, run the training code's own forward pass per candidate on the same slices
 * and cross features. Both equal {@code evaluate}'s scores to 1e-5 (tested). The shared path rounds differently
 * (projected rows instead of a folded query), so where two behaviours tie to within float error at the edge of
 * a selection (TWIN's 100th place), the two paths may keep different ones.
 */
public final class ServingModel {

    /** Candidates per claimed chunk at least: fewer would spend more on hand-offs than on scoring. */
    static final int MIN_CHUNK = 16;
    /** Candidates per chunk at most: each chunk is a few GEMMs over its candidates, 64 rows keep them efficient. */
    static final int MAX_CHUNK = 64;
    /**
     * Behaviour rows one worker task assembles at most. A chunk's batch holds each candidate's copy of the rows
     * its units read, and their gathered embeddings (a few hundred bytes a row): without a bound, 1,000
     * candidates over 10^4 behaviours would need gigabytes per request. About 64 MB of embeddings per task.
     */
    static final int ROW_BUDGET = 1 << 18;
    private static final int[] NO_CANDIDATE = {0};
    /** Behaviours an explanation lists per candidate, heaviest first. */
    public static final int EXPLAIN_TOP = 10;

    private final CtrModel model;
    private final Provenance provenance;
    private final String version;
    private final Path artifact;
    private final ServingVocabulary vocabulary;
    private final CandidateAssembler assembler;
    private final ConcurrentLinkedQueue<CtrModel.Shard> shards = new ConcurrentLinkedQueue<>();
    /** The long unit's own per-target choice of rows (ETA), with its item-side tables; null for other units. */
    private final Retrieval retrieval;
    /** Scores against rows projected once, for models whose units allow it; null for the others. */
    private final SharedHistoryScorer shared;
    private final ConcurrentLinkedQueue<SharedHistoryScorer.Workspace> sharedWorkspaces = new ConcurrentLinkedQueue<>();

    private ServingModel(CtrModel model, Provenance provenance, String version, Path artifact,
                         ServingVocabulary vocabulary) {
        this.model = model;
        this.provenance = provenance;
        this.version = version;
        this.artifact = artifact;
        this.vocabulary = vocabulary;
        this.assembler = model.candidateAssembler();
        this.retrieval = model.longUnit() == null ? null : model.longUnit().retrieval(vocabulary.itemCategories());
        this.shared = SharedHistoryScorer.of(model, retrieval, vocabulary.itemCategories());
    }

    /**
     * Loads an artifact (checksummed: a corrupt or truncated file fails here, before it can serve) and checks
     * that it was trained in the vocabulary's id spaces.
     */
    public static ServingModel load(Path artifact, ServingVocabulary vocabulary) throws IOException {
        ModelArtifact.Loaded loaded = ModelArtifact.load(artifact);
        Provenance p = loaded.provenance();
        String mismatch = p.vocabularyMismatch(vocabulary.itemRows(), vocabulary.categoryRows(),
                vocabulary.fingerprints());
        if (mismatch != null) {
            throw new IllegalArgumentException(artifact + " cannot serve from the serving dataset's ids: " + mismatch);
        }
        return new ServingModel(loaded.model(), p, digest(artifact), artifact, vocabulary);
    }

    /** The first 12 hex digits of the artifact's SHA-256: a version that changes exactly when the file does. */
    private static String digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    public String name() {
        return model.name();
    }

    public String version() {
        return version;
    }

    public Provenance provenance() {
        return provenance;
    }

    public Path artifact() {
        return artifact;
    }

    public ServingVocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * Whether requests without explanations take the shared-history path ({@link SharedHistoryScorer}): rows
     * projected once per request or per version instead of each candidate's own forward pass.
     */
    public boolean sharesHistoryWork() {
        return shared != null;
    }

    /** Bytes of the item-side tables (signatures, projections) this version built when it loaded. */
    public long itemTableBytes() {
        return (retrieval == null ? 0 : retrieval.tableBytes()) + (shared == null ? 0 : shared.tableBytes());
    }

    /** The longest history the model looks at: reading more from a store is wasted work. */
    public int longLen() {
        return model.config().longLen();
    }

    public int shortLen() {
        return model.config().shortLen();
    }

    /** One scored request: probabilities aligned with the candidates, and explanations when asked for. */
    public record Scored(float[] probabilities, List<List<CtrModel.ExplainedBehaviour>> explanations) {
    }

    /**
     * Scores candidates (dense item and category ids) against the last {@code maxLen} behaviours of {@code h} at
     * {@code requestTime} (epoch seconds). Chunks of candidates are claimed by the calling thread and by
     * helpers on {@code pool} ({@link ClaimedChunks}).
     */
    public Scored score(History h, int maxLen, int[] items, int[] categories, long requestTime, boolean explain,
                        Executor pool, int workers) {
        int n = items.length;
        float[] p = new float[n];
        List<List<CtrModel.ExplainedBehaviour>> ex = explain ? new ArrayList<>(n) : null;
        if (ex != null) {
            for (int i = 0; i < n; i++) {
                ex.add(List.of());
            }
        }
        if (shared != null && !explain) {
            return new Scored(scoreShared(h, maxLen, items, categories, requestTime, pool, workers), null);
        }
        int len = Math.min(h.length(), Math.min(maxLen, longLen()));
        Retrieval.Prepared prepared = retrieval == null ? null : prepare(h, maxLen, requestTime);
        int rowsPerCandidate = Math.max(1, (retrieval == null ? len : Math.min(len, retrieval.limit()))
                + Math.min(len, shortLen()));
        int chunk = Math.max(1, Math.min(chunk(n, workers), ROW_BUDGET / rowsPerCandidate));
        ClaimedChunks.run(n, chunk, pool, workers - 1, (a, b) -> scoreChunk(h, maxLen, items, categories, a, b, requestTime, prepared,
                p, ex));
        return new Scored(p, ex);
    }

    /**
     * Candidates per claimed chunk: a share per worker for few candidates, else {@link #MAX_CHUNK}, so that a
     * worker the scheduler starts late leaves its chunks to the others.
     */
    static int chunk(int n, int workers) {
        return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, (n + workers - 1) / Math.max(1, workers)));
    }

    /** The history slice once, with its cross features as of the request, for the long unit to prepare from. */
    private Retrieval.Prepared prepare(History h, int maxLen, long requestTime) {
        return retrieval.prepare(slice(h, maxLen, requestTime).longSequence(), 0);
    }

    private SampleBatch slice(History h, int maxLen, long requestTime) {
        return assembler.assemble(h, maxLen, NO_CANDIDATE, NO_CANDIDATE, 0, 1, requestTime, new SampleBatch());
    }

    /**
     * The shared-history path (no explanations): the request's rows projected once, then chunks of candidates
     * on the workers, each one GEMM-shaped pass, the candidates taken by category ({@link CandidateOrder}).
     */
    private float[] scoreShared(History h, int maxLen, int[] items, int[] categories, long requestTime,
                                Executor pool, int workers) {
        int n = items.length;
        SampleBatch slice = slice(h, maxLen, requestTime);
        SharedHistoryScorer.Request request = shared.prepare(slice);
        int[] order = CandidateOrder.byCategory(categories);
        int[] sortedItems = new int[n];
        int[] sortedCategories = new int[n];
        for (int i = 0; i < n; i++) {
            sortedItems[i] = items[order[i]];
            sortedCategories[i] = categories[order[i]];
        }
        float[] sorted = new float[n];
        ClaimedChunks.run(n, chunk(n, workers), pool, workers - 1,
                (a, b) -> scoreSharedChunk(request, sortedItems, sortedCategories, a, b, sorted));
        float[] probabilities = new float[n];
        for (int i = 0; i < n; i++) {
            probabilities[order[i]] = ScalarKernels.sigmoid(sorted[i]);
        }
        return probabilities;
    }

    private void scoreSharedChunk(SharedHistoryScorer.Request request, int[] items, int[] categories, int from,
                                  int to, float[] logits) {
        if (from >= to) {
            return;
        }
        SharedHistoryScorer.Workspace ws = sharedWorkspaces.poll();
        if (ws == null) {
            ws = shared.newWorkspace();
        }
        try {
            request.score(items, categories, from, to, logits, ws);
        } finally {
            sharedWorkspaces.offer(ws);
        }
    }

    private void scoreChunk(History h, int maxLen, int[] items, int[] categories, int from, int to,
                            long requestTime, Retrieval.Prepared prepared, float[] out,
                            List<List<CtrModel.ExplainedBehaviour>> ex) {
        if (from >= to) {
            return;
        }
        CandidateAssembler.RowChoice choice = null;
        if (prepared != null) {
            Retrieval.Selector selector = prepared.selector();
            choice = new CandidateAssembler.RowChoice() {
                @Override
                public int limit() {
                    return retrieval.limit();
                }

                @Override
                public int choose(int c, int[] rows) {
                    return selector.select(items[c], categories[c], rows);
                }
            };
        }
        CtrModel.Shard sh = shards.poll();
        if (sh == null) {
            sh = model.newShard();
        }
        try {
            assembler.assemble(h, maxLen, items, categories, from, to, requestTime, choice, sh.batch);
            model.run(sh, to - from, false, false);
            float[] logits = sh.logits();
            for (int b = 0; b < to - from; b++) {
                out[from + b] = ScalarKernels.sigmoid(logits[b]);
                if (ex != null) {
                    List<CtrModel.ExplainedBehaviour> all = model.explain(sh, b);
                    ex.set(from + b, List.copyOf(all.subList(0, Math.min(EXPLAIN_TOP, all.size()))));
                }
            }
        } finally {
            shards.offer(sh);
        }
    }
}
