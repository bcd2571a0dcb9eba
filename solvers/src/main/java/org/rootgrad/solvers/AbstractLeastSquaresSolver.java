package org.rootgrad.solvers;

import java.util.Arrays;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.VectorMap;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.engine.linalg.Cholesky;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Preconditioner;

/**
 * What {@link GaussNewton} and {@link LevenbergMarquardt} share: the dense model of a
 * {@link LeastSquaresProblem} at a point (residuals r, Jacobian J from n JVPs or k VJPs of r,
 * whichever is fewer, gradient Jᵀr, Gauss–Newton matrix JᵀJ), the damped step
 * p = −(JᵀJ + λI)⁻¹Jᵀr by Cholesky, the optimality condition ∇ₓ½‖r‖² = 0, the Gauss–Newton
 * matrix at the solution as the preconditioner of the implicit Hessian solve, and the unrolled
 * derivatives.
 *
 * <p><b>Unrolled derivatives</b> differentiate xₖ₊₁ = xₖ − tₖMₖ⁻¹∇ₓ½‖r(xₖ, θ)‖² with the step
 * tₖ and the model matrix Mₖ = JₖᵀJₖ + λₖI <em>held fixed</em>, the gradient exactly (through
 * the objective ½‖r‖²): ẋₖ₊₁ = ẋₖ − tₖMₖ⁻¹(∇²ₓₓ·ẋₖ + ∇²ₓθ·θ̇). The derivative of Mₖ would need
 * second derivatives of r along k residuals per step; without it the recurrence's fixed point
 * is still −∇²ₓₓ⁻¹∇²ₓθθ̇, the implicit derivative, and it contracts wherever the method converges
 * locally (Mₖ close to the Hessian: small residuals or a good fit). Exact for the truncated solve
 * when J does not depend on x or θ (residuals affine in x with θ only in the offset). Memory:
 * n + 1 + n² doubles per accepted step.
 *
 * <p>Dense: O(kn² + n³) per iteration, meant for n up to a few hundred. Not thread-safe.
 */
abstract class AbstractLeastSquaresSolver extends AbstractSolver {
    static final ArrayKernels K = ArrayKernels.active();
    private static final MatrixKernels MK = MatrixKernels.active();
    /** Relative rounding level of ½‖r‖², below which decreases are not observable. */
    static final double ROUNDING = 1e-12;
    /**
     * An undamped model matrix whose Cholesky pivot² falls below this times its largest
     * diagonal entry counts as singular (cond(JᵀJ) ≳ 10¹³, cond(J) ≳ 3·10⁶): rounding turns the
     * exact zero pivots of a rank-deficient J into tiny positive ones, and their steps into noise.
     */
    static final double SINGULAR_PIVOT = 1e-13;

    final LeastSquaresProblem problem;
    final VectorMap r;
    final Objective objective;
    final int k;
    private final RootFunction condition;
    private final boolean preconditionImplicit;

    // the model at the current point
    final double[] residual;
    final double[] jacobian;
    final double[] gram;
    final double[] gradient;
    final double[] system;
    final Cholesky cholesky;
    private final double[] unitN;
    private final double[] unitK;
    private final double[] column;
    private final double[] trialResidual;
    private final double[] lower;

    // unrolled: row = [xₖ (n), tₖ, Mₖ (n²)]
    final Trajectory trajectory;

    private Cholesky preconditionerFactor;
    private Preconditioner preconditioner;
    private boolean preconditionerFresh;

    private double[] point;
    private double[] xDotCur;
    private double[] v;
    private double[] w;
    private double[] hv;
    private double[] xBarCur;
    private double[] thetaScratch;

    AbstractLeastSquaresSolver(String name, LeastSquaresProblem problem, SolverOptions options,
                               boolean preconditionImplicit) {
        super(name, problem.dimension(), problem.parameterDimension(), options);
        this.problem = problem;
        this.r = problem.residuals();
        this.objective = problem.objective();
        this.k = problem.residualCount();
        this.condition = RootFunction.gradientOf(objective);
        this.preconditionImplicit = preconditionImplicit;
        this.residual = new double[k];
        this.jacobian = new double[k * n];
        this.gram = new double[n * n];
        this.gradient = new double[n];
        this.system = new double[n * n];
        this.cholesky = new Cholesky(n);
        this.unitN = new double[n];
        this.unitK = new double[k];
        this.column = new double[k];
        this.trialResidual = new double[k];
        this.lower = new double[n * n];
        this.trajectory = new Trajectory(n + 1 + n * n);
    }

    @Override
    public final RootFunction optimalityCondition() {
        return condition;
    }

    /** The problem being solved. */
    public LeastSquaresProblem problem() {
        return problem;
    }

    /**
     * Fixes the model at (x, θ): residual, Jacobian, gradient Jᵀr and Gauss–Newton matrix JᵀJ.
     * Returns ½‖r‖².
     */
    final double linearize(double[] x, double[] theta) {
        preconditionerFresh = false;
        r.linearize(x, theta);
        r.valueAtLinearization(residual);
        if (k >= n) {
            for (int j = 0; j < n; j++) {
                unitN[j] = 1;
                r.jvpX(unitN, column);
                unitN[j] = 0;
                for (int i = 0; i < k; i++) {
                    jacobian[i * n + j] = column[i];
                }
            }
        } else {
            for (int i = 0; i < k; i++) {
                unitK[i] = 1;
                r.vjpX(unitK, unitN);
                unitK[i] = 0;
                System.arraycopy(unitN, 0, jacobian, i * n, n);
            }
            Arrays.fill(unitN, 0);
        }
        MK.gemvT(k, n, 1, jacobian, 0, n, residual, 0, 0, gradient, 0);
        MK.syrk(true, n, k, 1, jacobian, 0, n, 0, gram, 0, n);
        return 0.5 * K.dot(k, residual, 0, residual, 0);
    }

