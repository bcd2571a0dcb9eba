package org.rootgrad.solvers.constrained;

import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Structure;

/**
 * The box QP's optimality condition reduced to its free set F at the linearisation point, the
 * bound coordinates A substituted by the bounds they sit on (bⱼ = lⱼ or uⱼ, functions of θ):
 * <pre>
 *   Fᵢ = Σ_{j∈F} Qᵢⱼxⱼ + Σ_{j∈A} Qᵢⱼbⱼ(θ) + cᵢ    (i ∈ F)
 *   Fᵢ = xᵢ − bᵢ(θ)                               (i ∈ A)
 * </pre>
 * Same root and, by the chain rule, the same implicit derivative as the full fixed point
 * ({@link BoxQpCondition}), but ∂ₓF = diag(Q_FF, I) is symmetric positive definite (conjugate
 * gradients) and its products cost |F|² instead of n². Coordinate i is bound at the lower bound
 * where xᵢ − lᵢ &lt; (Qx + c)ᵢ (its multiplier exceeds its slack), at the upper where
 * uᵢ − xᵢ &lt; −(Qx + c)ᵢ. Per thread.
 */
final class BoxQpReducedCondition implements RootFunction, DenseKktBlock {
    private final int n;
    private final int m;
    private final int offC;
    private final int offL;
    private final int offU;
    private final double[] x;
    private final double[] data;
    private final int[] side;
    private final int[] free;
    private int freeCount;
    private final double[] g;
    private final int[] evalSide;
    private final int[] evalFree;
    private final double[] evalG;
    private final double[] evalX;

    BoxQpReducedCondition(int n) {
        this.n = n;
        this.m = n * n + 3 * n;
        this.offC = n * n;
        this.offL = offC + n;
        this.offU = offL + n;
        this.x = new double[n];
        this.data = new double[m];
        this.side = new int[n];
        this.free = new int[n];
        this.g = new double[n];
        this.evalSide = new int[n];
        this.evalFree = new int[n];
        this.evalG = new double[n];
        this.evalX = new double[n];
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public int parameterDimension() {
        return m;
    }

    /** The number of free coordinates at the linearisation point. */
    int freeCount() {
        return freeCount;
    }

    /** Classifies xx at θ into side[] and free[]; x ← xx with bound coordinates set to their bound. */
    private int classify(double[] xx, double[] theta, int[] sides, int[] freeIndex, double[] grad, double[] xOut) {
        BoxQpCondition.gradient(n, theta, xx, grad);
        int count = 0;
        for (int i = 0; i < n; i++) {
            double lo = theta[offL + i];
            double hi = theta[offU + i];
            double v = xx[i] - grad[i];
            if (v <= lo) {
                sides[i] = -1;
                xOut[i] = lo;
            } else if (v >= hi) {
                sides[i] = 1;
                xOut[i] = hi;
            } else {
                sides[i] = 0;
                xOut[i] = xx[i];
                freeIndex[count++] = i;
            }
        }
        return count;
    }

    @Override
    public void evaluate(double[] xx, double[] theta, double[] out) {
        // this point's own classification, kept apart from the linearisation point's
        int count = classify(xx, theta, evalSide, evalFree, evalG, evalX);
        for (int i = 0; i < n; i++) {
            evalX[i] -= xx[i]; // the shift of the bound coordinates onto their bounds
        }
        for (int a = 0; a < count; a++) {
            int i = evalFree[a];
            int row = i * n;
            double s = evalG[i];
            for (int j = 0; j < n; j++) {
                if (evalSide[j] != 0) {
                    s += theta[row + j] * evalX[j];
                }
            }
            out[i] = s;
        }
        for (int i = 0; i < n; i++) {
            if (evalSide[i] != 0) {
                out[i] = -evalX[i]; // xᵢ − bᵢ
            }
        }
    }

    @Override
    public void linearize(double[] xx, double[] theta) {
        System.arraycopy(theta, 0, data, 0, m);
        freeCount = classify(xx, data, side, free, g, x);
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        for (int a = 0; a < freeCount; a++) {
            int i = free[a];
            int row = i * n;
            double s = 0;
            for (int b = 0; b < freeCount; b++) {
                int j = free[b];
                s += data[row + j] * v[j];
            }
            out[i] = s;
        }
        for (int i = 0; i < n; i++) {
            if (side[i] != 0) {
                out[i] = v[i];
            }
        }
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        for (int b = 0; b < freeCount; b++) {
            int j = free[b];
            double s = 0;
            for (int a = 0; a < freeCount; a++) {
                int i = free[a];
                s += data[i * n + j] * w[i];
            }
            out[j] = s;
        }
        for (int i = 0; i < n; i++) {
            if (side[i] != 0) {
                out[i] = w[i];
            }
        }
    }

    private double boundDot(double[] u, int i) {
        return side[i] < 0 ? u[offL + i] : u[offU + i];
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        for (int a = 0; a < freeCount; a++) {
            int i = free[a];
            int row = i * n;
            double s = u[offC + i];
            for (int j = 0; j < n; j++) {
                s += u[row + j] * x[j];
                if (side[j] != 0) {
                    s += data[row + j] * boundDot(u, j);
                }
            }
            out[i] = s;
        }
        for (int i = 0; i < n; i++) {
            if (side[i] != 0) {
                out[i] = -boundDot(u, i);
            }
        }
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int a = 0; a < freeCount; a++) {
            int i = free[a];
            double wi = w[i];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                out[row + j] = wi * x[j];
            }
            out[offC + i] = wi;
        }
        for (int j = 0; j < n; j++) {
            if (side[j] != 0) {
                double s = -w[j];
                for (int a = 0; a < freeCount; a++) {
                    int i = free[a];
                    s += data[i * n + j] * w[i];
                }
                out[(side[j] < 0 ? offL : offU) + j] = s;
            }
        }
    }

    @Override
    public Structure structureX() {
        return Structure.SYMMETRIC_POSITIVE_DEFINITE;
    }

    @Override
    public BoxQpReducedCondition fork() {
        return new BoxQpReducedCondition(n);
    }

    @Override
    public int blockSize() {
        return freeCount;
    }

    @Override
    public void blockIndices(int[] out) {
        System.arraycopy(free, 0, out, 0, freeCount);
    }

    @Override
    public void blockMatrix(double[] out) {
        for (int a = 0; a < freeCount; a++) {
            int row = free[a] * n;
            for (int b = 0; b < freeCount; b++) {
                out[a * freeCount + b] = data[row + free[b]];
            }
        }
    }
}
