package org.rootgrad.implicit.linear;

import java.util.SplittableRandom;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;

/**
 * The diagonal of a square operator, exactly or estimated from random products: what a Jacobi
 * preconditioner needs. Both allocate their result (and scratch vectors); they are set-up
 * computations, not hot paths.
 *
 * <p>Thread safety: stateless; each call uses the operator as its own thread safety allows.
 */
public final class OperatorDiagonal {
    private OperatorDiagonal() {}

    /**
     * diag(A), read directly from dense, diagonal and identity operators and from scaled,
     * ridge-shifted, transposed, re-tagged and summed views of them; for any other operator,
     * from n products A·eᵢ (O(n) products: for small n or cheap products).
     *
     * @throws DimensionMismatchException if a is not square
     */
    public static double[] exact(LinearOperator a) {
        requireSquare(a);
        double[] d = new double[a.rows()];
        exactInto(a, d);
        return d;
    }

    private static void exactInto(LinearOperator a, double[] d) {
        int n = d.length;
        switch (a) {
            case DenseOperator m -> {
                for (int i = 0; i < n; i++) {
                    d[i] = m.get(i, i);
                }
            }
            case DiagonalOperator m -> System.arraycopy(m.d, 0, d, 0, n);
            case IdentityOperator m -> java.util.Arrays.fill(d, 1.0);
            case ScaledOperator m -> {
                exactInto(m.base, d);
                for (int i = 0; i < n; i++) {
                    d[i] *= m.alpha;
                }
            }
            case RidgeOperator m -> {
                exactInto(m.base, d);
                for (int i = 0; i < n; i++) {
                    d[i] += m.rho;
                }
            }
            case TransposeOperator m -> exactInto(m.base, d);
            case StructuredOperator m -> exactInto(m.base, d);
            case SumOperator m -> {
                exactInto(m.left, d);
                double[] other = new double[n];
                exactInto(m.right, other);
                for (int i = 0; i < n; i++) {
                    d[i] += other[i];
                }
            }
            default -> {
                double[] unit = new double[n];
                double[] column = new double[n];
                for (int i = 0; i < n; i++) {
                    unit[i] = 1;
                    a.apply(unit, column);
                    d[i] = column[i];
                    unit[i] = 0;
                }
            }
        }
    }

    /**
     * An unbiased estimate of diag(A) from {@code probes} products with independent Rademacher
     * vectors v (entries ±1 with equal probability), dᵢ = (1/s) Σₖ vₖᵢ (A vₖ)ᵢ (Bekas,
     * Kokiopoulou and Saad 2007). Entry i has expectation A_ii and variance
     * Σ_{j≠i} A_ij² / s: exact for a diagonal A, and accurate to about
     * ‖offdiagonal row i‖ / √s otherwise. Deterministic for a given seed.
     *
     * @throws DimensionMismatchException if a is not square
     * @throws org.rootgrad.error.InvalidOptionException if probes &lt; 1
     */
    public static double[] estimate(LinearOperator a, int probes, long seed) {
        requireSquare(a);
        Checks.atLeastOne("probes", probes);
        int n = a.rows();
        double[] sum = new double[n];
        double[] v = new double[n];
        double[] av = new double[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < probes; k++) {
            long bits = 0;
            for (int i = 0; i < n; i++) {
                if ((i & 63) == 0) {
                    bits = random.nextLong();
                }
                v[i] = (bits & 1) == 0 ? 1.0 : -1.0;
                bits >>>= 1;
            }
            a.apply(v, av);
            for (int i = 0; i < n; i++) {
                sum[i] += v[i] * av[i];
            }
        }
        for (int i = 0; i < n; i++) {
            sum[i] /= probes;
        }
        return sum;
    }

    private static void requireSquare(LinearOperator a) {
        if (a == null) {
            throw new DimensionMismatchException("a is null");
        }
        if (!a.isSquare()) {
            throw new DimensionMismatchException(
                    "a is " + a.rows() + "×" + a.cols() + "; a diagonal needs a square operator");
        }
    }
}
