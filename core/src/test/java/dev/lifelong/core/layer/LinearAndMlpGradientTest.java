package dev.lifelong.core.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.core.gradcheck.GradientCheck;
import dev.lifelong.core.gradcheck.GradientCheck.Input;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.core.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LinearAndMlpGradientTest {

    @Test
    void linearWithAndWithoutBias() {
        for (boolean bias : new boolean[] {true, false}) {
            ParameterSet ps = new ParameterSet(1);
            Linear lin = new Linear(ps, "lin", 7, 5, bias);
            Rng rng = new Rng(2);
            int rows = 6;
            float[] x = Fixtures.uniform(rng, rows * 7, 1);
            float[] dx = new float[x.length];
            float[] r = Fixtures.uniform(rng, rows * 5, 1);
            float[] y = new float[rows * 5];
            GradientCheck.Objective obj = new GradientCheck.Objective() {
                @Override
                public double loss() {
                    lin.forward(x, 0, rows, y, 0);
                    return Fixtures.project(y, r, y.length);
                }

                @Override
                public void backward(Gradients g) {
                    lin.forward(x, 0, rows, y, 0);
                    lin.backward(x, 0, r, 0, rows, dx, 0, g);
                }
            };
            GradientCheck.check(ps, obj, List.of(new Input("x", x, dx)), GradientCheck.Options.DEFAULT)
                    .assertPassed();
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.Kind.class)
    void mlpInTraining(Activation.Kind kind) {
        checkMlp(kind, true);
    }

    @Test
    void diceAtInferenceUsesRunningStatistics() {
        checkMlp(Activation.Kind.DICE, false);
    }

    private void checkMlp(Activation.Kind kind, boolean training) {
        ParameterSet ps = new ParameterSet(3);
        Mlp mlp = new Mlp(ps, "mlp", new int[] {6, 9, 4, 2}, kind);
        Rng rng = new Rng(4);
        int rows = 11;
        float[] x = Fixtures.uniform(rng, rows * 6, 1.5);
        float[] dx = new float[x.length];
        float[] r = Fixtures.uniform(rng, rows * 2, 1);
        // Non-trivial slopes so that the negative side of PReLU and Dice is exercised.
        for (var p : ps.all()) {
            if (p.name().endsWith(".alpha")) {
                rng.fillUniform(p.values(), 0, p.size(), 0.5);
            }
        }
        Mlp.Workspace ws = mlp.newWorkspace();
        GradientCheck.Objective obj = new GradientCheck.Objective() {
            @Override
            public double loss() {
                return Fixtures.project(mlp.forward(x, rows, ws, training), r, rows * 2);
            }

            @Override
            public void backward(Gradients g) {
                mlp.forward(x, rows, ws, training);
                mlp.backward(x, r, rows, dx, ws, g);
            }
        };
        GradientCheck.Result res = GradientCheck.check(ps, obj, List.of(new Input("x", x, dx)),
                GradientCheck.Options.DEFAULT);
        res.assertPassed();
        assertThat(res.compared()).isGreaterThan(100);
    }

    @Test
    void diceRunningStatisticsMoveTowardsBatchStatistics() {
        ParameterSet ps = new ParameterSet(5);
        Dice dice = new Dice(ps, "d", 3);
        Activation.State st = dice.newState();
        float[] s = {1, 2, 3, 3, 4, 5};
        float[] a = new float[6];
        dice.forward(s, a, 2, st, true);
        dice.updateRunningStatistics(st);
        assertThat(dice.runningMean()[0]).isEqualTo(0.01f * 2f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(dice.runningVar()[2]).isEqualTo(0.99f + 0.01f * 1f, org.assertj.core.api.Assertions.within(1e-6f));
    }
}
