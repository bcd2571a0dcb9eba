package org.rootgrad.solvers;

import java.util.Arrays;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitResult;
import org.rootgrad.solvers.constrained.ActiveSetReduction;
import org.rootgrad.solvers.objective.CoordinateObjective;
import org.rootgrad.solvers.prox.SeparableProx;

/**
 * Cyclic coordinate descent with proximal coordinate steps for min f(x, θ_f) + g(x, θ_g), with
 * g separable ({@link SeparableProx}) and f a {@link CoordinateObjective} that keeps its
 * residuals or margins under single-coordinate moves: each sweep updates
 * <pre>
 *   xⱼ ← prox_{gⱼ/Lⱼ}(xⱼ − ∂ⱼf(x, θ_f)/Lⱼ, θ_g),   j = 0, …, n − 1,
 * </pre>
 * at O(rows) per coordinate (one pass over the data per sweep, like one gradient), with Lⱼ the
 * objective's coordinate Lipschitz bound at θ (a coordinate f does not depend on, Lⱼ = 0, takes
 * the step 1). Blocks are single coordinates. θ is (θ_f, θ_g) concatenated, as for
 * {@link ProximalGradient}; lasso is {@code Objectives.leastSquares} with
 * {@code SeparableProx.lasso}, θ = [λ].
 *
 * <p><b>Stopping.</b> After each sweep, the norm of the scaled moves ‖(Lⱼ·Δxⱼ)ⱼ‖, the coordinate
 * analogue of the gradient mapping: zero exactly at a fixed point, i.e. a minimiser. The solution
 * is the point after the sweep that met the tolerance; {@link SolverResult#iterations()} counts
 * sweeps and {@link SolverResult#value()} is NaN (g is known only through its prox).
 *
 * <p><b>Derivatives.</b> Implicitly through proximal gradient's condition
 * F = prox_{ηg}(x − η∇f(x, θ_f), θ_g) − x at η = 1/maxⱼ Lⱼ of the last run
 * ({@link ProximalGradientCondition}), on the active set where the prox's Jacobian at the
 * solution is a 0/1 mask (lasso, non-negative lasso, box: {@link ActiveSetReduction};
 * {@link Builder#activeSetReduction(boolean)} turns it off); or unrolled through the recorded sweeps (each sweep's
 * starting point, and per coordinate its prox input and move): forward with the objective's
 * tangent state, in reverse with its adjoint state while the primal moves are reverted, both
 * O(rows) per coordinate. The steps 1/Lⱼ are constants of the unrolled derivative; where Lⱼ
 * depends on θ_f (an L2 strength in f) the unrolled derivative is that of the iteration with
 * the steps frozen, which has the same limit.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread. Runs allocate nothing after the first
 * (unrolled runs: only when they record more sweeps than before).
 */
public final class BlockCoordinateDescent extends AbstractSolver {
    private final CoordinateObjective f;
    private final SeparableProx g;
    private final int mf;
    private final int kg;
    private final ProximalGradientCondition condition;
    /** The implicit derivative on the active set, or null when off or g's prox cannot be reduced. */
    private final ActiveSetReduction reduction;
    private final boolean reductionRequested;
    private final double[] x;
    private final double[] lipschitz;
    private final double[] thetaF;
    private final double[] thetaG;
    /** One row per sweep: the sweep's start x (n), prox inputs v (n), moves Δx (n). */
    private final Trajectory trajectory;
    private final double[] xFinal;
    private final double[] xd;
    private final double[] dThetaF;
    private final double[] dThetaG;
    private final double[] zeros;

    private BlockCoordinateDescent(CoordinateObjective f, SeparableProx g, SolverOptions options,
                                   boolean activeSetReduction) {
        super("block coordinate descent", f.dimension(), f.parameterDimension() + g.parameterDimension(), options);
        this.f = f;
        this.g = g;
        this.mf = f.parameterDimension();
        this.kg = g.parameterDimension();
        this.condition = ProximalGradientCondition.of(f, g.prox(), 1.0);
        this.reductionRequested = activeSetReduction;
        this.reduction = activeSetReduction ? ProximalGradient.reductionFor(f, g.prox(), options) : null;
        this.x = new double[n];
        this.lipschitz = new double[n];
        this.thetaF = new double[mf];
        this.thetaG = new double[kg];
        this.trajectory = new Trajectory(3 * n);
        this.xFinal = new double[n];
        this.xd = new double[n];
        this.dThetaF = new double[mf];
        this.dThetaG = new double[kg];
        this.zeros = new double[n];
    }

