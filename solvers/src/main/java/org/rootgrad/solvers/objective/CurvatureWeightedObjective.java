package org.rootgrad.solvers.objective;

import org.rootgrad.engine.SinglePrecisionRows;

/**
 * A linear model whose loss Hessian is Aᵀdiag(c)A, with per-sample curvature weights c that its
 * linearisation computes (logistic and Huber regression): the Hessian products, the dense
 * Hessian (exact and single-precision) and the curvature scaling, all from c on the engine's
 * weighted Gram kernels.
 */
abstract class CurvatureWeightedObjective extends LinearModelObjective {

    CurvatureWeightedObjective(String name, LinearData data, boolean l2) {
        super(name, data, l2);
    }

    /** c at the linearisation point, n elements (the array may change from one linearisation to the next). */
    abstract double[] curvature();

    @Override
    final void lossHessianVector(double[] v, double[] out) {
        curvatureHessianVector(curvature(), v, out);
    }

    @Override
    final void lossSinglePrecisionHessianVector(SinglePrecisionRows rows, double[] v, double[] out, float[] work) {
        curvatureSinglePrecisionHessianVector(rows, curvature(), v, out, work);
    }

    @Override
    final boolean lossHessian(double[] out) {
        weightedGram(curvature(), out);
        return true;
    }

    @Override
    final double lossHessianCost() {
        return weightedGramCost();
    }

    @Override
    final boolean lossSinglePrecisionHessian(SinglePrecisionRows rows, double[] out) {
        curvatureSinglePrecisionGram(rows, curvature(), out);
        return true;
    }

    @Override
    final double lossSinglePrecisionHessianCost() {
        return singlePrecisionGramCost();
    }

    @Override
    final void scaleByCurvature(double[] t) {
        K.mul(n, curvature(), 0, t, 0, t, 0);
    }
}
