package dev.lifelong.models.frame;

import dev.lifelong.core.gradcheck.GradientCheck;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.data.dataset.Dataset;
import java.util.List;

/** An end-to-end gradient check of a whole model on one tiny batch: any model gets one for free. */
public final class ModelGradientCheck {

    private ModelGradientCheck() {
    }

    public static GradientCheck.Result run(CtrModel m, Dataset data, int[] ids) {
        CtrModel.Shard sh = m.newShard();
        m.assembler(data).assemble(ids, 0, ids.length, sh.batch);
        GradientCheck.Objective obj = new GradientCheck.Objective() {
            @Override
            public double loss() {
                return m.run(sh, ids.length, false, true);
            }

            @Override
            public void backward(Gradients g) {
                sh.grads.clear();
                m.run(sh, ids.length, true, true);
                g.addFrom(sh.grads);
            }
        };
        return GradientCheck.check(m.parameters(), obj, List.of(), new GradientCheck.Options(2e-3, 3e-2, 3e-4, 25, 9));
    }
}
