package org.rootgrad.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rootgrad.engine.internal.Lanes;
import org.rootgrad.engine.internal.PanamaMatrixKernels;

/**
 * Test support for the matrix kernels: the implementations under test, awkward sizes, random
 * data, and naive references that form op(A) and op(B) explicitly as {@code double[][]} (an
 * independent code path from both kernels) and also return Σ|a||b|, the scale of the rounding
 * error bound.
 */
final class MatrixReference {
    private MatrixReference() {}

    static final double EPS = Math.ulp(1.0);

    /** The scalar twin, and the Vector API kernels when the incubator module is present. */
    static List<MatrixKernels> implementations() {
        List<MatrixKernels> list = new ArrayList<>();
        list.add(MatrixKernels.scalar());
        if (vectorApiPresent()) {
            list.add(new PanamaMatrixKernels());
        }
        return list;
    }

    static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** 0, 1, 2, 3, lanes−1, lanes, lanes+1 and 31 (lanes of the preferred species, or 8). */
    static int[] awkwardSizes() {
        int lanes = vectorApiPresent() ? Lanes.preferredDoubleLanes() : 8;
        return new int[] {0, 1, 2, 3, lanes - 1, lanes, lanes + 1, 31};
    }

    static double[] random(SplittableRandom rnd, int length) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = rnd.nextDouble(-1, 1);
        }
        return x;
    }

    static double[] nans(int length) {
        double[] x = new double[length];
        java.util.Arrays.fill(x, Double.NaN);
        return x;
    }

    /** Rows × cols block of a row-major array as a matrix, transposed if asked. */
    static double[][] read(double[] a, int off, int ld, int rows, int cols, boolean transpose) {
        double[][] m = transpose ? new double[cols][rows] : new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (transpose) {
                    m[j][i] = a[off + i * ld + j];
                } else {
                    m[i][j] = a[off + i * ld + j];
                }
            }
        }
        return m;
    }

    /** {product, Σ|x||y|} of x (r×k) and y (k×c): element (i, j) at [0][i][j] and [1][i][j]. */
    static double[][][] multiply(double[][] x, double[][] y, int r, int k, int c) {
        double[][] p = new double[r][c];
        double[][] s = new double[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                double v = 0;
                double w = 0;
                for (int q = 0; q < k; q++) {
                    v += x[i][q] * y[q][j];
                    w += Math.abs(x[i][q] * y[q][j]);
                }
                p[i][j] = v;
                s[i][j] = w;
            }
        }
        return new double[][][] {p, s};
    }

    /**
     * Tolerance for one element of α·(sum of k products) + β·c: 2(k + 2)·ε·(|α|Σ|a||b| + |β||c|)
     * plus a tiny absolute floor, the classical bound of a length-k dot product with slack for
     * any summation order.
     */
    static double tolerance(int k, double alpha, double absProducts, double beta, double c) {
        return 2.0 * (k + 2) * EPS * (Math.abs(alpha) * absProducts + Math.abs(beta) * Math.abs(c))
                + 1e-300;
    }
}
