package dev.lifelong.models.artifact;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lifelong.core.param.Parameter;
import dev.lifelong.data.format.ChecksummedFile;
import dev.lifelong.data.format.ChecksummedWriter;
import dev.lifelong.data.format.CorruptFileException;
import dev.lifelong.data.format.FormatSpec;
import dev.lifelong.data.format.SequentialReader;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.models.frame.ModelRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A trained model on disk ({@code lifelong.model}): provenance as JSON (registry name, resolved configs, seed,
 * data fingerprint, metrics, library version), then every parameter and every piece of non-trainable state by
 * name. Written atomically with a checksum; loading rebuilds the model from the registry name and refuses a
 * file whose parameters do not match what that model declares.
 */
public final class ModelArtifact {

    public static final FormatSpec FORMAT = new FormatSpec("lifelong.model", 1, 1);
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ModelArtifact() {
    }

    /** A loaded model with its provenance. */
    public record Loaded(CtrModel model, Provenance provenance) {
    }

    public static void save(Path file, CtrModel model, Provenance provenance) throws IOException {
        try (ChecksummedWriter w = new ChecksummedWriter(file, FORMAT)) {
            w.writeString(JSON.writeValueAsString(provenance));
            w.writeString(JSON.writeValueAsString(model.config()));
            w.writeInt(model.parameters().size());
            for (Parameter p : model.parameters().all()) {
                writeArray(w, p.name(), p.values());
            }
            Map<String, float[]> state = model.state();
            w.writeInt(state.size());
            for (Map.Entry<String, float[]> e : state.entrySet()) {
                writeArray(w, e.getKey(), e.getValue());
            }
            w.commit();
        }
    }

    private static void writeArray(ChecksummedWriter w, String name, float[] values) throws IOException {
        w.writeString(name);
        w.writeInt(values.length);
        for (float v : values) {
            w.writeFloat(v);
        }
    }

    public static Loaded load(Path file) throws IOException {
        ChecksummedFile f = ChecksummedFile.open(file, FORMAT);
        SequentialReader b = new SequentialReader(f);
        try {
            Provenance prov = JSON.readValue(b.readString(), Provenance.class);
            ModelConfig config = JSON.readValue(b.readString(), ModelConfig.class);
            CtrModel model = ModelRegistry.create(prov.model(), config, prov.itemRows(), prov.categoryRows());
            int params = b.readInt();
            if (params != model.parameters().size()) {
                throw new CorruptFileException(file, params + " parameters saved, " + prov.model() + " has "
                        + model.parameters().size());
            }
            for (int i = 0; i < params; i++) {
                String name = b.readString();
                readInto(file, b, name, model.parameters().get(name).values());
            }
            Map<String, float[]> state = model.state();
            int states = b.readInt();
            for (int i = 0; i < states; i++) {
                String name = b.readString();
                float[] target = state.get(name);
                if (target == null) {
                    throw new CorruptFileException(file, "unknown state " + name + " for " + prov.model());
                }
                readInto(file, b, name, target);
            }
            model.parametersRestored();
            return new Loaded(model, prov);
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(file, "model content does not parse: " + e.getMessage());
        }
    }

    private static void readInto(Path file, SequentialReader b, String name, float[] target) throws IOException {
        int n = b.readInt();
        if (n != target.length) {
            throw new CorruptFileException(file, name + " has " + n + " values, the model expects " + target.length);
        }
        b.readFloats(target);
    }
}
