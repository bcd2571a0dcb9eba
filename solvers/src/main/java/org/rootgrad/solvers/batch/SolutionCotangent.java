package org.rootgrad.solvers.batch;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;

/**
 * The cotangent x̄ = ∂L/∂x at one problem's solution, for
 * {@link SolverBatch#hypergradients(double[][], double[][], SolutionCotangent, double[][], double[][])}:
 * with it a batch returns the hypergradient dL(x*(θ))/dθ of a loss L of each solution, such as a
 * validation loss, without a second pass over the problems.
 *
 * <p>Thread safety: a batch calls it from all its workers at once, each call with its own
 * {@code worker} index (0 ≤ worker &lt; {@link SolverBatch#threads()}) and never two calls with the
 * same index at the same time; an implementation keeps per-thread state (an {@link Objective},
 * scratch arrays) in one slot per worker, as {@link #gradientOf} does, or is stateless.
 */
@FunctionalInterface
public interface SolutionCotangent {

    /**
     * Writes x̄ = ∂L/∂x at {@code solution}, the solution of problem {@code problem}.
     *
     * @param worker   the worker calling, 0 ≤ worker &lt; {@link SolverBatch#threads()}
     * @param problem  the problem's index in the batch
     * @param solution x*(θ) of that problem, n elements (a view into the worker's solver: read
     *                 only, valid during this call)
     * @param xBar     the output, n elements, zeroed before the call (the worker's scratch array);
     *                 must come out finite
     */
    void compute(int worker, int problem, double[] solution, double[] xBar);

    /**
     * x̄ = ∇L(x) of a loss without parameters (e.g. a validation loss of the model's weights),
     * with one {@link Objective#fork()} of {@code loss} per worker, made here.
     *
     * @param loss    L(x) with {@code loss.parameterDimension() == 0}; n = the batch's dimension
     * @param workers the number of workers it serves: {@link SolverBatch#threads()}
     * @throws InvalidOptionException      if workers &lt; 1
     * @throws DimensionMismatchException  if loss is null or has parameters
     */
    static SolutionCotangent gradientOf(Objective loss, int workers) {
        if (loss == null) {
            throw new DimensionMismatchException("loss is null");
        }
        if (loss.parameterDimension() != 0) {
            throw new DimensionMismatchException("loss has " + loss.parameterDimension()
                    + " parameters; use gradientOf(loss, lossTheta, workers)");
        }
        return gradientOf(loss, new double[0], workers);
    }

    /**
     * x̄ = ∇ₓL(x, φ) of a loss with fixed parameters φ, with one {@link Objective#fork()} of
     * {@code loss} per worker, made here.
     *
     * @param loss     L(x, φ); n = the batch's dimension
     * @param lossTheta φ, {@code loss.parameterDimension()} finite elements (copied)
     * @param workers  the number of workers it serves: {@link SolverBatch#threads()}
     * @throws InvalidOptionException      if workers &lt; 1
     * @throws DimensionMismatchException  if loss is null or φ has the wrong length
     * @throws org.rootgrad.error.NonFiniteException if φ holds a NaN or an infinity
     */
    static SolutionCotangent gradientOf(Objective loss, double[] lossTheta, int workers) {
        if (loss == null) {
            throw new DimensionMismatchException("loss is null");
        }
        Checks.atLeastOne("workers", workers);
        Checks.length("lossTheta", lossTheta, loss.parameterDimension());
        Checks.finite("lossTheta", lossTheta);
        double[] phi = lossTheta.clone();
        Objective[] perWorker = new Objective[workers];
        for (int w = 0; w < workers; w++) {
            perWorker[w] = loss.fork();
        }
        return (worker, problem, solution, xBar) -> {
            if (worker >= perWorker.length) {
                throw new InvalidOptionException("SolutionCotangent.gradientOf was made for " + perWorker.length
                        + " workers but called by worker " + worker + ": pass the batch's threads()");
            }
            perWorker[worker].valueAndGradient(solution, phi, xBar);
        };
    }
}
