package org.rootgrad.bench.hypergradient;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.bench.report.Facts;
import org.rootgrad.engine.Blas;
import org.rootgrad.engine.linalg.Cholesky;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.ImplicitDiffWorkspace;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Structure;

/**
 * The whole Jacobian of the ridge solution w*(X) with respect to every entry of the design
 * matrix X (rows × features: a features × rows·features Jacobian, 2.5 million entries at
 * 1000 × 50), by the implicit function theorem on F(w, X) = Xᵀ(Xw − y)/n + λw = 0:
 * <ul>
 *   <li>{@code jacobian_block}: {@link ImplicitDiffWorkspace#jacobian}, one block solve with
 *       one Cholesky factorisation of A = XᵀX/n + λI for the features right-hand sides of reverse
 *       mode, then one Bᵀ product per row;</li>
 *   <li>{@code jacobian_rowByRow}: one VJP call per Jacobian row (unit x̄), as a user without the
 *       block call would write it: the factorisation is reused, each call re-linearises;</li>
 *   <li>{@code jacobian_columnByColumn}: one JVP call per Jacobian column (a unit direction for
 *       one entry of X): rows·features solves.</li>
 * </ul>
 * Every call assembles and factors A afresh, as at a new point (the workspace would otherwise keep
 * the factorisation from the previous call). The solution w* comes from a dense solve in setup; the facts give the largest difference
 * between the block Jacobian and the others, and against central finite differences of the
 * closed form on a few entries.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@Compare({"block/rowByRow", "block/columnByColumn"})
public class RidgeJacobianBenchmark {
    @Param({"1000"})
    int rows;

    @Param({"50"})
    int features;

    static final double LAMBDA = 0.1;

    double[] x;
    double[] y;
    double[] w;
    double[] jacobian;
    double[] unitX;
    double[] unitTheta;
    double[] column;
    double[] rowOut;
    ImplicitDiffWorkspace workspace;

    @Setup
    public void setup() {
        LinearModelData data = new LinearModelData(LinearModelData.Model.RIDGE, rows, features, 1, 3);
        x = data.x;
        y = data.y;
        w = solve(x, y);
        RidgeInDesign f = new RidgeInDesign(rows, features, y, LAMBDA);
        workspace = ImplicitDiff.builder().warmStart(false).build().newWorkspace(f);
        int m = rows * features;
        jacobian = new double[features * m];
        unitX = new double[features];
        unitTheta = new double[m];
        column = new double[features];
        rowOut = new double[m];

        workspace.jacobian(w, x, jacobian);
        double[] copy = jacobian.clone();
        jacobian_rowByRow();
        double rowDifference = maxDifference(copy, jacobian);
        jacobian_columnByColumn();
        double columnDifference = maxDifference(copy, jacobian);
        double scale = 0;
        for (double v : copy) {
            scale = Math.max(scale, Math.abs(v));
        }
        double fdError = finiteDifferenceError(copy, new int[] {0, 7, m / 3, m / 2 + 5, m - 1}) / scale;
        Facts.record(getClass(), Facts.params("features", features, "rows", rows), String.format(
                "largest |∂w/∂X| %.3e; block vs row by row %.1e, vs column by column %.1e; vs central differences"
                        + " of the closed form (5 entries, step 1e-6) %.1e of the largest; %s", scale, rowDifference,
                columnDifference, fdError, workspace.result()));
        warmUpFactorisation();
    }

    /**
     * Assembles and factors A 6000 times: the column-by-column variant does so once per
     * operation of seconds, too rarely for the JIT to compile that path within the measurement
     * (it then allocated ~0.9 MB per operation in boxed vectors; still 26 KB after 1000 calls).
     */
    private void warmUpFactorisation() {
        unitX[0] = 1;
        for (int k = 0; k < 6000; k++) { // measured: zero allocation per call after about 5000
            workspace.invalidate();
            workspace.vjp(w, x, unitX, rowOut);
        }
        unitX[0] = 0;
    }

    /** w = (XᵀX/n + λI)⁻¹ Xᵀy/n by Cholesky. */
    private double[] solve(double[] design, double[] targets) {
        int p = features;
        double[] a = new double[p * p];
        Blas.syrk(true, p, rows, 1.0 / rows, design, 0, p, 0, a, 0, p);
        for (int j = 0; j < p; j++) {
            a[j * p + j] += LAMBDA;
        }
        double[] b = new double[p];
        Blas.gemvT(rows, p, 1.0 / rows, design, 0, p, targets, 0, 0, b, 0);
        Cholesky c = new Cholesky(p);
        c.factor(a, 0, p);
        double[] out = new double[p];
        c.solve(b, out);
        return out;
    }

    /** The largest absolute difference between central differences and the Jacobian, over the given entries of X. */
    private double finiteDifferenceError(double[] reference, int[] entries) {
        double step = 1e-6;
        double worst = 0;
        double[] perturbed = x.clone();
        for (int e : entries) {
            perturbed[e] = x[e] + step;
            double[] plus = solve(perturbed, y);
            perturbed[e] = x[e] - step;
            double[] minus = solve(perturbed, y);
            perturbed[e] = x[e];
            for (int i = 0; i < features; i++) {
                double fd = (plus[i] - minus[i]) / (2 * step);
                double exact = reference[i * rows * features + e];
                worst = Math.max(worst, Math.abs(fd - exact));
            }
        }
        return worst;
    }

    private static double maxDifference(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    @Benchmark
    public double jacobian_block() {
        workspace.invalidate(); // as at a new point: assemble and factor A again
        workspace.jacobian(w, x, jacobian);
        return jacobian[0];
    }

    @Benchmark
    public double jacobian_rowByRow() {
        workspace.invalidate(); // as at a new point: assemble and factor A again
        int m = rows * features;
        for (int i = 0; i < features; i++) {
            unitX[i] = 1;
            workspace.vjp(w, x, unitX, rowOut);
            unitX[i] = 0;
            System.arraycopy(rowOut, 0, jacobian, i * m, m);
        }
        return jacobian[0];
    }

    @Benchmark
    public double jacobian_columnByColumn() {
        workspace.invalidate(); // as at a new point: assemble and factor A again
        int m = rows * features;
        for (int j = 0; j < m; j++) {
            unitTheta[j] = 1;
            workspace.jvp(w, x, unitTheta, column);
            unitTheta[j] = 0;
            for (int i = 0; i < features; i++) {
                jacobian[i * m + j] = column[i];
            }
        }
        return jacobian[0];
    }

    /**
     * F(w, X) = Xᵀ(Xw − y)/n + λw, the ridge gradient, with θ = X (row-major, rows × features):
     * ∂_wF = XᵀX/n + λI; ∂_XF[U] = (Uᵀr + XᵀUw)/n with r = Xw − y; (∂_XF)ᵀc = (rcᵀ + (Xc)wᵀ)/n.
     */
    static final class RidgeInDesign implements RootFunction {
        private final int n;
        private final int p;
        private final double[] y;
        private final double lambda;
        private double[] x;
        private final double[] w;
        private final double[] r;
        private final double[] scratchN;
        private final double[] evaluated;

        RidgeInDesign(int n, int p, double[] y, double lambda) {
            this.n = n;
            this.p = p;
            this.y = y;
            this.lambda = lambda;
            this.w = new double[p];
            this.r = new double[n];
            this.scratchN = new double[n];
            this.evaluated = new double[n];
        }

        @Override public int dimension() { return p; }
        @Override public int parameterDimension() { return n * p; }
        @Override public Structure structureX() { return Structure.SYMMETRIC_POSITIVE_DEFINITE; }

        @Override
        public void evaluate(double[] wAt, double[] design, double[] out) {
            Blas.residual(n, p, design, 0, p, wAt, 0, y, 0, evaluated, 0); // y − Xw
            Blas.gemvT(n, p, -1.0 / n, design, 0, p, evaluated, 0, 0, out, 0);
            Blas.axpy(p, lambda, wAt, 0, out, 0);
        }

        @Override
        public void linearize(double[] wAt, double[] design) {
            x = design;
            System.arraycopy(wAt, 0, w, 0, p);
            Blas.residual(n, p, x, 0, p, w, 0, y, 0, r, 0);
            Blas.scal(n, -1, r, 0); // r = Xw − y
        }

        @Override
        public void jvpX(double[] v, double[] out) {
            Blas.gemv(n, p, 1, x, 0, p, v, 0, 0, scratchN, 0);
            Blas.gemvT(n, p, 1.0 / n, x, 0, p, scratchN, 0, 0, out, 0);
            Blas.axpy(p, lambda, v, 0, out, 0);
        }

        @Override
        public void vjpX(double[] v, double[] out) {
            jvpX(v, out);
        }

        @Override
        public boolean jacobianX(double[] out) {
            Blas.syrk(true, p, n, 1.0 / n, x, 0, p, 0, out, 0, p);
            for (int j = 0; j < p; j++) {
                out[j * p + j] += lambda;
            }
            return true;
        }

        @Override
        public void jvpTheta(double[] u, double[] out) {
            Blas.gemvT(n, p, 1.0 / n, u, 0, p, r, 0, 0, out, 0);       // Uᵀr/n
            Blas.gemv(n, p, 1, u, 0, p, w, 0, 0, scratchN, 0);         // Uw
            Blas.gemvT(n, p, 1.0 / n, x, 0, p, scratchN, 0, 1, out, 0); // + XᵀUw/n
        }

        @Override
        public void vjpTheta(double[] c, double[] out) {
            Blas.gemv(n, p, 1, x, 0, p, c, 0, 0, scratchN, 0); // Xc
            Arrays.fill(out, 0);
            Blas.ger(n, p, 1.0 / n, r, 0, c, 0, out, 0, p);
            Blas.ger(n, p, 1.0 / n, scratchN, 0, w, 0, out, 0, p);
        }

        @Override
        public RootFunction fork() {
            return new RidgeInDesign(n, p, y, lambda);
        }
    }
}