    /** ½‖r(x, θ)‖² without moving the model. */
    final double value(double[] x, double[] theta) {
        r.evaluate(x, theta, trialResidual);
        return 0.5 * K.dot(k, trialResidual, 0, trialResidual, 0);
    }

    /**
     * p ← −(JᵀJ + λI)⁻¹Jᵀr at the model's point, leaving JᵀJ + λI in {@link #system}. Returns
     * false if the matrix is not positive definite to working precision or not finite, or, when
     * λ = 0, numerically singular ({@link #SINGULAR_PIVOT}).
     */
    final boolean dampedStep(double lambda, double[] p) {
        System.arraycopy(gram, 0, system, 0, n * n);
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, gram[i * n + i]);
            system[i * n + i] += lambda;
        }
        if (!cholesky.tryFactor(system, 0, n)) {
            return false;
        }
        if (lambda == 0) {
            cholesky.lower(lower, 0, n);
            for (int i = 0; i < n; i++) {
                double pivot = lower[i * n + i];
                if (!(pivot * pivot > SINGULAR_PIVOT * largest)) {
                    return false;
                }
            }
        }
        cholesky.solve(gradient, p);
        K.scal(n, -1, p, 0);
        return true;
    }

    /** Records an accepted step from x with step t and the factored model matrix in {@link #system}. */
    final void record(double[] x, double t) {
        double[] row = trajectory.push();
        System.arraycopy(x, 0, row, 0, n);
        row[n] = t;
        System.arraycopy(system, 0, row, n + 1, n * n);
    }

    /** Closes the recording with the solution. */
    final void recordSolution(double[] x) {
        double[] row = trajectory.push();
        System.arraycopy(x, 0, row, 0, n);
    }

    /**
     * The Gauss–Newton matrix JᵀJ at the solution, factored, as the preconditioner of the
     * implicit Hessian solve (exact when the residuals vanish at the solution); null if disabled
     * or if JᵀJ is singular.
     */
    @Override
    protected final Preconditioner implicitPreconditioner() {
        if (!preconditionImplicit) {
            return null;
        }
        if (!preconditionerFresh) {
            if (preconditionerFactor == null) {
                preconditionerFactor = new Cholesky(n);
                preconditioner = Preconditioner.cholesky(preconditionerFactor);
            }
            preconditionerFresh = true;
            if (!preconditionerFactor.tryFactor(gram, 0, n)) {
                preconditionerFresh = false;
                return null;
            }
        }
        return preconditioner;
    }

    // ---- unrolled derivatives -----------------------------------------------------------------

    private void ensureDerivativeWorkspace() {
        if (point != null) {
            return;
        }
        point = new double[n];
        xDotCur = new double[n];
        v = new double[n];
        w = new double[n];
        hv = new double[n];
        xBarCur = new double[n];
        thetaScratch = new double[m];
    }

    private void factorRow(double[] row) {
        // the matrix was factored successfully when recorded, so this cannot fail
        cholesky.tryFactor(row, n + 1, n);
    }

    private void linearizeAt(double[] row) {
        System.arraycopy(row, 0, point, 0, n);
        objective.linearize(point, lastTheta());
    }

    @Override
    protected final void unrolledJvp(double[] thetaDot, double[] xDot) {
        ensureDerivativeWorkspace();
        int steps = trajectory.steps() - 1;
        Arrays.fill(xDotCur, 0);
        for (int s = 0; s < steps; s++) {
            double[] row = trajectory.row(s);
            linearizeAt(row);
            objective.mixedVector(thetaDot, v);
            objective.hessianVector(xDotCur, hv);
            K.axpy(n, 1, hv, 0, v, 0);
            factorRow(row);
            cholesky.solve(v, w);
            K.axpy(n, -row[n], w, 0, xDotCur, 0);
        }
        System.arraycopy(xDotCur, 0, xDot, 0, n);
    }

    @Override
    protected final void unrolledVjp(double[] xBar, double[] thetaBar) {
        ensureDerivativeWorkspace();
        Arrays.fill(thetaBar, 0);
        int steps = trajectory.steps() - 1;
        System.arraycopy(xBar, 0, xBarCur, 0, n);
        for (int s = steps - 1; s >= 0; s--) {
            double[] row = trajectory.row(s);
            factorRow(row);
            cholesky.solve(xBarCur, w);
            K.scal(n, -row[n], w, 0); // ḡ = −t M⁻¹ x̄ₖ₊₁
            linearizeAt(row);
            objective.hessianVector(w, hv);
            K.axpy(n, 1, hv, 0, xBarCur, 0);
            objective.mixedTransposeVector(w, thetaScratch);
            K.axpy(m, 1, thetaScratch, 0, thetaBar, 0);
        }
    }

    @Override
    protected final int unrolledSteps() {
        return Math.max(0, trajectory.steps() - 1);
    }

    /** Bytes held by the recorded iterations of the last unrolled run. */
    public final long unrolledBytes() {
        return trajectory.bytes();
    }
}
