package org.rootgrad.implicit;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.linear.Preconditioner;

/**
 * A solver function made differentiable by implicit differentiation: what
 * {@link ImplicitDiff#customRoot} and {@link ImplicitDiff#customFixedPoint} return. Usable
 * directly, as a {@link SolutionMap} (evaluate, then JVPs, VJPs and Jacobians at that solution),
 * or on a tape through {@link ImplicitDiff#node}.
 *
 * <p>{@link #evaluate} runs the solver from the previous solution (zeros at first, or
 * {@link #setInitialGuess}), then evaluates F at the solution for the forward residual; a
 * status other than CONVERGED from the solver throws {@link NotConvergedException} if the
 * configuration throws on failure (the default), and is otherwise kept in
 * {@link #lastStatus()} and in every later derivative's {@link ImplicitResult#forwardStatus()}.
 * Derivatives run in an {@link ImplicitDiffWorkspace} owned by this object, reusing F's value
 * from the evaluation; after the first call of each kind nothing allocates.
 *
 * <p>Thread safety: not thread-safe (it holds F, its linearisation and the last solution);
 * {@link #fork()} gives an independent instance with F and the solver function forked.
 */
public final class ImplicitSolution implements SolutionMap {
    private static final ArrayKernels K = ArrayKernels.active();

    private final String name;
    private final RootFunction f;
    private final SolverFunction solver;
    private final ImplicitDiff config;
    private final ImplicitDiffWorkspace workspace;
    private final int n;
    private final int m;
    private final double[] solution;
    private final double[] start;
    private final double[] theta;
    private final double[] residual;
    private Status status;
    private double forwardResidual = Double.NaN;
    private boolean evaluated;
    private boolean derived;

    ImplicitSolution(String name, RootFunction f, SolverFunction solver, ImplicitDiff config) {
        this.name = name;
        this.f = f;
        this.solver = solver;
        this.config = config;
        this.workspace = config.newWorkspace(f);
        this.n = f.dimension();
        this.m = f.parameterDimension();
        this.solution = new double[n];
        this.start = new double[n];
        this.theta = new double[m];
        this.residual = new double[n];
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public int parameterDimension() {
        return m;
    }

    /** The optimality condition F whose roots this map differentiates (per thread, like this). */
    public RootFunction function() {
        return f;
    }

    /** The workspace of the derivatives, e.g. to set a preconditioner. */
    public ImplicitDiffWorkspace workspace() {
        return workspace;
    }

    /** Preconditions the implicit linear solves (see {@link ImplicitDiffWorkspace#setPreconditioner}). */
    public void setPreconditioner(Preconditioner inverseOfA) {
        workspace.setPreconditioner(inverseOfA);
    }

    /**
     * The starting point of the next {@link #evaluate} (later ones start from the previous
     * solution).
     *
     * @throws org.rootgrad.error.DimensionMismatchException unless it has n elements
     */
    public void setInitialGuess(double[] init) {
        Checks.length("init", init, n);
        System.arraycopy(init, 0, solution, 0, n);
    }

    /**
     * x ← x*(θ) by the solver function, from the previous solution.
     *
     * @throws org.rootgrad.error.DimensionMismatchException if θ or x has the wrong length
     * @throws org.rootgrad.error.NonFiniteException if θ holds a NaN or an infinity
     * @throws NotConvergedException if the solver reports failure and the configuration throws
     * @throws InvalidOptionException if the solver function returns a null status
     */
    @Override
    public void evaluate(double[] theta, double[] x) {
        Checks.length("theta", theta, m);
        Checks.length("x", x, n);
        Checks.finite("theta", theta);
        System.arraycopy(theta, 0, this.theta, 0, m);
        System.arraycopy(solution, 0, start, 0, n);
        Status outcome = solver.solve(start, this.theta, solution);
        if (outcome == null) {
            evaluated = false;
            throw new InvalidOptionException(name + ": the solver function returned a null status;"
                    + " it must return CONVERGED or how the solve failed");
        }
        status = outcome;
        f.evaluate(solution, this.theta, residual);
        forwardResidual = K.nrm2(n, residual, 0);
        evaluated = true;
        derived = false;
        if (outcome != Status.CONVERGED && config.throwOnFailure()) {
            throw new NotConvergedException(name + " forward solver (iterations not reported; "
                    + "residual is ‖F(x̂, θ)‖)", outcome, -1, forwardResidual);
        }
        System.arraycopy(solution, 0, x, 0, n);
    }

    /**
     * ẋ ← ∂x*(θ)/∂θ · θ̇ at the last solution.
     *
     * @throws InvalidOptionException before the first evaluation
     * @throws NotConvergedException (or Indefinite/SingularOperatorException) if the tangent
     *         solve fails and the configuration throws
     */
    @Override
    public void jvp(double[] thetaDot, double[] xDot) {
        requireEvaluated();
        workspace.jvp(solution, theta, thetaDot, xDot, residual).setForwardStatus(status);
        derived = true;
    }

    /**
     * θ̄ ← x̄ᵀ ∂x*(θ)/∂θ at the last solution.
     *
     * @throws InvalidOptionException before the first evaluation
     * @throws NotConvergedException (or Indefinite/SingularOperatorException) if the adjoint
     *         solve fails and the configuration throws
     */
    @Override
    public void vjp(double[] xBar, double[] thetaBar) {
        requireEvaluated();
        workspace.vjp(solution, theta, xBar, thetaBar, residual).setForwardStatus(status);
        derived = true;
    }

    /**
     * The n×m Jacobian ∂x*(θ)/∂θ at the last solution, row-major into {@code jacobian}, as one
     * block solve (the first call allocates the block buffers).
     */
    public ImplicitResult jacobian(double[] jacobian) {
        requireEvaluated();
        ImplicitResult r = workspace.jacobian(solution, theta, jacobian, residual);
        r.setForwardStatus(status);
        derived = true;
        return r;
    }

    /** The forward solver's status at the last evaluation; {@code null} before the first. */
    @Override
    public Status lastStatus() {
        return evaluated ? status : null;
    }

    /** Diagnostics of the last JVP, VJP or Jacobian since the last evaluation, else {@code null}. */
    @Override
    public ImplicitResult lastDerivative() {
        return derived ? workspace.result() : null;
    }

    /** ‖F(x̂, θ)‖ at the last solution (NaN before the first evaluation). */
    public double forwardResidual() {
        return forwardResidual;
    }

    /** The last solution (a view; do not modify). */
    public double[] solution() {
        return solution;
    }

    @Override
    public ImplicitSolution fork() {
        return new ImplicitSolution(name, f.fork(), solver.fork(), config);
    }

    private void requireEvaluated() {
        if (!evaluated) {
            throw new InvalidOptionException(name + ": differentiate after evaluate(θ, x): no solution yet");
        }
    }

    @Override
    public String toString() {
        return name + " (n = " + n + ", m = " + m + ", " + workspace.solver().name() + ")";
    }
}
