package dev.lifelong.models.sim;

import dev.lifelong.core.layer.TargetAttention;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.models.frame.SharedInterest;

/**
 * SIM hard at serving time (MODELS.md, {@code sim-hard}: "serving keeps a per-user index category ->
 * behaviours"). A request indexes its history by category once, keeping each category's most recent
 * {@code gsuSize} behaviours, and projects their keys and values (with their time gaps) once; a candidate then
 * attends over its category's rows only. Projected rows round differently from training's folded query, so
 * scores agree with the forward pass to float error (tested to 1e-5).
 */
final class SimHardServing implements SharedInterest {

    private final TimeGapAttention esu;
    private final TargetAttention attention;
    private final int gsuSize;
    private final int categories;
    private final int hk;

    SimHardServing(TimeGapAttention esu, int gsuSize, int categories) {
        this.esu = esu;
        this.attention = esu.attention();
        this.gsuSize = gsuSize;
        this.categories = categories;
        this.hk = attention.heads() * attention.headDim();
    }

    private static final class Workspace {
        float[] queries = new float[0];
        float[] pooled = new float[0];
        float[] scores = new float[0];
        float[][] rows = new float[0][];
        float[][] valueRows = new float[0][];
        int[] offsets = new int[0];
    }

    @Override
    public Object newWorkspace() {
        return new Workspace();
    }

    @Override
    public Request prepare(BehaviourSequences seq, int b) {
        int start = seq.start(b);
        int end = start + seq.length(b);
        // Per category: how many of its most recent behaviours are kept, then where its rows start.
        int[] kept = new int[categories + 1];
        for (int r = end - 1; r >= start; r--) {
            int c = seq.categories()[r];
            if (c > 0 && c < categories && kept[c] < gsuSize) {
                kept[c]++;
            }
        }
        int[] first = new int[categories + 1];
        for (int c = 0; c < categories; c++) {
            first[c + 1] = first[c] + kept[c];
        }
        int rows = first[categories];
        int[] filled = new int[categories];
        int kw = esu.keyWidth();
        float[] keyRows = new float[Math.max(rows, 1) * kw];
        // Newest first, each category's rows written back to front, so every category lies oldest first.
        for (int r = end - 1; r >= start; r--) {
            int c = seq.categories()[r];
            if (c > 0 && c < categories && filled[c] < kept[c]) {
                int at = first[c] + kept[c] - 1 - filled[c]++;
                esu.keyRow(seq, r, keyRows, at * kw);
            }
        }
        float[] keys = new float[rows * hk];
        float[] values = new float[rows * hk];
        attention.projectRows(keyRows, rows, keys, values, 0);
        return (q, items, cats, n, out, workspace) -> {
            Workspace ws = (Workspace) workspace;
            if (ws.queries.length < n * hk) {
                ws.queries = new float[n * hk];
                ws.pooled = new float[n * hk];
            }
            if (ws.offsets.length < gsuSize) {
                ws.rows = new float[gsuSize][];
                ws.valueRows = new float[gsuSize][];
                ws.offsets = new int[gsuSize];
                ws.scores = new float[gsuSize * attention.heads()];
            }
            attention.projectQueries(q, n, ws.queries);
            for (int i = 0; i < n; i++) {
                int c = cats[i];
                int m = c > 0 && c < categories ? kept[c] : 0;
                for (int j = 0; j < m; j++) {
                    ws.rows[j] = keys;
                    ws.valueRows[j] = values;
                    ws.offsets[j] = (first[c] + j) * hk;
                }
                attention.attendRows(ws.queries, i * hk, ws.rows, ws.valueRows, ws.offsets, null, m, ws.pooled, i * hk,
                        ws.scores);
            }
            attention.projectOutput(ws.pooled, n, out);
        };
    }
}
