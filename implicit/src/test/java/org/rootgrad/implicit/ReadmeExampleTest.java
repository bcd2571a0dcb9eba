package org.rootgrad.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.Status;

/** The README's ridge-hypergradient example, line for line, against the closed form. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleComputesTheClosedFormHypergradient() {
        RidgeProblem ridgeData = RidgeProblem.diabetes();
        int n = ridgeData.n;
        int p = ridgeData.p;
        int m = ridgeData.nVal;
        double[] x = ridgeData.x;
        double[] y = ridgeData.y;
        double[] xVal = ridgeData.xVal;
        double[] yVal = ridgeData.yVal;
        double t = Math.log(0.05);
        double[] hypergradient = new double[1];
        SolverFunction solver = (init, lam, wOut) -> {
            System.arraycopy(RidgeProblem.solution(x, y, n, p, lam[0]), 0, wOut, 0, p);
            return Status.CONVERGED;
        };

        // ---- the README's lines ----
        Tape in = new Tape();
        Tensor w = in.input("w", p), lambda = in.input("lambda");
        Function f = in.build(in.constant(x, n, p).matvec(w).sub(in.constant(y)).square().mean()
                .add(lambda.mul(w.squaredNorm()).mul(0.5)));
        ImplicitSolution ridge = ImplicitDiff.customRoot(RootFunction.gradientOf(f, 0, 1), solver, null);
        Tape out = new Tape();
        Tensor theta = out.input("theta");
        Tensor wStar = ImplicitDiff.node(out, ridge, theta.exp());
        Function loss = out.build(out.constant(xVal, m, p).matvec(wStar).sub(out.constant(yVal)).square().mean());
        loss.valueAndGradient(loss.newWorkspace().setInputs(new double[] {t}), 0, hypergradient);
        // ----

        double expected = ridgeData.hypergradient(t);
        assertEquals(expected, hypergradient[0], 1e-8 * Math.abs(expected));
    }
}
