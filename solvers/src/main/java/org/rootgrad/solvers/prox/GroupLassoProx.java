package org.rootgrad.solvers.prox;

import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.solvers.projection.JacobianStructure;

/**
 * Block soft thresholding, the prox of the group lasso g = λ Σ_g w_g‖x_g‖₂ over disjoint groups
 * covering every coordinate; θ = [λ]. With t_g = ηλw_g: prox_g = max(1 − t_g/‖v_g‖, 0)·v_g.
 *
 * <p>For an active group (‖v_g‖ &gt; t_g), with v̂ = v_g/‖v_g‖: the diagonal block of ∂ᵥprox is
 * (1 − t_g/‖v_g‖)·I + (t_g/‖v_g‖)·v̂v̂ᵀ, ∂prox_g/∂λ = −ηw_g·v̂ and ∂prox_g/∂η = −λw_g·v̂. A group
 * at or below its threshold (the kink included) has zero rows everywhere. The Jacobian is
 * symmetric and block diagonal ({@link JacobianStructure#SYMMETRIC}).
 *
 * <p>Groups are stored as a permutation of the coordinates with group offsets, so contiguous
 * ranges and arbitrary group-id arrays share one code path.
 */
final class GroupLassoProx extends AbstractProx {
    private final int groups;
    /** Group g holds the coordinates members[groupStart[g] .. groupStart[g+1]). */
    private final int[] groupStart;
    private final int[] members;
    private final double[] groupWeights;
    /** Per group: the diagonal coefficient 1 − t/‖v_g‖ and the rank-one coefficient t/‖v_g‖. */
    private final double[] shrink;
    private final double[] curvature;
    /** v̂ on active groups, 0 elsewhere. */
    private final double[] direction;
    private final double[] strengthSlope;
    private final double[] stepSlope;

    private GroupLassoProx(int n, int[] groupStart, int[] members, double[] groupWeights) {
        super("group-lasso prox", n, 1);
        this.groups = groupStart.length - 1;
        this.groupStart = groupStart;
        this.members = members;
        this.groupWeights = groupWeights;
        this.shrink = new double[groups];
        this.curvature = new double[groups];
        this.direction = new double[n];
        this.strengthSlope = new double[n];
        this.stepSlope = new double[n];
    }

    static GroupLassoProx ofBoundaries(int[] boundaries, double[] weights) {
        if (boundaries == null) {
            throw new DimensionMismatchException("boundaries is null");
        }
        if (boundaries.length < 2) {
            throw InvalidOptionException.of("boundaries length", boundaries.length,
                    ">= 2 (0 followed by the end of each group)");
        }
        if (boundaries[0] != 0) {
            throw InvalidOptionException.of("boundaries[0]", boundaries[0], "0");
        }
        for (int g = 1; g < boundaries.length; g++) {
            if (boundaries[g] <= boundaries[g - 1]) {
                throw new InvalidOptionException("boundaries must be strictly increasing: boundaries["
                        + g + "] = " + boundaries[g] + " <= boundaries[" + (g - 1) + "] = "
                        + boundaries[g - 1]);
            }
        }
        int n = boundaries[boundaries.length - 1];
        int[] members = new int[n];
        for (int i = 0; i < n; i++) {
            members[i] = i;
        }
        return new GroupLassoProx(n, boundaries.clone(), members,
                weightsOrOnes(weights, boundaries.length - 1));
    }

    static GroupLassoProx ofIds(int[] groupOf, double[] weights) {
        if (groupOf == null) {
            throw new DimensionMismatchException("groupOf is null");
        }
        int n = groupOf.length;
        if (n == 0) {
            throw InvalidOptionException.of("groupOf length", 0, ">= 1");
        }
        int groups = 0;
        for (int i = 0; i < n; i++) {
            if (groupOf[i] < 0) {
                throw InvalidOptionException.of("groupOf[" + i + "]", groupOf[i], ">= 0");
            }
            groups = Math.max(groups, groupOf[i] + 1);
        }
        int[] start = new int[groups + 1];
        for (int i = 0; i < n; i++) {
            start[groupOf[i] + 1]++;
        }
        for (int g = 0; g < groups; g++) {
            start[g + 1] += start[g];
        }
        int[] next = java.util.Arrays.copyOf(start, groups);
        int[] members = new int[n];
        for (int i = 0; i < n; i++) {
            members[next[groupOf[i]]++] = i;
        }
        return new GroupLassoProx(n, start, members, weightsOrOnes(weights, groups));
    }

