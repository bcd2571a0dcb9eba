package org.rootgrad.solvers;

import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.autodiff.VectorMap;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;

/**
 * A nonlinear least-squares problem min over x of ½‖r(x, θ)‖², r ∈ Rᵏ, x ∈ Rⁿ, θ ∈ Rᵐ, in the two
 * shapes its solvers need:
 * <ul>
 *   <li>the residuals as a {@link VectorMap}, whose JVPs and VJPs give the Jacobian J = ∂ₓr that
 *       {@link GaussNewton} and {@link LevenbergMarquardt} model the problem with (JᵀJ and Jᵀr);</li>
 *   <li>the objective ½‖r‖² as an {@link Objective}, for the optimality condition
 *       ∇ₓ½‖r‖² = Jᵀr = 0 and its derivatives. Implicit differentiation needs the exact Hessian
 *       JᵀJ + Σᵢ rᵢ∇²rᵢ (the Gauss–Newton matrix alone is wrong whenever the residuals at the
 *       solution are not zero) and the mixed derivative ∂θ(Jᵀr), which involve second
 *       derivatives of r: the tape's second-order products of ½‖r‖² give exactly those.</li>
 * </ul>
 * {@link #record} records r once on a tape and ½‖r‖² next to it on the same tape, so both are
 * exact and consistent; {@link #of} pairs a residual map with an objective the caller promises
 * equals ½‖r‖².
 *
 * <p>Threading: holds per-thread workspaces (the map's and the objective's); {@link #fork()}
 * gives an independent instance sharing the recorded functions.
 */
public final class LeastSquaresProblem {

    /** The residuals r(x, θ) recorded on a tape: called once by {@link #record}. */
    @FunctionalInterface
    /** Thread safety: called once, on the thread that calls {@link #record}, never concurrently. */
    public interface ResidualModel {
        /**
         * Records r(x, θ) on {@code tape}.
         *
         * @param x     the variables, a vector input of n elements
         * @param theta the parameters, a vector input of m elements, or null when m = 0
         * @return the residuals, a vector (or scalar) of k ≥ 1 elements
         */
        Tensor residuals(Tape tape, Tensor x, Tensor theta);
    }

    private final VectorMap residuals;
    private final Objective objective;

    private LeastSquaresProblem(VectorMap residuals, Objective objective) {
        this.residuals = residuals;
        this.objective = objective;
    }

    /**
     * Records the residuals of {@code model} and ½‖r‖² on one tape.
     *
     * @param dimension          n ≥ 1, the size of x
     * @param parameterDimension m ≥ 0, the size of θ
     * @throws InvalidOptionException if the model is null or returns a tensor of another tape
     * @throws DimensionMismatchException if n < 1, m < 0 or the residuals are not a vector
     */
    public static LeastSquaresProblem record(int dimension, int parameterDimension, ResidualModel model) {
        if (dimension < 1) {
            throw new DimensionMismatchException("dimension must be >= 1, got " + dimension);
        }
        if (parameterDimension < 0) {
            throw new DimensionMismatchException("parameterDimension must be >= 0, got " + parameterDimension);
        }
        if (model == null) {
            throw new InvalidOptionException("residual model is null");
        }
        Tape tape = new Tape();
        Tensor x = tape.input("x", dimension);
        Tensor theta = parameterDimension > 0 ? tape.input("theta", parameterDimension) : null;
        Tensor r = model.residuals(tape, x, theta);
        if (r == null || r.tape() != tape) {
            throw new InvalidOptionException("the residual model must return a tensor recorded on the given tape");
        }
        if (r.shape().rank() > 1) {
            throw new DimensionMismatchException("residuals must be a vector, got shape " + r.shape());
        }
        Function residualFunction = tape.build(r);
        Function loss = tape.build(r.squaredNorm().scale(0.5));
        int thetaInput = parameterDimension > 0 ? 1 : -1;
        return new LeastSquaresProblem(residualFunction.vectorMap(0, thetaInput), loss.objective(0, thetaInput));
    }

    /**
     * Pairs a residual map with the objective ½‖r(x, θ)‖², which the caller guarantees (it is
     * used for the optimality condition and its derivatives; a mismatch gives wrong derivatives).
     *
     * @throws DimensionMismatchException if either is null or their n or m differ
     */
    public static LeastSquaresProblem of(VectorMap residuals, Objective halfSquaredNorm) {
        if (residuals == null || halfSquaredNorm == null) {
            throw new DimensionMismatchException("residuals and objective must not be null");
        }
        if (residuals.dimension() != halfSquaredNorm.dimension()
                || residuals.parameterDimension() != halfSquaredNorm.parameterDimension()) {
            throw new DimensionMismatchException("residuals take x of " + residuals.dimension() + " and θ of "
                    + residuals.parameterDimension() + " elements but the objective takes "
                    + halfSquaredNorm.dimension() + " and " + halfSquaredNorm.parameterDimension());
        }
        return new LeastSquaresProblem(residuals, halfSquaredNorm);
    }

    /** r(x, θ) with its JVPs and VJPs (per thread). */
    public VectorMap residuals() {
        return residuals;
    }

    /** ½‖r(x, θ)‖² (per thread). */
    public Objective objective() {
        return objective;
    }

    /** n, the size of x. */
    public int dimension() {
        return residuals.dimension();
    }

    /** m, the size of θ. */
    public int parameterDimension() {
        return residuals.parameterDimension();
    }

    /** k, the number of residuals. */
    public int residualCount() {
        return residuals.outputSize();
    }

    /** An independent instance for another thread, sharing the recorded functions. */
    public LeastSquaresProblem fork() {
        return new LeastSquaresProblem(residuals.fork(), objective.fork());
    }
}
