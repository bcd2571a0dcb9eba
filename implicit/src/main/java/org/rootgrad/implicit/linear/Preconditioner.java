package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.linalg.Cholesky;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;

/**
 * An approximation M⁻¹ of the inverse of an n×n operator, applied as z ← M⁻¹r inside a Krylov
 * solve. Conjugate gradients (also on the normal equations) and MINRES need M⁻¹ symmetric
 * positive definite and refuse one that is not flagged so; GMRES and BiCGSTAB take any.
 *
 * <p>A solver given a preconditioner for the matrix A also uses it when asked to solve with
 * A + ρI (the ridge option): build it for the shifted matrix if the shift matters.
 *
 * <p>Thread safety: identity and Jacobi preconditioners are immutable and shareable; an
 * {@link LbfgsHistory} is mutable and per thread; a user-supplied one is what its map is.
 */
public interface Preconditioner {

    /** n. */
    int dimension();

    /** z ← M⁻¹r; r and z have n elements and are distinct arrays; r is not modified. */
    void apply(double[] r, double[] z);

    /** z ← M⁻¹r and returns rᵀz (one fused pass for a diagonal M⁻¹). */
    default double applyDot(double[] r, double[] z) {
        apply(r, z);
        return ArrayKernels.active().dot(dimension(), r, 0, z, 0);
    }

    /** Whether M⁻¹ is symmetric positive definite (what CG and MINRES need). */
    boolean isSymmetricPositiveDefinite();

    /** M = I (the solvers skip it entirely). */
    static Preconditioner identity(int n) {
        Checks.nonNegative("n", n);
        return new IdentityPreconditioner(n);
    }

    /**
     * Jacobi: M = diag(d) for a given diagonal d of the operator, so z = r / d. The inverse is
     * computed once (d is copied). Positive definite if every d[i] > 0.
     *
     * @throws org.rootgrad.error.NonFiniteException if d holds a NaN or an infinity
     * @throws org.rootgrad.error.SingularOperatorException if some d[i] is 0 (named by index)
     */
    static Preconditioner jacobi(double[] diagonal) {
        if (diagonal == null) {
            throw new DimensionMismatchException("diagonal is null");
        }
        Checks.finite("diagonal", diagonal);
        return new JacobiPreconditioner(diagonal);
    }

    /**
     * Jacobi with the operator's exact diagonal, read directly from dense, diagonal and identity
     * operators (and views of them), otherwise taken from n products with unit vectors: meant
     * for small n or cheap products. See {@link OperatorDiagonal#exact}.
     *
     * @throws DimensionMismatchException if a is not square
     * @throws org.rootgrad.error.SingularOperatorException if a diagonal entry is 0
     * @throws org.rootgrad.error.NonFiniteException if a diagonal entry is NaN or infinite
     */
    static Preconditioner jacobiExact(LinearOperator a) {
        double[] d = OperatorDiagonal.exact(a);
        Checks.finite("exact diagonal", d);
        return new JacobiPreconditioner(d);
    }

    /**
     * Jacobi with the diagonal estimated from {@code probes} products with random Rademacher
     * vectors (Bekas, Kokiopoulou and Saad): unbiased, with standard deviation
     * √(Σ_{j≠i} A_ij² / probes) for entry i, so it suits diagonally dominant operators whose
     * products are too expensive for the exact diagonal. For an operator tagged positive
     * definite, estimates that come out non-positive (noise swamping a small entry) are replaced
     * by the mean of the positive ones. See {@link OperatorDiagonal#estimate}.
     *
     * @throws DimensionMismatchException if a is not square
     * @throws org.rootgrad.error.InvalidOptionException if probes &lt; 1
     * @throws org.rootgrad.error.SingularOperatorException if an estimated entry is 0 for an
     *         operator not tagged positive definite
     */
    static Preconditioner jacobiEstimated(LinearOperator a, int probes, long seed) {
        double[] d = OperatorDiagonal.estimate(a, probes, seed);
        if (a.structure().isPositiveDefinite()) {
            double sum = 0;
            int positive = 0;
            for (double v : d) {
                if (v > 0) {
                    sum += v;
                    positive++;
                }
            }
            double fallback = positive > 0 ? sum / positive : 1;
            for (int i = 0; i < d.length; i++) {
                if (!(d[i] > 0)) {
                    d[i] = fallback;
                }
            }
        }
        Checks.finite("estimated diagonal", d);
        return new JacobiPreconditioner(d);
    }

    /**
     * M⁻¹ = (LLᵀ)⁻¹ by the two triangular solves of a Cholesky factorisation that the caller
     * keeps: each application uses the factor in force then (a forward solver's last Hessian, an
     * approximate matrix). Symmetric positive definite by construction.
     *
     * @throws DimensionMismatchException if factor is null
     */
    static Preconditioner cholesky(Cholesky factor) {
        if (factor == null) {
            throw new DimensionMismatchException("factor is null");
        }
        return new FunctionPreconditioner(factor.size(), factor::solve, true);
    }

    /**
     * A user-supplied M⁻¹ given as a map r ↦ z on vectors of length n.
     *
     * @param symmetricPositiveDefinite the caller's claim, needed for CG and MINRES
     */
    static Preconditioner of(int n, VectorMap inverse, boolean symmetricPositiveDefinite) {
        Checks.nonNegative("n", n);
        if (inverse == null) {
            throw new DimensionMismatchException("inverse is null");
        }
        return new FunctionPreconditioner(n, inverse, symmetricPositiveDefinite);
    }
}