    /**
     * A builder for min f + g by coordinate descent. f is held (fork it first if used elsewhere).
     *
     * @throws DimensionMismatchException if either is null or their dimensions differ
     */
    public static Builder builder(CoordinateObjective f, SeparableProx g) {
        if (f == null) {
            throw new DimensionMismatchException("objective f is null");
        }
        if (g == null) {
            throw new DimensionMismatchException("separable prox g is null");
        }
        if (g.dimension() != f.dimension()) {
            throw new DimensionMismatchException("separable prox dimension " + g.dimension()
                    + " differs from the objective's dimension " + f.dimension());
        }
        return new Builder(f, g);
    }

    /** F(x, θ) = prox_{ηg}(x − η∇f(x, θ_f), θ_g) − x at η = 1/maxⱼ Lⱼ of the last run. */
    @Override
    public ProximalGradientCondition optimalityCondition() {
        return condition;
    }

    @Override
    protected ImplicitResult implicitJvp(double[] thetaDot, double[] xDot) {
        return reduces() ? reduction.jvp(thetaDot, xDot) : super.implicitJvp(thetaDot, xDot);
    }

    @Override
    protected ImplicitResult implicitVjp(double[] xBar, double[] thetaBar) {
        return reduces() ? reduction.vjp(xBar, thetaBar) : super.implicitVjp(xBar, thetaBar);
    }

    private boolean reduces() {
        return reduction != null && reduction.tryLinearize(result.solution(), lastTheta(), condition.step());
    }

