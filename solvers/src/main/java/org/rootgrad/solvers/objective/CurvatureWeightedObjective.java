package org.rootgrad.solvers.objective;

import org.rootgrad.engine.LossKernels;
import org.rootgrad.engine.SinglePrecisionRows;

/**
 * A linear model whose loss Hessian is Aᵀdiag(c)A, with per-sample curvature weights c that its
 * linearisation computes (logistic and Huber regression): the Hessian products, the dense
 * Hessian (exact and single-precision) and the curvature scaling, all from c on the engine's
 * weighted Gram kernels.
 */
abstract class CurvatureWeightedObjective extends LinearModelObjective {
    /** Data of this size and more no longer fits in the last-level cache of a typical server core. */
    static final long CACHED_DATA_BYTES = 32L << 20;

    /**
     * From this many rows the single-precision Hessian is offered: below, the exact product costs
     * microseconds and the float path's fixed work (scaling, flushing each block) weighs as much
     * as it saves.
     */
    static final int SINGLE_PRECISION_GRAM_MIN_ROWS = 512;

    /** The work array of {@link #lossHessian}, made on its first call. */
    private double[] gramWork;
    /** The work array of {@link #lossSinglePrecisionHessian}, made on its first call. */
    private float[] singlePrecisionGramWork;
    /** c's {@link LossKernels#weightsExponent} at the current linearisation, once known. */
    private int curvatureExponent;
    private boolean curvatureExponentKnown;

    CurvatureWeightedObjective(String name, LinearData data, boolean l2) {
        super(name, data, l2);
    }

    /** c at the linearisation point, n elements (the array may change from one linearisation to the next). */
    abstract double[] curvature();

    /** Computes c at w (and what else the loss keeps of its linearisation). */
    abstract void linearizeCurvature(double[] w);

    @Override
    final void lossLinearize(double[] w) {
        curvatureExponentKnown = false;
        linearizeCurvature(w);
    }

    /**
     * The scaling exponent of c for the single-precision kernels, found on the first use after a
     * linearisation (the only place c changes): the inner solve of a Newton step takes many
     * products with the same weights.
     */
    private int curvatureExponent() {
        if (!curvatureExponentKnown) {
            curvatureExponent = LossKernels.weightsExponent(n, curvature(), 0);
            curvatureExponentKnown = true;
        }
        return curvatureExponent;
    }

    /** Aᵀdiag(c)A·v in one pass over A, or over Aᵀ where A is {@link LossKernels#narrow narrow}. */
    @Override
    final void lossHessianVector(double[] v, double[] out) {
        K.fill(d, 0.0, out, 0);
        if (transposed != null) {
            LossKernels.weightedGramVectorColumns(n, d, 1.0, transposed, 0, curvature(), 0, v, 0, out, 0,
                    columnsWork, 0);
            return;
        }
        LossKernels.weightedGramVector(n, d, 1.0, data.x, 0, d, curvature(), 0, v, 0, out, 0);
    }

    @Override
    final void lossSinglePrecisionHessianVector(SinglePrecisionRows rows, double[] v, double[] out, float[] work) {
        K.fill(d, 0.0, out, 0);
        LossKernels.weightedGramVector(rows, 1.0, curvature(), 0, curvatureExponent(), v, 0, out, 0, work, 0);
    }

    /**
     * Aᵀdiag(c)A (d×d, row-major): the engine's weighted Gram kernel (n·d²/2 multiply-adds in
     * register tiles over blocks of rows; its work array, 24·256 + d² doubles, made on the first
     * call).
     */
    @Override
    final boolean lossHessian(double[] out) {
        if (gramWork == null) {
            gramWork = new double[LossKernels.weightedGramWorkLength(d)];
        }
        LossKernels.weightedGram(n, d, data.x, 0, d, curvature(), 0, out, 0, gramWork, 0);
        return true;
    }

    /**
     * A weighted Gram product, rows·d²/2 multiply-adds: d/4 products while A fits in cache, d/8
     * once it streams from memory ({@value #CACHED_DATA_BYTES} bytes and more), where a product
     * waits on memory and the Gram product, which reads A once, does not. Measured with Newton–CG
     * at d = 200: 16 MB of data, the Gram product 5.5 ms, a CG iteration 0.45 ms (12 products);
     * 160 MB, 57 ms and 9 ms (6.3 products).
     */
    @Override
    final double lossHessianCost() {
        return (double) n * d * Double.BYTES < CACHED_DATA_BYTES ? d / 4.0 : d / 8.0;
    }

    /** {@link #lossHessian} on the single-precision rows. */
    @Override
    final boolean lossSinglePrecisionHessian(SinglePrecisionRows rows, double[] out) {
        if (singlePrecisionGramWork == null) {
            singlePrecisionGramWork = new float[LossKernels.weightedGramWorkLength(rows)];
        }
        LossKernels.weightedGram(rows, curvature(), 0, curvatureExponent(), out, 0, singlePrecisionGramWork, 0);
        return true;
    }

    /**
     * Half of {@link #lossHessianCost} (twice the multiply-adds per instruction, half the bytes),
     * from {@value #SINGLE_PRECISION_GRAM_MIN_ROWS} rows.
     */
    @Override
    final double lossSinglePrecisionHessianCost() {
        return n >= SINGLE_PRECISION_GRAM_MIN_ROWS ? lossHessianCost() / 2 : Double.POSITIVE_INFINITY;
    }

    @Override
    final void scaleByCurvature(double[] t) {
        K.mul(n, curvature(), 0, t, 0, t, 0);
    }
}
