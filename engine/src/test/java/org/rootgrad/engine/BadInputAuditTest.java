package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rootgrad.engine.linalg.Cholesky;
import org.rootgrad.engine.linalg.LU;
import org.rootgrad.engine.linalg.QR;
import org.rootgrad.engine.linalg.Triangular;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.IndefiniteOperatorException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.SingularOperatorException;
import org.rootgrad.testing.BadInputTable;

/**
 * The audit of the engine's checked entry points ({@link Blas}, {@link ElementWise}, the dense
 * factorisations and triangular solves): every array argument null, too short, too long where the
 * length is exact, at a negative, past-the-end or overflowing offset; every size negative or
 * beyond the arrays; every leading dimension too small; NaN and infinity wherever the entry
 * point promises finite input (matrices to factor, right-hand sides of the dense solves);
 * singular and indefinite matrices; solves before a factorisation. Each must throw a typed
 * {@link org.rootgrad.error.RootgradException} naming the argument (see {@link BadInputTable}).
 *
 * <p>The unchecked kernels ({@link ArrayKernels}, {@link MatrixKernels}, {@link LossKernels})
 * validate nothing by contract (they are the inner loops behind the checked facades) and are not
 * audited here. The level-1 and element-wise kernels propagate NaN as IEEE arithmetic does and
 * are not checked for it: the checks there are about memory, not values.
 */
class BadInputAuditTest {
    private static final int N = 5;
    private static final int M = 4;
    private static final int K = 3;
    private static final BadInputTable TABLE = table();