    /** Whether implicit derivatives are solved on the active set where g's prox allows it (the option). */
    public boolean activeSetReduction() {
        return reductionRequested;
    }

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        System.arraycopy(theta, 0, thetaF, 0, mf);
        System.arraycopy(theta, mf, thetaG, 0, kg);
        g.checkParameters(thetaG);
        f.startCoordinates(init, thetaF);
        System.arraycopy(init, 0, x, 0, n);
        double maxL = 0;
        for (int j = 0; j < n; j++) {
            double l = f.coordinateLipschitz(j);
            lipschitz[j] = l > 0 ? l : 1.0;
            maxL = Math.max(maxL, lipschitz[j]);
        }
        condition.setStep(1.0 / maxL);
        boolean record = !options.implicitDiff();
        trajectory.clear();
        double tol = options.tolerance();
        Status status = Status.MAX_ITERATIONS;
        double err = Double.NaN;
        int sweeps = 0;
        while (true) {
            double[] row = null;
            if (record) {
                row = trajectory.push();
                System.arraycopy(x, 0, row, 0, n);
            }
            double sum = 0;
            boolean nonFinite = false;
            for (int j = 0; j < n; j++) {
                double l = lipschitz[j];
                double eta = 1.0 / l;
                double v = x[j] - eta * f.coordinateGradient(j);
                double next = g.applyCoordinate(j, v, thetaG, eta);
                if (!Double.isFinite(next)) {
                    nonFinite = true; // keep x (and f's coordinate state) at the last finite point
                    break;
                }
                double delta = next - x[j];
                if (delta != 0) {
                    f.updateCoordinate(j, delta);
                    x[j] = next;
                }
                if (record) {
                    row[n + j] = v;
                    row[2 * n + j] = delta;
                }
                double scaled = l * delta;
                sum += scaled * scaled;
            }
            sweeps++;
            err = nonFinite ? Double.NaN : Math.sqrt(sum);
            if (!Double.isFinite(err)) {
                status = Status.NON_FINITE;
                break;
            }
            if (err <= tol) {
                status = Status.CONVERGED;
                break;
            }
            if (sweeps >= options.maxIterations()) {
                break;
            }
        }
        System.arraycopy(x, 0, xFinal, 0, n);
        System.arraycopy(x, 0, out.solution(), 0, n);
        out.finish(status, sweeps, err, tol, Double.NaN);
    }

    /** Replays the recorded moves with the objective's tangent state; ẋ₀ = 0. */
    @Override
    protected void unrolledJvp(double[] thetaDot, double[] xDot) {
        System.arraycopy(thetaDot, 0, dThetaF, 0, mf);
        System.arraycopy(thetaDot, mf, dThetaG, 0, kg);
        Arrays.fill(xd, 0);
        int steps = trajectory.steps();
        if (steps == 0) {
            Arrays.fill(xDot, 0);
            return;
        }
        System.arraycopy(trajectory.row(0), 0, x, 0, n);
        f.startCoordinates(x, thetaF);
        f.startTangent(zeros, dThetaF);
        for (int s = 0; s < steps; s++) {
            double[] row = trajectory.row(s);
            for (int j = 0; j < n; j++) {
                double eta = 1.0 / lipschitz[j];
                double v = row[n + j];
                double vDot = xd[j] - eta * f.coordinateGradientTangent(j);
                double next = g.coordinateDerivative(j, v, thetaG, eta) * vDot;
                if (kg > 0) {
                    next += g.coordinateJvpTheta(j, v, thetaG, eta, dThetaG);
                }
                double change = next - xd[j];
                if (change != 0) {
                    f.updateTangent(j, change);
                    xd[j] = next;
                }
                double delta = row[2 * n + j];
                if (delta != 0) {
                    f.updateCoordinate(j, delta);
                }
            }
        }
        System.arraycopy(xd, 0, xDot, 0, n);
    }

    /**
     * In reverse, sweep by sweep from its end point, reverting each move before its adjoint
     * step: with b = x̄ⱼ and a = prox′·b, θ̄_g += b·∂θprox, x̄ⱼ ← a, then
     * x̄ −= (a/Lⱼ)∇ₓ(∂ⱼf) and θ̄_f −= (a/Lⱼ)∇θ(∂ⱼf).
     */
    @Override
    protected void unrolledVjp(double[] xBar, double[] thetaBar) {
        Arrays.fill(thetaBar, 0);
        Arrays.fill(dThetaF, 0);
        Arrays.fill(dThetaG, 0);
        int steps = trajectory.steps();
        if (steps == 0) {
            return;
        }
        f.startCoordinates(xFinal, thetaF);
        f.startAdjoint(xBar);
        for (int s = steps - 1; s >= 0; s--) {
            double[] row = trajectory.row(s);
            if (s < steps - 1) {
                // restart the primal state exactly at this sweep's end, bounding the drift of reverting moves
                System.arraycopy(trajectory.row(s + 1), 0, x, 0, n);
                f.startCoordinates(x, thetaF);
            }
            for (int j = n - 1; j >= 0; j--) {
                double delta = row[2 * n + j];
                if (delta != 0) {
                    f.updateCoordinate(j, -delta);
                }
                double eta = 1.0 / lipschitz[j];
                double v = row[n + j];
                double b = f.coordinateAdjoint(j);
                double a = g.coordinateDerivative(j, v, thetaG, eta) * b;
                if (kg > 0) {
                    g.coordinateVjpTheta(j, v, thetaG, eta, b, dThetaG);
                }
                f.setCoordinateAdjoint(j, a);
                if (a != 0) {
                    f.addGradientCoordinateAdjoint(j, -a * eta, dThetaF);
                }
            }
        }
        System.arraycopy(dThetaF, 0, thetaBar, 0, mf);
        System.arraycopy(dThetaG, 0, thetaBar, mf, kg);
    }

    @Override
    protected int unrolledSteps() {
        return trajectory.steps();
    }

    /** Bytes held by the recorded sweeps of the last unrolled run. */
    public long unrolledBytes() {
        return trajectory.bytes();
    }

    /** An independent solver with the same options on a fork of f (g is immutable). */
    @Override
    public BlockCoordinateDescent fork() {
        return new BlockCoordinateDescent(f.fork(), g, options, reductionRequested);
    }

    /** Builder of {@link BlockCoordinateDescent}; not thread-safe. */
    public static final class Builder extends SolverBuilder<Builder> {
        private final CoordinateObjective f;
        private final SeparableProx g;
        private boolean activeSetReduction = true;

        private Builder(CoordinateObjective f, SeparableProx g) {
            this.f = f;
            this.g = g;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Solve implicit derivatives on the active set where g's prox at the solution allows it
         * (default true), or always through the full condition.
         */
        public Builder activeSetReduction(boolean value) {
            this.activeSetReduction = value;
            return this;
        }

        @Override
        public BlockCoordinateDescent build() {
            return new BlockCoordinateDescent(f, g, options(), activeSetReduction);
        }
    }
}
