package org.rootgrad.solvers.constrained;

import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.projection.JacobianStructure;
import org.rootgrad.solvers.projection.Projection;

/**
 * The Euclidean projection onto a polyhedron {x : Ax ≤ b, Cx = d} (A p×n, C r×n), defined by the
 * quadratic program min ½‖x − v‖² s.t. Ax ≤ b, Cx = d and computed by {@link AdmmQP} (polished,
 * so the answer is exact on its active set), warm-started from the previous projection.
 *
 * <p><b>Parameters.</b> θ = (A (p·n) | b (p) | C (r·n) | d (r)), k = pn + p + rn + r, row-major.
 *
 * <p><b>Derivatives</b> in v and in every entry of θ come from the QP's implicit derivative
 * (its KKT conditions on the active set): ∂ᵥP is the orthogonal projector onto the null space of
 * the active rows, symmetric ({@link JacobianStructure#SYMMETRIC}; no diagonal description).
 * Under strict complementarity and linearly independent active rows; a degenerate point throws
 * {@link org.rootgrad.error.SingularOperatorException} from the derivative when the direct
 * method meets it.
 *
 * <p>An empty polyhedron makes {@link #project} throw {@link InvalidOptionException} (the QP's
 * primal infeasibility certificate); a QP that does not converge throws
 * {@link NotConvergedException}.
 *
 * <p>Not thread-safe (it holds its QP solver); {@link #fork()} for another thread.
 */
public final class PolyhedronProjection implements Projection {
    private final int n;
    private final int p;
    private final int r;
    private final int k;
    private final AdmmQP qp;
    private final double[] qpTheta;
    private final double[] qpThetaDot;
    private final double[] qpThetaBar;
    private final double[] z;
    private final double[] zDot;
    private final double[] zBar;
    private boolean linearized;

    private PolyhedronProjection(int n, int p, int r, AdmmQP.Builder solver) {
        this.n = n;
        this.p = p;
        this.r = r;
        this.k = p * n + p + r * n + r;
        this.qp = solver.build();
        this.qpTheta = new double[qp.parameterDimension()];
        this.qpThetaDot = new double[qp.parameterDimension()];
        this.qpThetaBar = new double[qp.parameterDimension()];
        this.z = new double[n + p + r];
        this.zDot = new double[n + p + r];
        this.zBar = new double[n + p + r];
        // P = I
        for (int i = 0; i < n; i++) {
            qpTheta[i * n + i] = 1;
        }
    }

    /**
     * The projection onto {Ax ≤ b, Cx = d} in Rⁿ with p inequalities and r equalities, through an
     * {@link AdmmQP} with tolerance 1e-10, direct derivatives on the active set.
     */
    public static PolyhedronProjection create(int n, int p, int r) {
        Checks.nonNegative("n", n);
        Checks.nonNegative("p", p);
        Checks.nonNegative("r", r);
        return new PolyhedronProjection(n, p, r, AdmmQP.builder(n, p + r)
                .options(SolverOptions.defaults().withTolerance(1e-10).withMaxIterations(20_000))
                .derivativeMethod(DerivativeMethod.DIRECT));
    }

