package org.rootgrad.solvers.prox;

import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.solvers.projection.JacobianStructure;
import org.rootgrad.solvers.projection.Projection;

/**
 * The prox of the indicator of a set: its projection, for any step. Parameters, derivatives and
 * structure are the projection's; ∂prox/∂η = 0.
 */
final class ProjectionProx implements Prox {
    private final Projection projection;
    private boolean linearized;

    ProjectionProx(Projection projection) {
        if (projection == null) {
            throw new org.rootgrad.error.DimensionMismatchException("projection is null");
        }
        this.projection = projection;
    }

    @Override
    public int dimension() {
        return projection.dimension();
    }

    @Override
    public int parameterDimension() {
        return projection.parameterDimension();
    }

    @Override
    public void apply(double[] v, double[] theta, double step, double[] out) {
        AbstractProx.checkStep(step);
        projection.project(v, theta, out);
    }

    @Override
    public void linearize(double[] v, double[] theta, double step) {
        AbstractProx.checkStep(step);
        linearized = false;
        projection.linearize(v, theta);
        linearized = true;
    }

    @Override
    public void jvpV(double[] dv, double[] out) {
        projection.jvpV(dv, out);
    }

    @Override
    public void vjpV(double[] w, double[] out) {
        projection.vjpV(w, out);
    }

    @Override
    public void jvpTheta(double[] dTheta, double[] out) {
        projection.jvpTheta(dTheta, out);
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        projection.vjpTheta(w, out);
    }

    @Override
    public void stepDerivative(double[] out) {
        if (!linearized) {
            throw new InvalidOptionException("prox of a projection: call linearize(v, theta, step) first");
        }
        Checks.length("out", out, projection.dimension());
        java.util.Arrays.fill(out, 0.0);
    }

    @Override
    public JacobianStructure jacobianStructure() {
        return projection.jacobianStructure();
    }

    @Override
    public void jacobianDiagonal(double[] d) {
        projection.jacobianDiagonal(d);
    }

    @Override
    public double jacobianRankOne(double[] u) {
        return projection.jacobianRankOne(u);
    }

    @Override
    public Prox fork() {
        return new ProjectionProx(projection.fork());
    }
}
