package org.rootgrad.solvers.objective;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Objective;

/** One library objective, hand-written and on the tape, on small random data. */
record ObjectiveCase(String name, Supplier<Objective> hand, Supplier<Objective> tape, boolean hasLambda,
                     boolean strictlyPositiveLambda) {

    static final int ROWS = 37;
    static final int FEATURES = 6;
    static final int CLASSES = 3;

    @Override
    public String toString() {
        return name;
    }

    static final class Data {
        final double[] x = new double[ROWS * FEATURES];
        final double[] y = new double[ROWS];
        final double[] signs = new double[ROWS];
        final int[] classes = new int[ROWS];

        Data(long seed) {
            Random rng = new Random(seed);
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextGaussian();
            }
            for (int i = 0; i < ROWS; i++) {
                y[i] = 2 * rng.nextGaussian();
                signs[i] = rng.nextBoolean() ? 1 : -1;
                classes[i] = rng.nextInt(CLASSES);
            }
        }
    }

    static Objective objective(Function f) {
        return f.inputCount() == 2 ? f.objective(0, 1) : f.objective(0);
    }

    static List<ObjectiveCase> all() {
        Data d = new Data(11);
        List<ObjectiveCase> cases = new ArrayList<>();
        int n = ROWS;
        int p = FEATURES;
        for (boolean b : new boolean[] {false, true}) {
            String s = b ? " with intercept" : "";
            cases.add(new ObjectiveCase("least squares" + s,
                    () -> Objectives.leastSquares(d.x, n, p, d.y, b),
                    () -> objective(TapeObjectives.leastSquares(d.x, n, p, d.y, b)), false, false));
            cases.add(new ObjectiveCase("ridge" + s,
                    () -> Objectives.ridge(d.x, n, p, d.y, b),
                    () -> objective(TapeObjectives.ridge(d.x, n, p, d.y, b)), true, false));
            cases.add(new ObjectiveCase("binary logistic" + s,
                    () -> Objectives.binaryLogistic(d.x, n, p, d.signs, b),
                    () -> objective(TapeObjectives.binaryLogistic(d.x, n, p, d.signs, b)), false, false));
            cases.add(new ObjectiveCase("L2 binary logistic" + s,
                    () -> Objectives.binaryLogisticL2(d.x, n, p, d.signs, b),
                    () -> objective(TapeObjectives.binaryLogisticL2(d.x, n, p, d.signs, b)), true, false));
            cases.add(new ObjectiveCase("multiclass logistic" + s,
                    () -> Objectives.multiclassLogistic(d.x, n, p, d.classes, CLASSES, b),
                    () -> objective(TapeObjectives.multiclassLogistic(d.x, n, p, d.classes, CLASSES, b)), false, false));
            cases.add(new ObjectiveCase("L2 multiclass logistic" + s,
                    () -> Objectives.multiclassLogisticL2(d.x, n, p, d.classes, CLASSES, b),
                    () -> objective(TapeObjectives.multiclassLogisticL2(d.x, n, p, d.classes, CLASSES, b)), true, false));
            cases.add(new ObjectiveCase("Huber" + s,
                    () -> Objectives.huber(d.x, n, p, d.y, 1.3, b),
                    () -> objective(TapeObjectives.huber(d.x, n, p, d.y, 1.3, b)), false, false));
            cases.add(new ObjectiveCase("L2 Huber" + s,
                    () -> Objectives.huberL2(d.x, n, p, d.y, 1.3, b),
                    () -> objective(TapeObjectives.huberL2(d.x, n, p, d.y, 1.3, b)), true, false));
        }
        cases.add(new ObjectiveCase("multiclass SVM dual",
                () -> Objectives.multiclassSvmDual(d.x, n, p, d.classes, CLASSES),
                () -> objective(TapeObjectives.multiclassSvmDual(d.x, n, p, d.classes, CLASSES)), true, true));
        return cases;
    }
}