    /** The QP solver behind the projection (its last result and derivative report). */
    public AdmmQP solver() {
        return qp;
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public int parameterDimension() {
        return k;
    }

    private void pack(double[] v, double[] theta) {
        int offQ = qp.offsetQ();
        int offA = qp.offsetA();
        int offL = qp.offsetLower();
        int offU = qp.offsetUpper();
        for (int i = 0; i < n; i++) {
            qpTheta[offQ + i] = -v[i];
        }
        System.arraycopy(theta, 0, qpTheta, offA, p * n);
        for (int i = 0; i < p; i++) {
            qpTheta[offL + i] = Double.NEGATIVE_INFINITY;
            qpTheta[offU + i] = theta[p * n + i];
        }
        int offC = p * n + p;
        int offD = offC + r * n;
        System.arraycopy(theta, offC, qpTheta, offA + p * n, r * n);
        for (int i = 0; i < r; i++) {
            qpTheta[offL + p + i] = theta[offD + i];
            qpTheta[offU + p + i] = theta[offD + i];
        }
    }

    private void solve(double[] v, double[] theta) {
        Checks.length("v", v, n);
        Checks.length("theta", theta, k);
        Checks.finite("theta", theta);
        pack(v, theta);
        SolverOptions o = qp.options();
        try {
            qp.run(z, qpTheta); // warm start from the previous projection
        } catch (NotConvergedException e) {
            if (e.status() == Status.PRIMAL_INFEASIBLE) {
                throw new InvalidOptionException("polyhedron: the set {Ax ≤ b, Cx = d} is empty "
                        + "(primal infeasibility certificate of the QP)");
            }
            throw e;
        }
        if (!o.throwOnFailure() && !qp.result().converged()) {
            throw new NotConvergedException("polyhedron projection", qp.result().status(),
                    qp.result().iterations(), qp.result().error());
        }
        System.arraycopy(qp.result().solution(), 0, z, 0, n + p + r);
    }

    @Override
    public void project(double[] v, double[] theta, double[] out) {
        Checks.length("out", out, n);
        solve(v, theta);
        linearized = false;
        System.arraycopy(z, 0, out, 0, n);
    }

    @Override
    public void linearize(double[] v, double[] theta) {
        solve(v, theta);
        linearized = true;
    }

    private void requireLinearized() {
        if (!linearized) {
            throw new InvalidOptionException("polyhedron projection: call linearize(v, θ) first");
        }
    }

    @Override
    public void jvpV(double[] dv, double[] out) {
        requireLinearized();
        Checks.length("dv", dv, n);
        Checks.length("out", out, n);
        java.util.Arrays.fill(qpThetaDot, 0);
        int offQ = qp.offsetQ();
        for (int i = 0; i < n; i++) {
            qpThetaDot[offQ + i] = -dv[i];
        }
        qp.jvp(qpThetaDot, zDot);
        System.arraycopy(zDot, 0, out, 0, n);
    }

    @Override
    public void vjpV(double[] w, double[] out) {
        requireLinearized();
        Checks.length("w", w, n);
        Checks.length("out", out, n);
        java.util.Arrays.fill(zBar, 0);
        System.arraycopy(w, 0, zBar, 0, n);
        qp.vjp(zBar, qpThetaBar);
        int offQ = qp.offsetQ();
        for (int i = 0; i < n; i++) {
            out[i] = -qpThetaBar[offQ + i];
        }
    }

    @Override
    public void jvpTheta(double[] dTheta, double[] out) {
        requireLinearized();
        Checks.length("dTheta", dTheta, k);
        Checks.length("out", out, n);
        java.util.Arrays.fill(qpThetaDot, 0);
        int offA = qp.offsetA();
        int offL = qp.offsetLower();
        int offU = qp.offsetUpper();
        System.arraycopy(dTheta, 0, qpThetaDot, offA, p * n);
        System.arraycopy(dTheta, p * n, qpThetaDot, offU, p);
        int offC = p * n + p;
        int offD = offC + r * n;
        System.arraycopy(dTheta, offC, qpThetaDot, offA + p * n, r * n);
        for (int i = 0; i < r; i++) {
            qpThetaDot[offL + p + i] = dTheta[offD + i];
            qpThetaDot[offU + p + i] = dTheta[offD + i];
        }
        qp.jvp(qpThetaDot, zDot);
        System.arraycopy(zDot, 0, out, 0, n);
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        requireLinearized();
        Checks.length("w", w, n);
        Checks.length("out", out, k);
        java.util.Arrays.fill(zBar, 0);
        System.arraycopy(w, 0, zBar, 0, n);
        qp.vjp(zBar, qpThetaBar);
        int offA = qp.offsetA();
        int offL = qp.offsetLower();
        int offU = qp.offsetUpper();
        System.arraycopy(qpThetaBar, offA, out, 0, p * n);
        System.arraycopy(qpThetaBar, offU, out, p * n, p);
        int offC = p * n + p;
        int offD = offC + r * n;
        System.arraycopy(qpThetaBar, offA + p * n, out, offC, r * n);
        for (int i = 0; i < r; i++) {
            out[offD + i] = qpThetaBar[offL + p + i] + qpThetaBar[offU + p + i];
        }
    }

    @Override
    public JacobianStructure jacobianStructure() {
        return JacobianStructure.SYMMETRIC;
    }

    @Override
    public void jacobianDiagonal(double[] d) {
        throw new UnsupportedDerivativeException("polyhedron projection: the Jacobian (a projector onto the "
                + "null space of the active rows) has no diagonal description");
    }

    @Override
    public double jacobianRankOne(double[] u) {
        throw new UnsupportedDerivativeException("polyhedron projection: the Jacobian (a projector onto the "
                + "null space of the active rows) has no diagonal description");
    }

    @Override
    public PolyhedronProjection fork() {
        return new PolyhedronProjection(n, p, r, AdmmQP.builder(n, p + r)
                .options(qp.options()).derivativeMethod(qp.derivativeMethod())
                .activeSetReduction(qp.activeSetReduction()));
    }

    @Override
    public String toString() {
        return "polyhedron projection (n = " + n + ", " + p + " inequalities, " + r + " equalities)";
    }
}