    private static double[] weightsOrOnes(double[] weights, int groups) {
        if (weights == null) {
            double[] ones = new double[groups];
            java.util.Arrays.fill(ones, 1.0);
            return ones;
        }
        if (weights.length != groups) {
            throw new DimensionMismatchException(
                    "groupWeights has length " + weights.length + "; expected " + groups + " (one per group)");
        }
        checkWeights("groupWeights", weights);
        return weights.clone();
    }

    @Override
    void checkParameters(double[] theta) {
        strength("group-lasso strength λ", theta, 0);
    }

    /** ‖x_g‖₂, rescaled when the plain sum of squares would overflow or underflow. */
    private double groupNorm(double[] x, int from, int to) {
        double sum = 0;
        for (int j = from; j < to; j++) {
            double xi = x[members[j]];
            sum += xi * xi;
        }
        double norm = Math.sqrt(sum);
        if (norm > 1e-150 && norm < 1e150) {
            return norm;
        }
        double scale = 0;
        for (int j = from; j < to; j++) {
            scale = Math.max(scale, Math.abs(x[members[j]]));
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale;
        }
        sum = 0;
        for (int j = from; j < to; j++) {
            double xi = x[members[j]] / scale;
            sum += xi * xi;
        }
        return scale * Math.sqrt(sum);
    }

    @Override
    void doApply(double[] v, double[] theta, double step, double[] out) {
        double lambda = theta[0];
        for (int g = 0; g < groups; g++) {
            int from = groupStart[g];
            int to = groupStart[g + 1];
            double norm = groupNorm(v, from, to);
            double t = step * lambda * groupWeights[g];
            double factor = norm > t ? 1.0 - t / norm : 0.0;
            for (int j = from; j < to; j++) {
                int i = members[j];
                out[i] = factor * v[i];
            }
        }
    }

    @Override
    void doLinearize(double[] v, double[] theta, double step) {
        double lambda = theta[0];
        for (int g = 0; g < groups; g++) {
            int from = groupStart[g];
            int to = groupStart[g + 1];
            double norm = groupNorm(v, from, to);
            double weight = groupWeights[g];
            double t = step * lambda * weight;
            boolean active = norm > t;
            shrink[g] = active ? 1.0 - t / norm : 0.0;
            curvature[g] = active ? t / norm : 0.0;
            for (int j = from; j < to; j++) {
                int i = members[j];
                double u = active ? v[i] / norm : 0.0;
                direction[i] = u;
                strengthSlope[i] = -step * weight * u;
                stepSlope[i] = -lambda * weight * u;
            }
        }
    }

    @Override
    void doJvpV(double[] dv, double[] out) {
        for (int g = 0; g < groups; g++) {
            int from = groupStart[g];
            int to = groupStart[g + 1];
            double projection = 0;
            for (int j = from; j < to; j++) {
                int i = members[j];
                projection += direction[i] * dv[i];
            }
            double a = shrink[g];
            double b = curvature[g] * projection;
            for (int j = from; j < to; j++) {
                int i = members[j];
                out[i] = a * dv[i] + b * direction[i];
            }
        }
    }

    @Override
    void doJvpTheta(double[] dTheta, double[] out) {
        K.copy(n, strengthSlope, 0, out, 0);
        K.scal(n, dTheta[0], out, 0);
    }

    @Override
    void doVjpTheta(double[] w, double[] out) {
        out[0] = K.dot(n, strengthSlope, 0, w, 0);
    }

    @Override
    void doStepDerivative(double[] out) {
        K.copy(n, stepSlope, 0, out, 0);
    }

    @Override
    public JacobianStructure jacobianStructure() {
        return JacobianStructure.SYMMETRIC;
    }

    @Override
    void doJacobianDiagonal(double[] d) {
        throw new IllegalStateException("the group lasso has no diagonal description");
    }

    @Override
    public Prox fork() {
        return new GroupLassoProx(n, groupStart, members, groupWeights);
    }
}