    private static Supplier<double[]> vector(int n) {
        return () -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = 0.5 + i;
            }
            return v;
        };
    }

    /** An n×n symmetric positive definite matrix: 2 on the diagonal, −1/2 beside it... plus n. */
    private static Supplier<double[]> spd(int n) {
        return () -> {
            double[] a = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i * n + j] = i == j ? n + 2.0 : 1.0 / (1 + i + j);
                }
            }
            return a;
        };
    }

    /** A lower triangular n×n matrix with a non-zero diagonal. */
    private static Supplier<double[]> lowerTriangle(int n) {
        return () -> {
            double[] a = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    a[i * n + j] = i == j ? 2 : 0.25;
                }
            }
            return a;
        };
    }

    private static Cholesky cholesky() {
        return new Cholesky(N).factor(spd(N).get(), 0, N);
    }

    private static LU lu() {
        return new LU(N).factor(spd(N).get(), 0, N);
    }

    private static QR qr() {
        double[] a = new double[M * K];
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < K; j++) {
                a[i * K + j] = i == j ? 3 : 1.0 / (1 + i + j);
            }
        }
        return new QR(M, K).factor(a, 0, K);
    }

    private static BadInputTable table() {
        BadInputTable t = new BadInputTable("engine");
        blasLevel1(t);
        blasLevels2And3(t);
        elementWise(t);
        factorizations(t);
        triangular(t);
        return t;
    }

    private static void blasLevel1(BadInputTable t) {
        t.entry("Blas.dot(n, x, xOff, y, yOff)", a -> Blas.dot(a.i(0), a.d(1), a.i(2), a.d(3), a.i(4)))
                .size("n", N, "x|y").view("x", vector(N), false).offset("xOff", 0, "x")
                .view("y", vector(N), false).offset("yOff", 0, "y").valid().done();
        t.entry("Blas.dot(x, y)", a -> Blas.dot(a.d(0), a.d(1)))
                .output("x", vector(N)).output("y", vector(N)).valid().done();
        t.entry("Blas.axpy(n, α, x, xOff, y, yOff)", a -> Blas.axpy(a.i(0), 2, a.d(1), a.i(2), a.d(3), a.i(4)))
                .size("n", N, "x|y").view("x", vector(N), false).offset("xOff", 0, "x")
                .view("y", vector(N), false).offset("yOff", 0, "y").valid().done();
        t.entry("Blas.axpy(α, x, y)", a -> Blas.axpy(2, a.d(0), a.d(1)))
                .output("x", vector(N)).output("y", vector(N)).valid().done();
        t.entry("Blas.axpby(n, α, x, xOff, β, y, yOff)",
                        a -> Blas.axpby(a.i(0), 2, a.d(1), a.i(2), 3, a.d(3), a.i(4)))
                .size("n", N, "x|y").view("x", vector(N), false).offset("xOff", 0, "x")
                .view("y", vector(N), false).offset("yOff", 0, "y").valid().done();
        t.entry("Blas.axpby(α, x, β, y)", a -> Blas.axpby(2, a.d(0), 3, a.d(1)))
                .output("x", vector(N)).output("y", vector(N)).valid().done();
        t.entry("Blas.scal(n, α, x, xOff)", a -> Blas.scal(a.i(0), 2, a.d(1), a.i(2)))
                .size("n", N, "x").view("x", vector(N), false).offset("xOff", 0, "x").valid().done();
        t.entry("Blas.scal(α, x)", a -> Blas.scal(2, a.d(0))).object("x", vector(N), "x").valid().done();
        t.entry("Blas.copy", a -> Blas.copy(a.i(0), a.d(1), a.i(2), a.d(3), a.i(4)))
                .size("n", N, "x|y").view("x", vector(N), false).offset("xOff", 0, "x")
                .view("y", vector(N), false).offset("yOff", 0, "y").valid().done();
        t.entry("Blas.fill", a -> Blas.fill(a.i(0), 1, a.d(1), a.i(2)))
                .size("n", N, "x").view("x", vector(N), false).offset("xOff", 0, "x").valid().done();
        t.entry("Blas.nrm2(n, x, xOff)", a -> Blas.nrm2(a.i(0), a.d(1), a.i(2)))
                .size("n", N, "x").view("x", vector(N), false).offset("xOff", 0, "x").valid().done();
        t.entry("Blas.nrm2(x)", a -> Blas.nrm2(a.d(0))).object("x", vector(N), "x").valid().done();
        t.entry("Blas.asum", a -> Blas.asum(a.i(0), a.d(1), a.i(2)))
                .size("n", N, "x").view("x", vector(N), false).offset("xOff", 0, "x").valid().done();
        t.entry("Blas.iamax", a -> Blas.iamax(a.i(0), a.d(1), a.i(2)))
                .size("n", N, "x").view("x", vector(N), false).offset("xOff", 0, "x").valid().done();
        t.entry("Blas.sum", a -> Blas.sum(a.i(0), a.d(1), a.i(2)))
                .size("n", N, "x").view("x", vector(N), false).offset("xOff", 0, "x").valid().done();
        t.entry("Blas.max", a -> Blas.max(a.i(0), a.d(1), a.i(2)))
                .size("n", N, "x").view("x", vector(N), false).offset("xOff", 0, "x").valid().done();
        t.entry("Blas.cgUpdate",
                        a -> Blas.cgUpdate(a.i(0), 0.5, a.d(1), a.i(2), a.d(3), a.i(4), a.d(5), a.i(6), a.d(7), a.i(8)))
                .size("n", N, "p|q|x|r")
                .view("p", vector(N), false).offset("pOff", 0, "p")
                .view("q", vector(N), false).offset("qOff", 0, "q")
                .view("x", vector(N), false).offset("xOff", 0, "x")
                .view("r", vector(N), false).offset("rOff", 0, "r").valid().done();
        t.entry("Blas.xpby", a -> Blas.xpby(a.i(0), a.d(1), a.i(2), 2, a.d(3), a.i(4)))
                .size("n", N, "x|y").view("x", vector(N), false).offset("xOff", 0, "x")
                .view("y", vector(N), false).offset("yOff", 0, "y").valid().done();
        t.entry("Blas.mulDot", a -> Blas.mulDot(a.i(0), a.d(1), a.i(2), a.d(3), a.i(4), a.d(5), a.i(6)))
                .size("n", N, "d|r|z")
                .view("d", vector(N), false).offset("dOff", 0, "d")
                .view("r", vector(N), false).offset("rOff", 0, "r")
                .view("z", vector(N), false).offset("zOff", 0, "z").valid().done();
    }

    private static void blasLevels2And3(BadInputTable t) {
        t.entry("Blas.gemv", a -> Blas.gemv(a.i(0), a.i(1), 1, a.d(2), a.i(3), a.i(4), a.d(5), a.i(6), 0,
                        a.d(7), a.i(8)))
                .size("m", M, "A|y").size("n", K, "A|x")
                .view("A", vector(M * K), false).offset("aOff", 0, "A").leading("lda", K, K, "A")
                .view("x", vector(K), false).offset("xOff", 0, "x")
                .view("y", vector(M), false).offset("yOff", 0, "y").valid().done();
        t.entry("Blas.gemvT", a -> Blas.gemvT(a.i(0), a.i(1), 1, a.d(2), a.i(3), a.i(4), a.d(5), a.i(6), 0,
                        a.d(7), a.i(8)))
                .size("m", M, "A|x").size("n", K, "A|y")
                .view("A", vector(M * K), false).offset("aOff", 0, "A").leading("lda", K, K, "A")
                .view("x", vector(M), false).offset("xOff", 0, "x")
                .view("y", vector(K), false).offset("yOff", 0, "y").valid().done();
        t.entry("Blas.ger", a -> Blas.ger(a.i(0), a.i(1), 1, a.d(2), a.i(3), a.d(4), a.i(5), a.d(6), a.i(7),
                        a.i(8)))
                .size("m", M, "A|x").size("n", K, "A|y")
                .view("x", vector(M), false).offset("xOff", 0, "x")
                .view("y", vector(K), false).offset("yOff", 0, "y")
                .view("A", vector(M * K), false).offset("aOff", 0, "A").leading("lda", K, K, "A").valid().done();
        t.entry("Blas.symv", a -> Blas.symv(a.i(0), 1, a.d(1), a.i(2), a.i(3), a.d(4), a.i(5), 0, a.d(6), a.i(7)))
                .size("n", K, "A|x|y")
                .view("A", vector(K * K), false).offset("aOff", 0, "A").leading("lda", K, K, "A")
                .view("x", vector(K), false).offset("xOff", 0, "x")
                .view("y", vector(K), false).offset("yOff", 0, "y").valid().done();
        t.entry("Blas.residual", a -> Blas.residual(a.i(0), a.i(1), a.d(2), a.i(3), a.i(4), a.d(5), a.i(6),
                        a.d(7), a.i(8), a.d(9), a.i(10)))
                .size("m", M, "A|b|r").size("n", K, "A|x")
                .view("A", vector(M * K), false).offset("aOff", 0, "A").leading("lda", K, K, "A")
                .view("x", vector(K), false).offset("xOff", 0, "x")
                .view("b", vector(M), false).offset("bOff", 0, "b")
                .view("r", vector(M), false).offset("rOff", 0, "r").valid().done();
        t.entry("Blas.gemvDot", a -> Blas.gemvDot(a.i(0), a.i(1), a.d(2), a.i(3), a.i(4), a.d(5), a.i(6),
                        a.d(7), a.i(8), a.d(9), a.i(10)))
                .size("m", M, "A|y|z").size("n", K, "A|x")
                .view("A", vector(M * K), false).offset("aOff", 0, "A").leading("lda", K, K, "A")
                .view("x", vector(K), false).offset("xOff", 0, "x")
                .view("y", vector(M), false).offset("yOff", 0, "y")
                .view("z", vector(M), false).offset("zOff", 0, "z").valid().done();
        for (boolean transpose : new boolean[] {false, true}) {
            int lda = transpose ? M : K; // A is n×k, or k×n when transposed (n = M, k = K)
            t.entry("Blas.syrk(transpose=" + transpose + ")", a -> Blas.syrk(transpose, a.i(0), a.i(1), 1,
                            a.d(2), a.i(3), a.i(4), 0, a.d(5), a.i(6), a.i(7)))
                    .size("n", M, "A|C").size("k", K, "A|C")
                    .view("A", vector(M * K), false).offset("aOff", 0, "A").leading("lda", lda, lda, "A")
                    .view("C", vector(M * M), false).offset("cOff", 0, "C").leading("ldc", M, M, "C")
                    .valid().done();
        }
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                int lda = transA ? M : K; // op(A) is m×k: A is m×k or k×m
                int ldb = transB ? K : N; // op(B) is k×n: B is k×n or n×k
                t.entry("Blas.gemm(" + (transA ? "T" : "N") + (transB ? "T" : "N") + ")",
                                a -> Blas.gemm(transA, transB, a.i(0), a.i(1), a.i(2), 1, a.d(3), a.i(4), a.i(5),
                                        a.d(6), a.i(7), a.i(8), 0, a.d(9), a.i(10), a.i(11)))
                        .size("m", M, "A|C").size("n", N, "B|C").size("k", K, "A|B")
                        .view("A", vector(M * K), false).offset("aOff", 0, "A").leading("lda", lda, lda, "A")
                        .view("B", vector(K * N), false).offset("bOff", 0, "B").leading("ldb", ldb, ldb, "B")
                        .view("C", vector(M * N), false).offset("cOff", 0, "C").leading("ldc", N, N, "C")
                        .valid().done();
            }
        }
        t.add("Blas.gemm(NN)", "C is the same array as A", DimensionMismatchException.class, "C", () -> {
            double[] a = new double[16];
            Blas.gemm(false, false, 2, 2, 2, 1, a, 0, 2, new double[4], 0, 2, 0, a, 8, 2);
        });
    }

    private interface Unary {
        void call(int n, double[] x, int xOff, double[] y, int yOff);
    }

    private interface Binary {
        void call(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff);
    }

    private static void elementWise(BadInputTable t) {
        java.util.Map<String, Binary> binary = new java.util.LinkedHashMap<>();
        binary.put("add", ElementWise::add);
        binary.put("sub", ElementWise::sub);
        binary.put("mul", ElementWise::mul);
        binary.put("div", ElementWise::div);
        for (var e : binary.entrySet()) {
            Binary op = e.getValue();
            t.entry("ElementWise." + e.getKey(), a -> op.call(a.i(0), a.d(1), a.i(2), a.d(3), a.i(4), a.d(5), a.i(6)))
                    .size("n", N, "x|y|z").view("x", vector(N), false).offset("xOff", 0, "x")
                    .view("y", vector(N), false).offset("yOff", 0, "y")
                    .view("z", vector(N), false).offset("zOff", 0, "z").valid().done();
        }
        t.entry("ElementWise.fma", a -> ElementWise.fma(a.i(0), a.d(1), a.i(2), a.d(3), a.i(4), a.d(5), a.i(6),
                        a.d(7), a.i(8)))
                .size("n", N, "x|y|z|out").view("x", vector(N), false).offset("xOff", 0, "x")
                .view("y", vector(N), false).offset("yOff", 0, "y")
                .view("z", vector(N), false).offset("zOff", 0, "z")
                .view("out", vector(N), false).offset("outOff", 0, "out").valid().done();
        java.util.Map<String, Unary> unary = new java.util.LinkedHashMap<>();
        unary.put("exp", ElementWise::exp);
        unary.put("log", ElementWise::log);
        unary.put("log1p", ElementWise::log1p);
        unary.put("tanh", ElementWise::tanh);
        unary.put("sigmoid", ElementWise::sigmoid);
        unary.put("softplus", ElementWise::softplus);
        unary.put("softThreshold", (n, x, xo, y, yo) -> ElementWise.softThreshold(n, 0.1, x, xo, y, yo));
        unary.put("clip", (n, x, xo, y, yo) -> ElementWise.clip(n, -1, 1, x, xo, y, yo));
        for (var e : unary.entrySet()) {
            Unary op = e.getValue();
            t.entry("ElementWise." + e.getKey(), a -> op.call(a.i(0), a.d(1), a.i(2), a.d(3), a.i(4)))
                    .size("n", N, "x|y").view("x", vector(N), false).offset("xOff", 0, "x")
                    .view("y", vector(N), false).offset("yOff", 0, "y").valid().done();
        }
        // The kernels do not scan for NaN, but must never launder one into a finite value
        // (a soft threshold or a clip written with comparisons would map NaN to 0 or a bound).
        for (var e : unary.entrySet()) {
            Unary op = e.getValue();
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                if (!Double.isNaN(bad) && !e.getKey().equals("exp") && !e.getKey().equals("log")
                        && !e.getKey().equals("log1p") && !e.getKey().equals("softplus")) {
                    continue; // tanh, sigmoid, softThreshold and clip map ±∞ to finite limits, correctly
                }
                if (e.getKey().equals("exp") && bad == Double.NEGATIVE_INFINITY) {
                    continue; // exp(−∞) = 0 exactly
                }
                if (e.getKey().equals("softplus") && bad == Double.NEGATIVE_INFINITY) {
                    continue; // softplus(−∞) = 0 exactly
                }
                for (int length : new int[] {3, 37}) { // a scalar tail and a vector body
                    int at = length / 2;
                    t.propagates("ElementWise." + e.getKey(), "x[" + at + "] = " + bad + " of " + length
                            + " (not scanned)", () -> {
                                double[] x = vector(length).get();
                                x[at] = bad;
                                double[] y = new double[length];
                                op.call(length, x, 0, y, 0);
                                return new double[] {y[at]};
                            });
                }
            }
        }
        for (int length : new int[] {3, 37}) {
            int at = length / 2;
            java.util.Map<String, java.util.function.ToDoubleFunction<double[]>> reductions = new java.util.LinkedHashMap<>();
            reductions.put("Blas.dot(x, y)", x -> Blas.dot(x, vector(length).get()));
            reductions.put("Blas.nrm2(x)", Blas::nrm2);
            reductions.put("Blas.asum", x -> Blas.asum(length, x, 0));
            reductions.put("Blas.sum", x -> Blas.sum(length, x, 0));
            reductions.put("Blas.max", x -> Blas.max(length, x, 0));
            reductions.put("ElementWise.logSumExp", x -> ElementWise.logSumExp(length, x, 0));
            for (var e : reductions.entrySet()) {
                t.propagates(e.getKey(), "x[" + at + "] = NaN of " + length + " (not scanned)", () -> {
                    double[] x = vector(length).get();
                    x[at] = Double.NaN;
                    return new double[] {e.getValue().applyAsDouble(x)};
                });
            }
        }
        t.entry("ElementWise.softThreshold (threshold)",
                        a -> ElementWise.softThreshold(N, a.x(0), new double[N], 0, new double[N], 0))
                .option("threshold", 0.1, -1).valid().done();
        t.add("ElementWise.clip (bounds)", "lo > hi", InvalidOptionException.class, "lo|hi",
                () -> ElementWise.clip(N, 1, -1, new double[N], 0, new double[N], 0));
        t.entry("ElementWise.logSumExp", a -> ElementWise.logSumExp(a.i(0), a.d(1), a.i(2)))
                .size("n", N, "x").view("x", vector(N), false).offset("xOff", 0, "x").valid().done();
    }

    private static void factorizations(BadInputTable t) {
        t.entry("new Cholesky(n)", a -> new Cholesky(a.i(0))).count("n", N, "n").valid().done();
        t.entry("new Cholesky(n, kernels)", a -> new Cholesky(N, a.o(0)).factor(spd(N).get(), 0, N))
                .object("kernels", MatrixKernels::active, "kernels").valid().done();
        t.entry("Cholesky.factor", a -> new Cholesky(N).factor(a.d(0), a.i(1), a.i(2)))
                .view("a", spd(N), true).offset("aOff", 0, "a").leading("lda", N, N, "a").valid().done();
        t.add("Cholesky.factor", "indefinite matrix", IndefiniteOperatorException.class, "pivot", () -> {
            double[] a = spd(N).get();
            a[2 * N + 2] = -1;
            new Cholesky(N).factor(a, 0, N);
        });
        t.entry("Cholesky.tryFactor", a -> new Cholesky(N).tryFactor(a.d(0), a.i(1), a.i(2)))
                .view("a", spd(N), false).offset("aOff", 0, "a").leading("lda", N, N, "a").valid().done();
        t.entry("Cholesky.solve(b, x)", a -> cholesky().solve(a.d(0), a.d(1)))
                .data("b", vector(N)).output("x", vector(N)).valid().done();
        t.entry("Cholesky.solve(nrhs, b, bOff, ldb, x, xOff, ldx)",
                        a -> cholesky().solve(a.i(0), a.d(1), a.i(2), a.i(3), a.d(4), a.i(5), a.i(6)))
                .size("nrhs", 2, "nrhs|b|x")
                .view("b", vector(2 * N), false).offset("bOff", 0, "b").leading("ldb", 2, 2, "b")
                .view("x", vector(2 * N), false).offset("xOff", 0, "x").leading("ldx", 2, 2, "x").valid().done();
        for (double bad : new double[] {Double.NaN, Double.NEGATIVE_INFINITY}) {
            t.propagates("Cholesky.solve(b, x)", "b[2] = " + bad + " (not scanned)", () -> {
                double[] b = vector(N).get();
                b[2] = bad;
                double[] x = new double[N];
                cholesky().solve(b, x);
                return x;
            });
            t.propagates("Cholesky.solve(nrhs, b, bOff, ldb, x, xOff, ldx)", "b(1, 1) = " + bad + " (not scanned)", () -> {
                double[] b = vector(2 * N).get();
                b[3] = bad;
                double[] x = new double[2 * N];
                cholesky().solve(2, b, 0, 2, x, 0, 2);
                return x;
            });
            t.propagates("LU.solve(b, x)", "b[2] = " + bad + " (not scanned)", () -> {
                double[] b = vector(N).get();
                b[2] = bad;
                double[] x = new double[N];
                lu().solve(b, x);
                return x;
            });
            t.propagates("LU.solveTranspose(b, x)", "b[2] = " + bad + " (not scanned)", () -> {
                double[] b = vector(N).get();
                b[2] = bad;
                double[] x = new double[N];
                lu().solveTranspose(b, x);
                return x;
            });
            t.propagates("QR.solveLeastSquares", "b[2] = " + bad + " (not scanned)", () -> {
                double[] b = vector(M).get();
                b[2] = bad;
                double[] x = new double[K];
                qr().solveLeastSquares(b, x);
                return x;
            });
        }
        t.entry("Cholesky.lower", a -> cholesky().lower(a.d(0), a.i(1), a.i(2)))
                .view("out", vector(N * N), false).offset("outOff", 0, "out").leading("ldo", N, N, "out")
                .valid().done();
        t.add("Cholesky.solve(b, x)", "before factor", InvalidOptionException.class, "factor",
                () -> new Cholesky(N).solve(new double[N], new double[N]));
        t.add("Cholesky.solve(b, x)", "after a failed factor", InvalidOptionException.class, "factor", () -> {
            Cholesky c = new Cholesky(N);
            double[] a = spd(N).get();
            a[0] = -1;
            assertTrue(!c.tryFactor(a, 0, N));
            c.solve(new double[N], new double[N]);
        });
        t.add("Cholesky.logDeterminant", "before factor", InvalidOptionException.class, "factor",
                () -> new Cholesky(N).logDeterminant());
        t.add("Cholesky.lower", "before factor", InvalidOptionException.class, "factor",
                () -> new Cholesky(N).lower(new double[N * N], 0, N));

        t.entry("new LU(n)", a -> new LU(a.i(0))).count("n", N, "n").valid().done();
        t.entry("new LU(n, kernels)", a -> new LU(N, a.o(0)).factor(spd(N).get(), 0, N))
                .object("kernels", MatrixKernels::active, "kernels").valid().done();
        t.entry("LU.factor", a -> new LU(N).factor(a.d(0), a.i(1), a.i(2)))
                .view("a", spd(N), true).offset("aOff", 0, "a").leading("lda", N, N, "a").valid().done();
        t.add("LU.factor", "singular matrix", SingularOperatorException.class, "singular", () -> {
            double[] a = spd(N).get();
            System.arraycopy(a, 0, a, N, N); // two equal rows
            new LU(N).factor(a, 0, N);
        });
        t.entry("LU.tryFactor", a -> new LU(N).tryFactor(a.d(0), a.i(1), a.i(2)))
                .view("a", spd(N), false).offset("aOff", 0, "a").leading("lda", N, N, "a").valid().done();
        t.entry("LU.solve(b, x)", a -> lu().solve(a.d(0), a.d(1)))
                .data("b", vector(N)).output("x", vector(N)).valid().done();
        t.entry("LU.solveTranspose(b, x)", a -> lu().solveTranspose(a.d(0), a.d(1)))
                .data("b", vector(N)).output("x", vector(N)).valid().done();
        t.entry("LU.solve(nrhs, b, bOff, ldb, x, xOff, ldx)",
                        a -> lu().solve(a.i(0), a.d(1), a.i(2), a.i(3), a.d(4), a.i(5), a.i(6)))
                .size("nrhs", 2, "nrhs|b|x")
                .view("b", vector(2 * N), false).offset("bOff", 0, "b").leading("ldb", 2, 2, "b")
                .view("x", vector(2 * N), false).offset("xOff", 0, "x").leading("ldx", 2, 2, "x").valid().done();
        t.entry("LU.solveTranspose(nrhs, b, bOff, ldb, x, xOff, ldx)",
                        a -> lu().solveTranspose(a.i(0), a.d(1), a.i(2), a.i(3), a.d(4), a.i(5), a.i(6)))
                .size("nrhs", 2, "nrhs|b|x")
                .view("b", vector(2 * N), false).offset("bOff", 0, "b").leading("ldb", 2, 2, "b")
                .view("x", vector(2 * N), false).offset("xOff", 0, "x").leading("ldx", 2, 2, "x").valid().done();
        t.add("LU.pivots", "out too short", DimensionMismatchException.class, "out", () -> lu().pivots(new int[N - 1]));
        t.add("LU.pivots", "out null", DimensionMismatchException.class, "out", () -> lu().pivots(null));
        t.entry("LU.lower", a -> lu().lower(a.d(0), a.i(1), a.i(2)))
                .view("out", vector(N * N), false).offset("outOff", 0, "out").leading("ldo", N, N, "out")
                .valid().done();
        t.entry("LU.upper", a -> lu().upper(a.d(0), a.i(1), a.i(2)))
                .view("out", vector(N * N), false).offset("outOff", 0, "out").leading("ldo", N, N, "out")
                .valid().done();
        for (String call : new String[] {"solve", "solveTranspose", "reciprocalConditionEstimate", "determinant",
                "pivots", "lower", "upper"}) {
            t.add("LU." + call, "before factor", InvalidOptionException.class, "factor", () -> {
                LU fresh = new LU(N);
                switch (call) {
                    case "solve" -> fresh.solve(new double[N], new double[N]);
                    case "solveTranspose" -> fresh.solveTranspose(new double[N], new double[N]);
                    case "reciprocalConditionEstimate" -> fresh.reciprocalConditionEstimate();
                    case "determinant" -> fresh.determinant();
                    case "pivots" -> fresh.pivots(new int[N]);
                    case "lower" -> fresh.lower(new double[N * N], 0, N);
                    default -> fresh.upper(new double[N * N], 0, N);
                }
            });
        }

        t.add("new QR(m, n)", "m < n", DimensionMismatchException.class, "m", () -> new QR(2, 3));
        t.add("new QR(m, n)", "n = -1", DimensionMismatchException.class, "n|m", () -> new QR(2, -1));
        t.entry("new QR(m, n, kernels)", a -> new QR(M, K, a.o(0)).factor(vector(M * K).get(), 0, K))
                .object("kernels", MatrixKernels::active, "kernels").valid().done();
        t.entry("QR.factor", a -> new QR(M, K).factor(a.d(0), a.i(1), a.i(2)))
                .view("a", vector(M * K), true).offset("aOff", 0, "a").leading("lda", K, K, "a").valid().done();
        t.entry("QR.solveLeastSquares", a -> qr().solveLeastSquares(a.d(0), a.d(1)))
                .data("b", vector(M)).output("x", vector(K)).valid().done();
        t.add("QR.solveLeastSquares", "rank-deficient A", SingularOperatorException.class, "rank", () -> {
            double[] a = new double[M * K];
            for (int i = 0; i < M; i++) {
                a[i * K] = 1;
                a[i * K + 1] = 2; // column 1 = 2 · column 0
                a[i * K + 2] = i;
            }
            new QR(M, K).factor(a, 0, K).solveLeastSquares(new double[M], new double[K]);
        });
        t.entry("QR.q", a -> qr().q(a.d(0), a.i(1), a.i(2)))
                .view("out", vector(M * K), false).offset("outOff", 0, "out").leading("ldo", K, K, "out")
                .valid().done();
        t.entry("QR.r", a -> qr().r(a.d(0), a.i(1), a.i(2)))
                .view("out", vector(K * K), false).offset("outOff", 0, "out").leading("ldo", K, K, "out")
                .valid().done();
        t.add("QR.solveLeastSquares", "before factor", InvalidOptionException.class, "factor",
                () -> new QR(M, K).solveLeastSquares(new double[M], new double[K]));
        t.add("QR.q", "before factor", InvalidOptionException.class, "factor",
                () -> new QR(M, K).q(new double[M * K], 0, K));
        t.add("QR.r", "before factor", InvalidOptionException.class, "factor",
                () -> new QR(M, K).r(new double[K * K], 0, K));
    }

    private interface OneRhs {
        void call(int n, double[] t, int tOff, int ld, boolean unit, double[] b, int bOff);
    }

    private interface ManyRhs {
        void call(int n, int nrhs, double[] t, int tOff, int ld, boolean unit, double[] b, int bOff, int ldb);
    }

    private static void triangular(BadInputTable t) {
        java.util.Map<String, OneRhs> one = new java.util.LinkedHashMap<>();
        one.put("solveLower", Triangular::solveLower);
        one.put("solveLowerTranspose", Triangular::solveLowerTranspose);
        one.put("solveUpper", Triangular::solveUpper);
        one.put("solveUpperTranspose", Triangular::solveUpperTranspose);
        for (var e : one.entrySet()) {
            OneRhs op = e.getValue();
            String name = e.getKey().contains("Lower") ? "L" : "U";
            Supplier<double[]> triangle = e.getKey().contains("Lower") ? lowerTriangle(N) : upper(lowerTriangle(N));
            t.entry("Triangular." + e.getKey() + "(n, " + name + ", b)",
                            a -> op.call(a.i(0), a.d(1), a.i(2), a.i(3), false, a.d(4), a.i(5)))
                    .size("n", N, name + "|b").view(name, triangle, true).offset(name + "Off", 0, name)
                    .leading("ld", N, N, name).view("b", vector(N), false).offset("bOff", 0, "b").valid().done();
            t.add("Triangular." + e.getKey() + "(n, " + name + ", b)", "zero on the diagonal",
                    SingularOperatorException.class, "singular", () -> {
                        double[] tri = triangle.get();
                        tri[2 * N + 2] = 0;
                        op.call(N, tri, 0, N, false, new double[N], 0);
                    });
        }
        t.propagates("Triangular.solveLower(n, L, b)", "NaN below the diagonal (not scanned)", () -> {
            double[] tri = lowerTriangle(N).get();
            tri[3 * N + 1] = Double.NaN;
            double[] b = vector(N).get();
            Triangular.solveLower(N, tri, 0, N, false, b, 0);
            return b;
        });
        t.propagates("Triangular.solveUpperTranspose(n, nrhs, U, B)", "+Infinity above the diagonal (not scanned)",
                () -> {
                    double[] tri = upper(lowerTriangle(N)).get();
                    tri[1 * N + 3] = Double.POSITIVE_INFINITY;
                    double[] b = vector(2 * N).get();
                    Triangular.solveUpperTranspose(N, 2, tri, 0, N, false, b, 0, 2);
                    return b;
                });
        for (String method : new String[] {"solveLower", "solveLowerTranspose", "solveUpper", "solveUpperTranspose"}) {
            OneRhs op = one.get(method);
            Supplier<double[]> triangle = method.contains("Lower") ? lowerTriangle(N) : upper(lowerTriangle(N));
            String name = method.contains("Lower") ? "L" : "U";
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
                t.propagates("Triangular." + method + "(n, " + name + ", b)", "b[2] = " + bad + " (not scanned)", () -> {
                    double[] b = vector(N).get();
                    b[2] = bad;
                    op.call(N, triangle.get(), 0, N, false, b, 0);
                    return b;
                });
            }
        }
        java.util.Map<String, ManyRhs> many = new java.util.LinkedHashMap<>();
        many.put("solveLower", Triangular::solveLower);
        many.put("solveLowerTranspose", Triangular::solveLowerTranspose);
        many.put("solveUpper", Triangular::solveUpper);
        many.put("solveUpperTranspose", Triangular::solveUpperTranspose);
        for (var e : many.entrySet()) {
            ManyRhs op = e.getValue();
            String name = e.getKey().contains("Lower") ? "L" : "U";
            Supplier<double[]> triangle = e.getKey().contains("Lower") ? lowerTriangle(N) : upper(lowerTriangle(N));
            t.entry("Triangular." + e.getKey() + "(n, nrhs, " + name + ", B)",
                            a -> op.call(a.i(0), a.i(1), a.d(2), a.i(3), a.i(4), false, a.d(5), a.i(6), a.i(7)))
                    .size("n", N, name + "|B").size("nrhs", 2, "B")
                    .view(name, triangle, true).offset(name + "Off", 0, name).leading("ld", N, N, name)
                    .view("B", vector(2 * N), false).offset("bOff", 0, "B").leading("ldb", 2, 2, "B").valid().done();
        }
    }

    /** The transpose of a square matrix from {@code lower}: an upper triangle. */
    private static Supplier<double[]> upper(Supplier<double[]> lower) {
        return () -> {
            double[] l = lower.get();
            int n = (int) Math.round(Math.sqrt(l.length));
            double[] u = new double[l.length];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    u[j * n + i] = l[i * n + j];
                }
            }
            return u;
        };
    }

    @TestFactory
    Stream<DynamicTest> everyBadCallThrowsATypedErrorNamingTheArgument() {
        return TABLE.tests();
    }

    @AfterAll
    static void writeTheSummary() {
        System.out.print(TABLE.writeSummary());
    }
}
