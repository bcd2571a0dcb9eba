package org.rootgrad.solvers.constrained;

import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.implicit.linear.LinearOperator;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.SolveResult;
import org.rootgrad.implicit.linear.SolverWorkspace;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.solvers.projection.JacobianStructure;
import org.rootgrad.solvers.projection.Projection;

/**
 * The Euclidean projection of an r×c matrix Y (row-major, n = rc) onto the transport polytope
 * {X ≥ 0, X1 = a, Xᵀ1 = b}, or onto the Birkhoff polytope of doubly stochastic matrices (r = c,
 * a = b = 1, no parameters), through its dual: X = [Y + α1ᵀ + 1βᵀ]₊ with (α, β) maximising the
 * concave dual. The dual is maximised by exact block coordinate ascent — for fixed β each αᵢ
 * makes row i the projection of Yᵢ + β onto the simplex of mass aᵢ, then likewise for the
 * columns (a Sinkhorn-like alternation in the Euclidean geometry; the solvers module's L-BFGS had
 * not landed when this was written) — warm-started from the previous dual, until the row
 * marginals are within tolerance·(1 + max aᵢ) after a column step.
 *
 * <p><b>Parameters.</b> Transport: θ = (a (r) | b (c)), a, b ≥ 0 with Σa = Σb (relative
 * 1e-12), k = r + c. Birkhoff: k = 0.
 *
 * <p><b>Derivatives</b> (active-set reduced: on the support S = {Xᵢⱼ &gt; 0}): with E the map
 * (α̇, β̇) ↦ (α̇ᵢ + β̇ⱼ) on S and L = EᵀE = [[diag(row counts), B], [Bᵀ, diag(column counts)]]
 * (B the support's 0/1 pattern: the signless Laplacian of the support graph), Ẋ = Ẏ_S + E s with
 * L s = −Eᵀ Ẏ_S for a change of Y, and Ẋ = E s with L s = (ȧ, ḃ) for a change of the marginals
 * (projected onto Σȧ = Σḃ, the tangent of the valid set; VJPs return the gradient in that
 * tangent space). L is (r + c)-dimensional and singular along (1, −1) for a connected support:
 * MINRES solves it — the reduced system, instead of the (rc + r + c)-dimensional KKT system.
 * ∂ᵥP is the orthogonal projector onto the null space of Eᵀ on S: symmetric.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class TransportProjection implements Projection {
    private final int rows;
    private final int cols;
    private final boolean birkhoff;
    private final double tolerance;
    private final int maxSweeps;
    private final double[] alpha;
    private final double[] beta;
    private final double[] rowMass;
    private final double[] colMass;
    private final double[] buffer;
    private final boolean[] support;
    private final double[] x;
    private final double[] rhs;
    private final double[] s;
    private final double[] rowCount;
    private final double[] colCount;
    private final LinearSolver minres;
    private final SolverWorkspace workspace;
    private final LinearOperator laplacian;
    private boolean linearized;
    private int lastSweeps;
    private double lastViolation;

    private TransportProjection(int rows, int cols, boolean birkhoff, double tolerance, int maxSweeps) {
        this.rows = rows;
        this.cols = cols;
        this.birkhoff = birkhoff;
        this.tolerance = tolerance;
        this.maxSweeps = maxSweeps;
        this.alpha = new double[rows];
        this.beta = new double[cols];
        this.rowMass = new double[rows];
        this.colMass = new double[cols];
        this.buffer = new double[Math.max(rows, cols)];
        this.support = new boolean[rows * cols];
        this.x = new double[rows * cols];
        this.rhs = new double[rows + cols];
        this.s = new double[rows + cols];
        this.rowCount = new double[rows];
        this.colCount = new double[cols];
        this.minres = LinearSolver.minres(LinearSolverOptions.builder().relativeTolerance(1e-13)
                .throwOnFailure(false).build());
        this.workspace = minres.newWorkspace(rows + cols);
        this.laplacian = LinearOperator.fromFunctions(rows + cols, rows + cols, this::applyLaplacian,
                this::applyLaplacian, Structure.SYMMETRIC);
    }

    /** The transport polytope of r×c matrices with marginals θ = (a, b); tolerance 1e-12 on the marginals. */
    public static TransportProjection transport(int rows, int cols) {
        Checks.atLeastOne("rows", rows);
        Checks.atLeastOne("cols", cols);
        return new TransportProjection(rows, cols, false, 1e-12, 200_000);
    }

    /** The Birkhoff polytope of n×n doubly stochastic matrices (no parameters). */
    public static TransportProjection birkhoff(int n) {
        Checks.atLeastOne("n", n);
        return new TransportProjection(n, n, true, 1e-12, 200_000);
    }

    @Override
    public int dimension() {
        return rows * cols;
    }

    @Override
    public int parameterDimension() {
        return birkhoff ? 0 : rows + cols;
    }

    /** Coordinate-ascent sweeps of the last projection. */
    public int sweeps() {
        return lastSweeps;
    }

    /** The final marginal violation max |X1 − a| of the last projection. */
    public double violation() {
        return lastViolation;
    }

    private void marginals(double[] theta) {
        if (birkhoff) {
            java.util.Arrays.fill(rowMass, 1);
            java.util.Arrays.fill(colMass, 1);
            return;
        }
        Checks.length("theta", theta, rows + cols);
        double sumA = 0;
        double sumB = 0;
        for (int i = 0; i < rows + cols; i++) {
            double t = theta[i];
            if (!Double.isFinite(t)) {
                throw new NonFiniteException("theta", i, t);
            }
            if (t < 0) {
                throw new InvalidOptionException("transport: marginal " + i + " is " + t + "; marginals must be ≥ 0");
            }
            if (i < rows) {
                rowMass[i] = t;
                sumA += t;
            } else {
                colMass[i - rows] = t;
                sumB += t;
            }
        }
        if (Math.abs(sumA - sumB) > 1e-12 * Math.max(1, Math.max(sumA, sumB))) {
            throw new InvalidOptionException("transport: the marginals have different masses, Σa = " + sumA
                    + " and Σb = " + sumB + "; the polytope is empty");
        }
    }

    /**
     * The threshold t with Σ [w − t]₊ = mass over {@code len} values read from {@code v} at
     * {@code off + i·stride} plus {@code shift[i]}.
     */
    private double threshold(double[] v, int off, int stride, int len, double[] shift, double mass) {
        for (int i = 0; i < len; i++) {
            buffer[i] = v[off + i * stride] + shift[i];
        }
        java.util.Arrays.sort(buffer, 0, len);
        double sum = 0;
        double t = buffer[len - 1] - mass;
        for (int count = 1; count <= len; count++) {
            double w = buffer[len - count];
            sum += w;
            double candidate = (sum - mass) / count;
            if (w > candidate) {
                t = candidate;
            } else {
                break;
            }
        }
        return t;
    }

    private void solve(double[] y, double[] theta) {
        Checks.length("v", y, rows * cols);
        marginals(theta);
        double scale = 1;
        for (int i = 0; i < rows; i++) {
            scale = Math.max(scale, rowMass[i]);
        }
        double target = tolerance * scale;
        int sweep = 0;
        double violation = Double.POSITIVE_INFINITY;
        while (sweep < maxSweeps) {
            sweep++;
            for (int i = 0; i < rows; i++) {
                alpha[i] = -threshold(y, i * cols, 1, cols, beta, rowMass[i]);
            }
            for (int j = 0; j < cols; j++) {
                beta[j] = -threshold(y, j, cols, rows, alpha, colMass[j]);
            }
            violation = 0;
            for (int i = 0; i < rows; i++) {
                double sum = 0;
                int row = i * cols;
                for (int j = 0; j < cols; j++) {
                    sum += Math.max(0, y[row + j] + alpha[i] + beta[j]);
                }
                violation = Math.max(violation, Math.abs(sum - rowMass[i]));
            }
            if (!(violation > target)) {
                break;
            }
        }
        lastSweeps = sweep;
        lastViolation = violation;
        if (!(violation <= target)) {
            java.util.Arrays.fill(alpha, 0); // do not warm-start the next call from a failed dual
            java.util.Arrays.fill(beta, 0);
            throw new NotConvergedException("transport projection (dual coordinate ascent)",
                    Double.isNaN(violation) ? Status.NON_FINITE : Status.MAX_ITERATIONS, sweep, violation);
        }
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                x[row + j] = Math.max(0, y[row + j] + alpha[i] + beta[j]);
            }
        }
    }

    @Override
    public void project(double[] v, double[] theta, double[] out) {
        Checks.length("out", out, rows * cols);
        solve(v, theta);
        linearized = false;
        System.arraycopy(x, 0, out, 0, rows * cols);
    }

    @Override
    public void linearize(double[] v, double[] theta) {
        linearized = false;
        solve(v, theta);
        java.util.Arrays.fill(rowCount, 0);
        java.util.Arrays.fill(colCount, 0);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                boolean on = x[i * cols + j] > 0;
                support[i * cols + j] = on;
                if (on) {
                    rowCount[i]++;
                    colCount[j]++;
                }
            }
        }
        linearized = true;
    }

    /** (p, q) ↦ (Σ_{j∈Sᵢ}(pᵢ + qⱼ), Σ_{i∈Sⱼ}(pᵢ + qⱼ)) = L(p, q). */
    private void applyLaplacian(double[] in, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            double pi = in[i];
            for (int j = 0; j < cols; j++) {
                if (support[row + j]) {
                    double e = pi + in[rows + j];
                    out[i] += e;
                    out[rows + j] += e;
                }
            }
        }
    }

    /** s ← a solution of L s = rhs (MINRES; L is singular but rhs is in its range). */
    private void solveLaplacian() {
        SolveResult r = minres.trySolve(workspace, laplacian, null, rhs, s);
        if (!r.converged() && r.relativeResidual() > 1e-9) {
            throw new NotConvergedException("transport projection derivative (MINRES on the support Laplacian)",
                    r.status(), r.iterations(), r.residualNorm());
        }
    }

    private void requireLinearized() {
        if (!linearized) {
            throw new InvalidOptionException("transport projection: call linearize(v, θ) first");
        }
    }

    /** rhs ← Eᵀ w = (row sums on S, column sums on S). */
    private void supportSums(double[] w) {
        java.util.Arrays.fill(rhs, 0);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                if (support[row + j]) {
                    rhs[i] += w[row + j];
                    rhs[rows + j] += w[row + j];
                }
            }
        }
    }

    @Override
    public void jvpV(double[] dv, double[] out) {
        requireLinearized();
        Checks.length("dv", dv, rows * cols);
        Checks.length("out", out, rows * cols);
        supportSums(dv);
        for (int i = 0; i < rows + cols; i++) {
            rhs[i] = -rhs[i];
        }
        solveLaplacian();
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                out[row + j] = support[row + j] ? dv[row + j] + s[i] + s[rows + j] : 0;
            }
        }
    }

    @Override
    public void vjpV(double[] w, double[] out) {
        jvpV(w, out); // a symmetric projector
    }

    @Override
    public void jvpTheta(double[] dTheta, double[] out) {
        requireLinearized();
        Checks.length("out", out, rows * cols);
        if (birkhoff) {
            java.util.Arrays.fill(out, 0);
            return;
        }
        Checks.length("dTheta", dTheta, rows + cols);
        double t = 0;
        for (int i = 0; i < rows + cols; i++) {
            t += i < rows ? dTheta[i] : -dTheta[i];
        }
        t /= rows + cols;
        for (int i = 0; i < rows + cols; i++) {
            rhs[i] = dTheta[i] - (i < rows ? t : -t);
        }
        solveLaplacian();
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                out[row + j] = support[row + j] ? s[i] + s[rows + j] : 0;
            }
        }
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        requireLinearized();
        Checks.length("w", w, rows * cols);
        if (birkhoff) {
            return;
        }
        Checks.length("out", out, rows + cols);
        supportSums(w);
        solveLaplacian();
        double t = 0;
        for (int i = 0; i < rows + cols; i++) {
            t += i < rows ? s[i] : -s[i];
        }
        t /= rows + cols;
        for (int i = 0; i < rows + cols; i++) {
            out[i] = s[i] - (i < rows ? t : -t);
        }
    }

    @Override
    public JacobianStructure jacobianStructure() {
        return JacobianStructure.SYMMETRIC;
    }

    @Override
    public void jacobianDiagonal(double[] d) {
        throw new UnsupportedDerivativeException("transport projection: the Jacobian (a projector on the "
                + "support) has no diagonal description");
    }

    @Override
    public double jacobianRankOne(double[] u) {
        throw new UnsupportedDerivativeException("transport projection: the Jacobian (a projector on the "
                + "support) has no diagonal description");
    }

    @Override
    public TransportProjection fork() {
        return new TransportProjection(rows, cols, birkhoff, tolerance, maxSweeps);
    }

    @Override
    public String toString() {
        return (birkhoff ? "Birkhoff" : "transport") + " projection (" + rows + "×" + cols + ")";
    }
}
