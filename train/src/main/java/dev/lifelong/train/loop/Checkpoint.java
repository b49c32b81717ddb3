package dev.lifelong.train.loop;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lifelong.data.format.ChecksummedFile;
import dev.lifelong.data.format.ChecksummedWriter;
import dev.lifelong.data.format.CorruptFileException;
import dev.lifelong.data.format.FormatSpec;
import dev.lifelong.data.format.SequentialReader;
import dev.lifelong.train.metric.Metrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything training needs to continue exactly where it stopped, written atomically after every epoch
 * ({@code lifelong.checkpoint}): the epochs done and their reports, the best epoch, the optimizer step, and named
 * arrays: current parameters and state, the best epoch's snapshot, and every optimizer state array (Adam moments,
 * Adagrad accumulators). Shuffling is seeded by epoch number, so nothing else is needed.
 */
final class Checkpoint {

    static final FormatSpec FORMAT = new FormatSpec("lifelong.checkpoint", 1, 1);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * The scalar part of a checkpoint. {@code trainSettings} and {@code data} say what a resumed run must share
     * with this one (null in checkpoints from before they were recorded).
     */
    record Header(String model, String modelConfig, String trainSettings, String data, int epochsDone,
                  int bestEpoch, Metrics bestValid, long step, long trainedSamples, long trainingNanos,
                  List<Trainer.EpochReport> reports) {
    }

    private Checkpoint() {
    }

    static void write(Path file, Header header, Map<String, float[]> arrays) throws IOException {
        try (ChecksummedWriter w = new ChecksummedWriter(file, FORMAT)) {
            w.writeString(JSON.writeValueAsString(header));
            w.writeInt(arrays.size());
            for (Map.Entry<String, float[]> e : arrays.entrySet()) {
                w.writeString(e.getKey());
                w.writeInt(e.getValue().length);
                for (float v : e.getValue()) {
                    w.writeFloat(v);
                }
            }
            w.commit();
        }
    }

    /**
     * Reads a checkpoint: its header, which {@code check} may refuse by throwing before anything else is read,
     * and its arrays copied into {@code into} by name (all must be there).
     */
    static Header read(Path file, Map<String, float[]> into, java.util.function.Consumer<Header> check)
            throws IOException {
        ChecksummedFile f = ChecksummedFile.open(file, FORMAT);
        SequentialReader b = new SequentialReader(f);
        Header h;
        try {
            h = JSON.readValue(b.readString(), Header.class);
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(file, "checkpoint header does not parse: " + e.getMessage());
        }
        check.accept(h);
        int n = b.readInt();
        Map<String, float[]> seen = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = b.readString();
            int len = b.readInt();
            float[] target = into.get(name);
            if (target == null || target.length != len) {
                throw new CorruptFileException(file, "array " + name + " (" + len + " values) does not fit this "
                        + "model; was the checkpoint written for another model or configuration?");
            }
            b.readFloats(target);
            seen.put(name, target);
        }
        if (seen.size() != into.size()) {
            throw new CorruptFileException(file, "holds " + seen.size() + " arrays, the model needs " + into.size());
        }
        return h;
    }
}
