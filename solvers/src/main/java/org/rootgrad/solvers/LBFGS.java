package org.rootgrad.solvers;

import java.util.Arrays;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.LbfgsHistory;
import org.rootgrad.implicit.linear.Preconditioner;
import org.rootgrad.solvers.objective.CoordinateObjective;

/**
 * Limited-memory BFGS on a smooth objective f(x, θ): x ← x + t·d with d = −H∇ₓf(x, θ), H the
 * inverse-Hessian approximation of the last m curvature pairs (sₖ, yₖ) = (xₖ₊₁ − xₖ, ∇fₖ₊₁ − ∇fₖ)
 * held in an {@link LbfgsHistory} and applied by its two-loop recursion; t from a
 * {@link StrongWolfeLineSearch} (c₁ = 10⁻⁴, c₂ = 0.9; first trial t = 1, or 1/max(1, ‖∇f‖) while
 * the memory is empty) or fixed. Pairs failing the history's curvature test are skipped; a
 * direction that is not a descent direction, or along which the line search fails, is replaced
 * by −∇f after forgetting the memory. Stops when ‖∇ₓf(x, θ)‖ ≤ tolerance.
 *
 * <p><b>Implicit derivatives.</b> Optimality condition F = ∇ₓf, so the implicit linear system is
 * the Hessian; the memory of the run, H ≈ ∇²f⁻¹ at the solution, preconditions its conjugate
 * gradients ({@link #implicitPreconditioner()}; on by default, {@link Builder#preconditionImplicit}).
 * It approximates the inverse Hessian only on the span of its pairs, and as H₀ elsewhere: on a
 * 640-unknown softmax regression a memory of 50 pairs cut the CG iterations of the adjoint solve
 * by a third, one of 10 by a few percent (SoftmaxDigitsTest) — a larger memory pays twice when
 * derivatives follow. For the linear models ({@link CoordinateObjective}) H₀ is the inverse of
 * the Hessian's diagonal at the solution rather than γI, which captures features on different
 * scales that no handful of pairs can (LbfgsPreconditionerTest).
 *
 * <p><b>Unrolled derivatives</b> differentiate every iteration exactly, with the step sizes and
 * the discrete decisions (pairs skipped, memory forgotten) held fixed: the tangents of the pairs
 * ṡₖ = ẋₖ₊₁ − ẋₖ, ẏₖ = ġₖ₊₁ − ġₖ with ġₖ = ∇²ₓₓf(xₖ)ẋₖ + ∇²ₓθf(xₖ)θ̇ enter the differentiated
 * two-loop recursion (ρᵢ and the scaling γ included). With a fixed step this is the exact
 * derivative of the truncated solve. With the line search it is exact wherever the accepted
 * steps are locally constant in θ (the first trial t = 1 accepted, as is usual once the memory
 * holds pairs); where the line search interpolated, dt/dθ is neglected. Memory: 2n + m + 3
 * doubles per iteration.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class LBFGS extends AbstractSolver {
    private static final ArrayKernels K = ArrayKernels.active();

    private final Objective f;
    private final RootFunction condition;
    private final int memory;
    private final double fixedStep;
    private final StrongWolfeLineSearch lineSearch;
    private final boolean preconditionImplicit;
    private final LbfgsHistory history;
    /** f when it has a cheap Hessian diagonal (the linear models), else null. */
    private final CoordinateObjective diagonalSource;
    /** H₀ = diag(∇²f)⁻¹ at the last solution, for the implicit preconditioner. */
    private final double[] inverseDiagonal;
    private final Preconditioner diagonallyScaledHistory;
    private long diagonalRun = -1;
    private boolean diagonalUsable;

    private final double[] x;
    private final double[] g;
    private final double[] d;
    private final double[] s;
    private final double[] y;
    private final double[] xNew;
    private final double[] gNew;
    /** Steps (iteration indices) whose pairs the history holds, oldest first, mirroring it. */
    private final int[] members;
    private int memberCount;

    // unrolled: row k = [xₖ (n), gₖ (n), tₖ, rank of pair k (−1 if skipped), p, member steps (m)]
    private final Trajectory trajectory;
    private final int tOffset;
    private final int rankOffset;
    private final int countOffset;
    private final int membersOffset;
    private LbfgsTwoLoop twoLoop;
    private double[][] pairS;
    private double[][] pairY;
    private double[][] pairSDot;
    private double[][] pairYDot;
    private double[][] ringSDot;
    private double[][] ringYDot;
    private double[][] ringSBar;
    private double[][] ringYBar;
    private double[][] refSBar;
    private double[][] refYBar;
    private double[] u;
    private double[] uDot;
    private double[] cur;
    private double[] prev;
    private double[] gDot;
    private double[] gDotPrev;
    private double[] hv;
    private double[] xBarNext;
    private double[] gBarNext;
    private double[] xBarCur;
    private double[] gBarCur;
    private double[] thetaScratch;
    private double[] point;

    private LBFGS(Builder b) {
        super("L-BFGS", b.f.dimension(), b.f.parameterDimension(), b.options());
        this.f = b.f;
        this.condition = RootFunction.gradientOf(f);
        this.memory = b.memory;
        this.fixedStep = b.fixedStep();
        this.lineSearch = b.newLineSearch(n);
        this.preconditionImplicit = b.preconditionImplicit;
        this.history = new LbfgsHistory(n, memory);
        this.diagonalSource = f instanceof CoordinateObjective c ? c : null;
        this.inverseDiagonal = diagonalSource == null ? null : new double[n];
        this.diagonallyScaledHistory = diagonalSource == null ? null
                : Preconditioner.of(n, (r, z) -> history.apply(r, z, inverseDiagonal), true);
        this.x = new double[n];
        this.g = new double[n];
        this.d = new double[n];
        this.s = new double[n];
        this.y = new double[n];
        this.xNew = new double[n];
        this.gNew = new double[n];
        this.members = new int[memory];
        this.tOffset = 2 * n;
        this.rankOffset = 2 * n + 1;
        this.countOffset = 2 * n + 2;
        this.membersOffset = 2 * n + 3;
        this.trajectory = new Trajectory(2 * n + 3 + memory);
    }

    /** A builder for L-BFGS on {@code f}; defaults: memory 10, strong Wolfe line search (c₁ = 1e-4, c₂ = 0.9, 25 evaluations). */
    public static Builder builder(Objective f) {
        if (f == null) {
            throw new DimensionMismatchException("objective is null");
        }
        return new Builder(f);
    }

    @Override
    public RootFunction optimalityCondition() {
        return condition;
    }

    /** ∇ₓf at the last solution: the optimality residual, known without another evaluation. */
    @Override
    protected double[] solutionResidual() {
        return g;
    }

    /** The memory of the last run (a view: per thread, overwritten by the next run). */
    public LbfgsHistory history() {
        return history;
    }

    /**
     * The memory of the last run as the preconditioner of the Hessian solve, unless disabled or
     * empty; for a {@link CoordinateObjective} (the linear models) with the inverse of the
     * Hessian's diagonal at the solution as its initial matrix H₀ instead of γI (one pass over
     * the data per run). A few pairs cannot learn the scales of many coordinates (features on
     * different scales), which is where the conditioning of these problems comes from.
     */
    @Override
    protected Preconditioner implicitPreconditioner() {
        if (!preconditionImplicit || history.size() == 0) {
            return null;
        }
        if (diagonalSource == null) {
            return history;
        }
        if (diagonalRun != runCount()) {
            diagonalRun = runCount();
            diagonalSource.linearize(result.solution(), lastTheta());
            diagonalSource.hessianDiagonal(inverseDiagonal);
            diagonalUsable = true;
            for (int i = 0; i < n; i++) {
                double h = inverseDiagonal[i];
                diagonalUsable &= h > 0 && Double.isFinite(h);
                inverseDiagonal[i] = 1 / h;
            }
        }
        return diagonalUsable ? diagonallyScaledHistory : history;
    }

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        boolean record = !options.implicitDiff();
        trajectory.clear();
        history.clear();
        memberCount = 0;
        int rankCount = 0;
        System.arraycopy(init, 0, x, 0, n);
        double value = f.valueAndGradient(x, theta, g);
        double err = K.nrm2(n, g, 0);
        double tol = options.tolerance();
        Status status = Status.MAX_ITERATIONS;
        int k = 0;
        for (; ; k++) {
            Status stop = stopReason(k, value, err);
            if (stop != null) {
                status = stop;
                break;
            }
            history.apply(g, d);
            K.scal(n, -1, d, 0);
            double slope = K.dot(n, g, 0, d, 0);
            if (!(slope < 0)) {
                forget();
                slope = steepestDescent();
            }
            double t;
            double valueNew;
            if (lineSearch == null) {
                t = fixedStep;
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + t * d[i];
                }
                valueNew = f.valueAndGradient(xNew, theta, gNew);
            } else {
                double t0 = history.size() == 0 ? 1 / Math.max(1, err) : 1;
                boolean found = lineSearch.search(f, theta, x, value, slope, d, t0);
                if (!found && history.size() > 0) {
                    forget();
                    slope = steepestDescent();
                    found = lineSearch.search(f, theta, x, value, slope, d, 1 / Math.max(1, err));
                }
                if (!found) {
                    status = lineSearch.lastTrialNonFinite() ? Status.NON_FINITE : Status.LINE_SEARCH_FAILED;
                    break;
                }
                t = lineSearch.step();
                valueNew = lineSearch.value();
                System.arraycopy(lineSearch.point(), 0, xNew, 0, n);
                System.arraycopy(lineSearch.gradient(), 0, gNew, 0, n);
            }
            double[] row = null;
            if (record) {
                row = trajectory.push();
                System.arraycopy(x, 0, row, 0, n);
                System.arraycopy(g, 0, row, n, n);
                row[tOffset] = t;
                row[countOffset] = memberCount;
                for (int i = 0; i < memberCount; i++) {
                    row[membersOffset + i] = members[i];
                }
            }
            for (int i = 0; i < n; i++) {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            boolean accepted = history.push(s, y);
            if (accepted) {
                if (memberCount == memory) {
                    System.arraycopy(members, 1, members, 0, memory - 1);
                    memberCount--;
                }
                members[memberCount++] = k;
            }
            if (row != null) {
                row[rankOffset] = accepted ? rankCount : -1;
            }
            if (accepted) {
                rankCount++;
            }
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            value = valueNew;
            err = K.nrm2(n, g, 0);
        }
        if (record) {
            double[] row = trajectory.push(); // the solution: its point and gradient close the last pair
            System.arraycopy(x, 0, row, 0, n);
            System.arraycopy(g, 0, row, n, n);
            row[tOffset] = 0;
            row[rankOffset] = -1;
            row[countOffset] = 0;
        }
        System.arraycopy(x, 0, out.solution(), 0, n);
        out.finish(status, k, err, tol, value);
    }

    private void forget() {
        history.clear();
        memberCount = 0;
    }

    /** d ← −g; returns gᵀd. */
    private double steepestDescent() {
        for (int i = 0; i < n; i++) {
            d[i] = -g[i];
        }
        return -K.dot(n, g, 0, g, 0);
    }

    // ---- unrolled derivatives -----------------------------------------------------------------

    private void ensureDerivativeWorkspace() {
        if (twoLoop != null) {
            return;
        }
        twoLoop = new LbfgsTwoLoop(n, memory);
        pairS = new double[memory][n];
        pairY = new double[memory][n];
        pairSDot = new double[memory][];
        pairYDot = new double[memory][];
        ringSDot = new double[memory][n];
        ringYDot = new double[memory][n];
        ringSBar = new double[memory + 1][n];
        ringYBar = new double[memory + 1][n];
        refSBar = new double[memory][];
        refYBar = new double[memory][];
        u = new double[n];
        uDot = new double[n];
        cur = new double[n];
        prev = new double[n];
        gDot = new double[n];
        gDotPrev = new double[n];
        hv = new double[n];
        xBarNext = new double[n];
        gBarNext = new double[n];
        xBarCur = new double[n];
        gBarCur = new double[n];
        thetaScratch = new double[m];
        point = new double[n];
    }

    /** Loads the pairs of the history at step k (oldest first) into pairS, pairY; returns their number. */
    private int loadPairs(double[] row) {
        int p = (int) row[countOffset];
        for (int i = 0; i < p; i++) {
            int j = (int) row[membersOffset + i];
            double[] a = trajectory.row(j);
            double[] b = trajectory.row(j + 1);
            double[] si = pairS[i];
            double[] yi = pairY[i];
            for (int c = 0; c < n; c++) {
                si[c] = b[c] - a[c];
                yi[c] = b[n + c] - a[n + c];
            }
        }
        return p;
    }

    private int rankOfMember(double[] row, int i) {
        return (int) trajectory.row((int) row[membersOffset + i])[rankOffset];
    }

    /** Linearises f at the point of a recorded row. */
    private void linearizeAt(double[] row) {
        System.arraycopy(row, 0, point, 0, n);
        f.linearize(point, lastTheta());
    }

    /** out ← ∇²ₓₓf(xₖ)·v + ∇²ₓθf(xₖ)·θ̇ at the point of row k (v may be null for zero). */
    private void gradientTangent(double[] row, double[] v, double[] thetaDot, double[] out) {
        linearizeAt(row);
        f.mixedVector(thetaDot, out);
        if (v != null) {
            f.hessianVector(v, hv);
            K.axpy(n, 1, hv, 0, out, 0);
        }
    }

    @Override
    protected void unrolledJvp(double[] thetaDot, double[] xDot) {
        ensureDerivativeWorkspace();
        int steps = trajectory.steps() - 1;
        Arrays.fill(cur, 0); // ẋ₀ = 0
        for (int k = 0; ; k++) {
            double[] row = trajectory.row(k);
            gradientTangent(row, k == 0 ? null : cur, thetaDot, gDot);
            if (k > 0) {
                int rank = (int) trajectory.row(k - 1)[rankOffset];
                if (rank >= 0) {
                    double[] sd = ringSDot[rank % memory];
                    double[] yd = ringYDot[rank % memory];
                    for (int i = 0; i < n; i++) {
                        sd[i] = cur[i] - prev[i];
                        yd[i] = gDot[i] - gDotPrev[i];
                    }
                }
            }
            if (k == steps) {
                break;
            }
            int p = loadPairs(row);
            for (int i = 0; i < p; i++) {
                int slot = rankOfMember(row, i) % memory;
                pairSDot[i] = ringSDot[slot];
                pairYDot[i] = ringYDot[slot];
            }
            System.arraycopy(row, n, hv, 0, n); // gₖ
            twoLoop.apply(p, pairS, pairY, hv, u);
            twoLoop.tangent(pairS, pairY, pairSDot, pairYDot, gDot, uDot);
            double t = row[tOffset];
            System.arraycopy(cur, 0, prev, 0, n);
            K.axpy(n, -t, uDot, 0, cur, 0); // ẋₖ₊₁ = ẋₖ − t·(Hg)˙
            double[] spare = gDotPrev;
            gDotPrev = gDot;
            gDot = spare;
        }
        System.arraycopy(cur, 0, xDot, 0, n);
    }

    @Override
    protected void unrolledVjp(double[] xBar, double[] thetaBar) {
        ensureDerivativeWorkspace();
        int steps = trajectory.steps() - 1;
        for (int i = 0; i <= memory; i++) {
            Arrays.fill(ringSBar[i], 0);
            Arrays.fill(ringYBar[i], 0);
        }
        Arrays.fill(thetaBar, 0);
        System.arraycopy(xBar, 0, xBarNext, 0, n);
        Arrays.fill(gBarNext, 0);
        for (int k = steps - 1; k >= 0; k--) {
            double[] row = trajectory.row(k);
            double[] next = trajectory.row(k + 1);
            Arrays.fill(xBarCur, 0);
            Arrays.fill(gBarCur, 0);
            // pair k = (xₖ₊₁ − xₖ, gₖ₊₁ − gₖ), complete: every step using it is behind us
            int rank = (int) row[rankOffset];
            if (rank >= 0) {
                double[] sb = ringSBar[rank % (memory + 1)];
                double[] yb = ringYBar[rank % (memory + 1)];
                K.axpy(n, 1, sb, 0, xBarNext, 0);
                K.axpy(n, -1, sb, 0, xBarCur, 0);
                K.axpy(n, 1, yb, 0, gBarNext, 0);
                K.axpy(n, -1, yb, 0, gBarCur, 0);
                Arrays.fill(sb, 0);
                Arrays.fill(yb, 0);
            }
            // gₖ₊₁ = ∇f(xₖ₊₁, θ)
            linearizeAt(next);
            f.hessianVector(gBarNext, hv);
            K.axpy(n, 1, hv, 0, xBarNext, 0);
            f.mixedTransposeVector(gBarNext, thetaScratch);
            K.axpy(m, 1, thetaScratch, 0, thetaBar, 0);
            // xₖ₊₁ = xₖ − t·H gₖ
            K.axpy(n, 1, xBarNext, 0, xBarCur, 0);
            double t = row[tOffset];
            for (int i = 0; i < n; i++) {
                uDot[i] = -t * xBarNext[i]; // ū
            }
            int p = loadPairs(row);
            for (int i = 0; i < p; i++) {
                int slot = rankOfMember(row, i) % (memory + 1);
                refSBar[i] = ringSBar[slot];
                refYBar[i] = ringYBar[slot];
            }
            System.arraycopy(row, n, hv, 0, n);
            twoLoop.apply(p, pairS, pairY, hv, u);
            twoLoop.adjoint(pairS, pairY, uDot, gBarCur, refSBar, refYBar);
            double[] spare = xBarNext;
            xBarNext = xBarCur;
            xBarCur = spare;
            spare = gBarNext;
            gBarNext = gBarCur;
            gBarCur = spare;
        }
        // g₀ = ∇f(x₀, θ) with x₀ given
        linearizeAt(trajectory.row(0));
        f.mixedTransposeVector(gBarNext, thetaScratch);
        K.axpy(m, 1, thetaScratch, 0, thetaBar, 0);
    }

    @Override
    protected int unrolledSteps() {
        return Math.max(0, trajectory.steps() - 1);
    }

    /** Bytes held by the recorded iterations of the last unrolled run. */
    public long unrolledBytes() {
        return trajectory.bytes();
    }

    @Override
    public LBFGS fork() {
        Builder b = new Builder(f.fork());
        b.options(options);
        b.memory = memory;
        b.stepsLike(fixedStep, lineSearch);
        b.preconditionImplicit = preconditionImplicit;
        return new LBFGS(b);
    }

    /** Builder of {@link LBFGS}; not thread-safe. */
    public static final class Builder extends LineSearchSolverBuilder<Builder> {
        private final Objective f;
        private int memory = 10;
        private boolean preconditionImplicit = true;

        private Builder(Objective f) {
            super(0.9);
            this.f = f;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The number of curvature pairs kept (≥ 1; default 10). */
        public Builder memory(int pairs) {
            Checks.atLeastOne("memory", pairs);
            this.memory = pairs;
            return this;
        }

        /** Precondition the implicit Hessian solve with the run's memory (default true). */
        public Builder preconditionImplicit(boolean value) {
            this.preconditionImplicit = value;
            return this;
        }

        @Override
        public LBFGS build() {
            return new LBFGS(this);
        }
    }
}
