package dev.lifelong.models.frame;

import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.models.eta.EtaUnit;
import dev.lifelong.models.sdim.SdimUnit;
import dev.lifelong.models.sim.SimHardUnit;
import dev.lifelong.models.sim.SimSoftUnit;
import dev.lifelong.models.twin.TwinUnit;
import dev.lifelong.models.unit.DinUnit;
import dev.lifelong.models.unit.MeanPoolUnit;
import dev.lifelong.models.unit.TargetAttentionUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registry name to model. Names are stable: they are written into artifacts and resolved back here; an unknown
 * name fails listing the known ones. No reflection on class names from configuration.
 */
public final class ModelRegistry {

    /** How to build the units of one model around the shared embeddings. */
    @FunctionalInterface
    private interface Factory {
        CtrModel create(String name, ModelConfig c, ParameterSet p, Embeddings e);
    }

    private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("dnn-avgpool", (n, c, p, e) -> new CtrModel(n, c, p, e, new MeanPoolUnit(e), new MeanPoolUnit(e)));
        FACTORIES.put("din-short", (n, c, p, e) -> new CtrModel(n, c, p, e, new DinUnit(p, "short.din", e), null));
        FACTORIES.put("din-avgpool-long", (n, c, p, e) ->
                new CtrModel(n, c, p, e, new DinUnit(p, "short.din", e), new MeanPoolUnit(e)));
        FACTORIES.put("din-full-long", (n, c, p, e) ->
                new CtrModel(n, c, p, e, shortTa(p, e, c), new DinUnit(p, "long.din", e)));
        FACTORIES.put("ta-full-long", (n, c, p, e) ->
                new CtrModel(n, c, p, e, shortTa(p, e, c), new TargetAttentionUnit(p, "long.ta", e, c.heads())));
        FACTORIES.put("sim-hard", (n, c, p, e) -> new CtrModel(n, c, p, e, shortTa(p, e, c),
                new SimHardUnit(p, "long.sim", e, c.heads(), c.crossDim(), c.gsuSize())));
        FACTORIES.put("sim-soft", (n, c, p, e) -> new CtrModel(n, c, p, e, shortTa(p, e, c),
                new SimSoftUnit(p, "long.simsoft", e, c.heads(), c.crossDim(), c.gsuSize())));
        FACTORIES.put("sdim", (n, c, p, e) -> new CtrModel(n, c, p, e, shortTa(p, e, c),
                new SdimUnit(e, c.sdimTau(), c.sdimGroups(), c.seed())));
        FACTORIES.put("eta", (n, c, p, e) -> new CtrModel(n, c, p, e, shortTa(p, e, c),
                new EtaUnit(p, "long.eta", e, c.heads(), c.hashBits(), c.topK(), c.seed())));
        FACTORIES.put("twin", (n, c, p, e) -> new CtrModel(n, c, p, e, shortTa(p, e, c),
                new TwinUnit(p, "long.twin", e, c.heads(), c.crossDim(), c.gsuSize(),
                        c.twinCrossFeatures())));
    }

    private ModelRegistry() {
    }

    private static SequenceUnit shortTa(ParameterSet p, Embeddings e, ModelConfig c) {
        return new TargetAttentionUnit(p, "short.ta", e, c.heads());
    }

    /** Registered names, in a stable order. */
    public static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    /**
     * A freshly initialised model.
     *
     * @param itemRows     item ids including 0 (the dataset's item vocabulary size)
     * @param categoryRows category ids including 0
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static CtrModel create(String name, ModelConfig config, int itemRows, int categoryRows) {
        Factory f = FACTORIES.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + String.join(", ",
                    names()));
        }
        ParameterSet params = new ParameterSet(config.seed());
        Embeddings e = new Embeddings(params, itemRows, categoryRows, config.embeddingDim());
        return f.create(name, config, params, e);
    }
}
