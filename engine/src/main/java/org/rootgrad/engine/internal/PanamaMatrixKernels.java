package org.rootgrad.engine.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.rootgrad.engine.MatrixKernels;

/**
 * Vector API implementation of {@link MatrixKernels}. Matrix-vector kernels walk several rows of
 * A at a time so that each load of x (gemv: eight rows with 8 lanes, see {@link RowDots}, else
 * four) or each load and store of y (gemvT, symv: four) serves them all; gemm and syrk go
 * through the packed, cache-blocked {@link PanamaGemm}.
 *
 * <p>Row dot products sum their lanes in the fixed order of {@link Lanes}, so that results do
 * not depend on whether C2 or the Vector API's Java fallback runs them. Stateless and
 * thread-safe; gemm's packing buffers are per thread.
 */
public final class PanamaMatrixKernels implements MatrixKernels {

    private static final VectorSpecies<Double> S = Lanes.DOUBLE;
    private static final int L = S.length();

    private static final int GEMV = 0;
    private static final int RESIDUAL = 1;
    private static final int GEMV_DOT = 2;

    // Lane i ↔ lane i ^ d and the lanes with bit d set, for d = L/2, L/4 and 1: the steps of the
    // transposing sum of four rows in rowDots.
    private static final VectorShuffle<Double> SWAP_HALF = VectorShuffle.fromOp(S, i -> i ^ (L / 2));
    private static final VectorShuffle<Double> SWAP_QUARTER = VectorShuffle.fromOp(S, i -> i ^ (L / 4));
    private static final VectorShuffle<Double> SWAP_PAIR = VectorShuffle.fromOp(S, i -> i ^ 1);
    private static final VectorMask<Double> UPPER_HALF = VectorMask.fromLong(S, L == 8 ? 0b1111_0000 : 0b1100);
    private static final VectorMask<Double> UPPER_QUARTER = VectorMask.fromLong(S, L == 8 ? 0b1100_1100 : 0b1010);

    /**
     * The widest rows without a column tail (n a multiple of 8) that gemv takes eight at a time.
     * Longer rows go four at a time: eight streams of long rows measured up to 15% slower from
     * L3 (1024×1024: 85 → 100 µs, 2048×512: 95 → 105 µs), equal at 384 and 640 columns.
     */
    private static final int EIGHT_ROWS_MAX_FULL_COLUMNS = 256;

    /** The eight row sums of {@link #eightRowDots}, per thread. */
    private static final ThreadLocal<double[]> ROW_SUMS = ThreadLocal.withInitial(() -> new double[8]);

    /** Block rows of the lower triangle computed per gemm call in syrk. */
    private static final int SYRK_BLOCK = 96;

    public PanamaMatrixKernels() {}

    @Override
    public String name() {
        return "panama-" + S.vectorBitSize() + "bit";
    }

    @Override
    public void gemv(int m, int n, double alpha, double[] a, int aOff, int lda,
                     double[] x, int xOff, double beta, double[] y, int yOff) {
        rowDots(GEMV, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff, null, 0);
    }

    @Override
    public double residual(int m, int n, double[] a, int aOff, int lda, double[] x, int xOff,
                           double[] b, int bOff, double[] r, int rOff) {
        return rowDots(RESIDUAL, m, n, 1.0, a, aOff, lda, x, xOff, 0.0, r, rOff, b, bOff);
    }

    @Override
    public double gemvDot(int m, int n, double[] a, int aOff, int lda, double[] x, int xOff,
                          double[] y, int yOff, double[] z, int zOff) {
        return rowDots(GEMV_DOT, m, n, 1.0, a, aOff, lda, x, xOff, 0.0, y, yOff, z, zOff);
    }

    /**
     * The row dot products s_i = A_i·x, several rows per pass sharing each load of x, finished
     * according to {@code kind}: gemv (y ← αs + βy), residual (y ← aux − s, returns Σy²) or
     * gemvDot (y ← s, returns Σ aux·s).
     */
    private static double rowDots(int kind, int m, int n, double alpha, double[] a, int aOff, int lda,
                                  double[] x, int xOff, double beta, double[] y, int yOff,
                                  double[] aux, int auxOff) {
        if (L == 8 && n >= L && (RowDots.padded(n) || n <= EIGHT_ROWS_MAX_FULL_COLUMNS)) { // else four rows, below
            return eightRowDots(kind, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff, aux, auxOff);
        }
        int n2 = n - n % (2 * L);
        int n1 = S.loopBound(n);
        double total = 0;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int r0 = aOff + i * lda;
            int r1 = r0 + lda;
            int r2 = r1 + lda;
            int r3 = r2 + lda;
            DoubleVector p0 = DoubleVector.zero(S), q0 = p0, p1 = p0, q1 = p0;
            DoubleVector p2 = p0, q2 = p0, p3 = p0, q3 = p0;
            int j = 0;
            for (; j < n2; j += 2 * L) {
                DoubleVector xa = DoubleVector.fromArray(S, x, xOff + j);
                DoubleVector xb = DoubleVector.fromArray(S, x, xOff + j + L);
                p0 = DoubleVector.fromArray(S, a, r0 + j).fma(xa, p0);
                q0 = DoubleVector.fromArray(S, a, r0 + j + L).fma(xb, q0);
                p1 = DoubleVector.fromArray(S, a, r1 + j).fma(xa, p1);
                q1 = DoubleVector.fromArray(S, a, r1 + j + L).fma(xb, q1);
                p2 = DoubleVector.fromArray(S, a, r2 + j).fma(xa, p2);
                q2 = DoubleVector.fromArray(S, a, r2 + j + L).fma(xb, q2);
                p3 = DoubleVector.fromArray(S, a, r3 + j).fma(xa, p3);
                q3 = DoubleVector.fromArray(S, a, r3 + j + L).fma(xb, q3);
            }
            for (; j < n1; j += L) {
                DoubleVector xa = DoubleVector.fromArray(S, x, xOff + j);
                p0 = DoubleVector.fromArray(S, a, r0 + j).fma(xa, p0);
                p1 = DoubleVector.fromArray(S, a, r1 + j).fma(xa, p1);
                p2 = DoubleVector.fromArray(S, a, r2 + j).fma(xa, p2);
                p3 = DoubleVector.fromArray(S, a, r3 + j).fma(xa, p3);
            }
            // The four rows' lane sums by a transposing tree of lane-wise adds (exact rearranges
            // and blends, exactly rounded adds: independent of the JIT tier); 15 operations and
            // four extracts, where extracting every lane took 60 and, with data from DRAM, cost
            // gemv a quarter of its bandwidth (fewer loads in flight).
            // −0 + p = p exactly: the loop's vectors enter as arguments, never as receivers
            DoubleVector nz = DoubleVector.broadcast(S, -0.0);
            p0 = nz.add(p0).add(q0);
            p1 = nz.add(p1).add(q1);
            p2 = nz.add(p2).add(q2);
            p3 = nz.add(p3).add(q3);
            DoubleVector b0 = p0.blend(p2.rearrange(SWAP_HALF), UPPER_HALF).add(p0.rearrange(SWAP_HALF).blend(p2, UPPER_HALF));
            DoubleVector b1 = p1.blend(p3.rearrange(SWAP_HALF), UPPER_HALF).add(p1.rearrange(SWAP_HALF).blend(p3, UPPER_HALF));
            DoubleVector c = b0.blend(b1.rearrange(SWAP_QUARTER), UPPER_QUARTER)
                    .add(b0.rearrange(SWAP_QUARTER).blend(b1, UPPER_QUARTER));
            // L is a constant: one of the two is compiled; no vector merges after the branch
            double s0;
            double s1;
            double s2;
            double s3;
            if (L == 8) { // lanes 2r and 2r + 1 hold row r's partial sums
                DoubleVector d = c.add(c.rearrange(SWAP_PAIR));
                s0 = d.lane(0);
                s1 = d.lane(2);
                s2 = d.lane(4);
                s3 = d.lane(6);
            } else {
                s0 = c.lane(0);
                s1 = c.lane(1);
                s2 = c.lane(2);
                s3 = c.lane(3);
            }
            for (; j < n; j++) {
                double xj = x[xOff + j];
                s0 = Math.fma(a[r0 + j], xj, s0);
                s1 = Math.fma(a[r1 + j], xj, s1);
                s2 = Math.fma(a[r2 + j], xj, s2);
                s3 = Math.fma(a[r3 + j], xj, s3);
            }
            total += finish(kind, alpha, beta, s0, y, yOff + i, aux, auxOff + i)
                    + finish(kind, alpha, beta, s1, y, yOff + i + 1, aux, auxOff + i + 1)
                    + finish(kind, alpha, beta, s2, y, yOff + i + 2, aux, auxOff + i + 2)
                    + finish(kind, alpha, beta, s3, y, yOff + i + 3, aux, auxOff + i + 3);
        }
        for (; i < m; i++) {
            double s = dot(n, a, aOff + i * lda, x, xOff);
            total += finish(kind, alpha, beta, s, y, yOff + i, aux, auxOff + i);
        }
        return total;
    }

    /**
     * {@link #rowDots} for eight lanes, with a column tail or rows of at most
     * {@value #EIGHT_ROWS_MAX_FULL_COLUMNS} columns: eight rows at a time through {@link RowDots}
     * (one accumulator per row, each load of x shared by eight rows, a column tail of one
     * overlapping vector), the last group repeating its last row. Against four rows with a scalar
     * column tail, in one JVM: 10000×100 125 → 91 µs, 569×30 4.2 → 1.7 µs, 1000×500 55 → 47 µs,
     * 200×20 1.08 → 0.6 µs; without a tail, 4096×256 108 → 97 µs, 16384×64 131 → 119 µs.
     */
    private static double eightRowDots(int kind, int m, int n, double alpha, double[] a, int aOff, int lda,
                                       double[] x, int xOff, double beta, double[] y, int yOff,
                                       double[] aux, int auxOff) {
        double[] sums = ROW_SUMS.get();
        boolean padded = RowDots.padded(n);
        double total = 0;
        for (int i = 0; i < m; i += 8) {
            int count = Math.min(8, m - i);
            if (padded) {
                RowDots.dotsPadded(n, a, aOff, lda, i, i + count - 1, x, xOff, sums, 0);
            } else {
                RowDots.dots(n, a, aOff, lda, i, i + count - 1, x, xOff, sums, 0);
            }
            for (int r = 0; r < count; r++) {
                total += finish(kind, alpha, beta, sums[r], y, yOff + i + r, aux, auxOff + i + r);
            }
        }
        return total;
    }

    private static double finish(int kind, double alpha, double beta, double s, double[] y, int yi,
                                 double[] aux, int auxi) {
        switch (kind) {
            case GEMV -> {
                y[yi] = beta == 0 ? alpha * s : alpha * s + beta * y[yi];
                return 0;
            }
            case RESIDUAL -> {
                double r = aux[auxi] - s;
                y[yi] = r;
                return r * r;
            }
            default -> {
                y[yi] = s;
                return aux[auxi] * s;
            }
        }
    }

    @Override
    public void gemvT(int m, int n, double alpha, double[] a, int aOff, int lda,
                      double[] x, int xOff, double beta, double[] y, int yOff) {
        scaleOrZero(n, beta, y, yOff);
        int n1 = S.loopBound(n);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int r0 = aOff + i * lda;
            int r1 = r0 + lda;
            int r2 = r1 + lda;
            int r3 = r2 + lda;
            double w0 = alpha * x[xOff + i];
            double w1 = alpha * x[xOff + i + 1];
            double w2 = alpha * x[xOff + i + 2];
            double w3 = alpha * x[xOff + i + 3];
            DoubleVector v0 = DoubleVector.broadcast(S, w0);
            DoubleVector v1 = DoubleVector.broadcast(S, w1);
            DoubleVector v2 = DoubleVector.broadcast(S, w2);
            DoubleVector v3 = DoubleVector.broadcast(S, w3);
            int j = 0;
            for (; j < n1; j += L) {
                DoubleVector t01 = DoubleVector.fromArray(S, a, r1 + j)
                        .fma(v1, DoubleVector.fromArray(S, a, r0 + j).mul(v0));
                DoubleVector t23 = DoubleVector.fromArray(S, a, r3 + j)
                        .fma(v3, DoubleVector.fromArray(S, a, r2 + j).mul(v2));
                DoubleVector.fromArray(S, y, yOff + j).add(t01.add(t23)).intoArray(y, yOff + j);
            }
            for (; j < n; j++) {
                y[yOff + j] += w0 * a[r0 + j] + w1 * a[r1 + j] + w2 * a[r2 + j] + w3 * a[r3 + j];
            }
        }
        for (; i < m; i++) {
            axpy(n, alpha * x[xOff + i], a, aOff + i * lda, y, yOff);
        }
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, int xOff, double[] y, int yOff,
                    double[] a, int aOff, int lda) {
        for (int i = 0; i < m; i++) {
            axpy(n, alpha * x[xOff + i], y, yOff, a, aOff + i * lda);
        }
    }

    @Override
    public void symv(int n, double alpha, double[] a, int aOff, int lda,
                     double[] x, int xOff, double beta, double[] y, int yOff) {
        scaleOrZero(n, beta, y, yOff);
        // Row i of the lower triangle holds A(i, 0..i): it gives y_i its dot with x(0..i) and,
        // by symmetry, adds x_i·A(i, j) to every y_j with j < i; one pass does both.
        for (int i = 0; i < n; i++) {
            int row = aOff + i * lda;
            double xi = x[xOff + i];
            DoubleVector w = DoubleVector.broadcast(S, alpha * xi);
            DoubleVector acc = DoubleVector.zero(S);
            int bound = S.loopBound(i);
            int j = 0;
            for (; j < bound; j += L) {
                DoubleVector aij = DoubleVector.fromArray(S, a, row + j);
                acc = aij.fma(DoubleVector.fromArray(S, x, xOff + j), acc);
                aij.fma(w, DoubleVector.fromArray(S, y, yOff + j)).intoArray(y, yOff + j);
            }
            acc = DoubleVector.broadcast(S, -0.0).add(acc); // −0 + a = a: acc as an argument (PanamaArrayKernels)
            double s = L == 8
         ? ((acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3)))
                 + ((acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7)))
         : (acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3));
            double axi = alpha * xi;
            for (; j < i; j++) {
                double aij = a[row + j];
                s = Math.fma(aij, x[xOff + j], s);
                y[yOff + j] = Math.fma(aij, axi, y[yOff + j]);
            }
            s = Math.fma(a[row + i], xi, s);
            y[yOff + i] += alpha * s;
        }
    }

    @Override
    public void syrk(boolean transpose, int n, int k, double alpha, double[] a, int aOff, int lda,
                     double beta, double[] c, int cOff, int ldc) {
        if (n == 0) {
            return;
        }
        // Lower triangle block row by block row (each block row a gemm ending at its diagonal
        // block), then mirror: about half the flops of a full gemm.
        for (int i0 = 0; i0 < n; i0 += SYRK_BLOCK) {
            int rows = Math.min(SYRK_BLOCK, n - i0);
            int cols = i0 + rows;
            if (transpose) {
                PanamaGemm.gemm(true, false, rows, cols, k, alpha, a, aOff + i0, lda, a, aOff, lda,
                        beta, c, cOff + i0 * ldc, ldc);
            } else {
                PanamaGemm.gemm(false, true, rows, cols, k, alpha, a, aOff + i0 * lda, lda, a, aOff, lda,
                        beta, c, cOff + i0 * ldc, ldc);
            }
        }
        mirrorLowerToUpper(n, c, cOff, ldc);
    }

    /** C(j, i) ← C(i, j) for i > j, in square tiles so that the strided writes stay in cache. */
    static void mirrorLowerToUpper(int n, double[] c, int cOff, int ldc) {
        final int t = 32;
        for (int i0 = 0; i0 < n; i0 += t) {
            int i1 = Math.min(n, i0 + t);
            for (int j0 = 0; j0 <= i0; j0 += t) {
                int j1 = Math.min(n, j0 + t);
                for (int i = i0; i < i1; i++) {
                    int jEnd = Math.min(j1, i);
                    for (int j = j0; j < jEnd; j++) {
                        c[cOff + j * ldc + i] = c[cOff + i * ldc + j];
                    }
                }
            }
        }
    }

    /**
     * Eight-column panels (a Cholesky's) two rows at a time: the rows' sixteen −P(t, i) as
     * broadcasts, and per eight columns eight loads of P shared by both rows, sixteen products
     * in four chains. The columns of a row up to its diagonal that do not fill a vector go
     * through one more vector whose lanes past the diagonal keep C's own values (a blend before
     * the store), where that vector stays within the row; else, and for k ≠ 8, the scalar twin's
     * loop, which adds in the same order.
     */
    @Override
    public void syrkLowerSubtract(int m, int k, double[] p, int pOff, int ldp, double[] c, int cOff, int ldc) {
        if (k != 8) {
            for (int i = 0; i < m; i++) {
                ScalarMatrixKernels.syrkLowerSubtractRow(i, 0, i + 1, k, p, pOff, ldp, c, cOff + i * ldc);
            }
            return;
        }
        int i = 0;
        for (; i + 1 < m; i += 2) {
            syrkLowerPair(i, m, p, pOff, ldp, c, cOff, ldc);
        }
        if (i < m) {
            syrkLowerRow(i, m, p, pOff, ldp, c, cOff + i * ldc);
        }
    }

    /** Rows i and i + 1 of {@link #syrkLowerSubtract} with k = 8. */
    private static void syrkLowerPair(int i, int m, double[] p, int pOff, int ldp, double[] c, int cOff, int ldc) {
        int p0 = pOff, p1 = p0 + ldp, p2 = p1 + ldp, p3 = p2 + ldp, p4 = p3 + ldp, p5 = p4 + ldp, p6 = p5 + ldp,
                p7 = p6 + ldp;
        DoubleVector b0 = DoubleVector.broadcast(S, -p[p0 + i]), c0 = DoubleVector.broadcast(S, -p[p0 + i + 1]);
        DoubleVector b1 = DoubleVector.broadcast(S, -p[p1 + i]), c1 = DoubleVector.broadcast(S, -p[p1 + i + 1]);
        DoubleVector b2 = DoubleVector.broadcast(S, -p[p2 + i]), c2 = DoubleVector.broadcast(S, -p[p2 + i + 1]);
        DoubleVector b3 = DoubleVector.broadcast(S, -p[p3 + i]), c3 = DoubleVector.broadcast(S, -p[p3 + i + 1]);
        DoubleVector b4 = DoubleVector.broadcast(S, -p[p4 + i]), c4 = DoubleVector.broadcast(S, -p[p4 + i + 1]);
        DoubleVector b5 = DoubleVector.broadcast(S, -p[p5 + i]), c5 = DoubleVector.broadcast(S, -p[p5 + i + 1]);
        DoubleVector b6 = DoubleVector.broadcast(S, -p[p6 + i]), c6 = DoubleVector.broadcast(S, -p[p6 + i + 1]);
        DoubleVector b7 = DoubleVector.broadcast(S, -p[p7 + i]), c7 = DoubleVector.broadcast(S, -p[p7 + i + 1]);
        int r0 = cOff + i * ldc;
        int r1 = r0 + ldc;
        int j = 0;
        for (; j + L <= i + 1; j += L) { // whole vectors at or below both diagonals
            DoubleVector q0 = DoubleVector.fromArray(S, p, p0 + j);
            DoubleVector q1 = DoubleVector.fromArray(S, p, p1 + j);
            DoubleVector q2 = DoubleVector.fromArray(S, p, p2 + j);
            DoubleVector q3 = DoubleVector.fromArray(S, p, p3 + j);
            DoubleVector q4 = DoubleVector.fromArray(S, p, p4 + j);
            DoubleVector q5 = DoubleVector.fromArray(S, p, p5 + j);
            DoubleVector q6 = DoubleVector.fromArray(S, p, p6 + j);
            DoubleVector q7 = DoubleVector.fromArray(S, p, p7 + j);
            DoubleVector a = q0.mul(b0), e = q1.mul(b1), f = q0.mul(c0), g = q1.mul(c1);
            a = q2.fma(b2, a);
            e = q3.fma(b3, e);
            f = q2.fma(c2, f);
            g = q3.fma(c3, g);
            a = q4.fma(b4, a);
            e = q5.fma(b5, e);
            f = q4.fma(c4, f);
            g = q5.fma(c5, g);
            a = q6.fma(b6, a);
            e = q7.fma(b7, e);
            f = q6.fma(c6, f);
            g = q7.fma(c7, g);
            DoubleVector.fromArray(S, c, r0 + j).add(a.add(e)).intoArray(c, r0 + j);
            DoubleVector.fromArray(S, c, r1 + j).add(f.add(g)).intoArray(c, r1 + j);
        }
        // the vector that holds the diagonals, its lanes past them blended back, where it fits in
        // the row: the loop's body again, since blending every vector cost 15% at n = 50
        if (j + L <= m) {
            DoubleVector q0 = DoubleVector.fromArray(S, p, p0 + j);
            DoubleVector q1 = DoubleVector.fromArray(S, p, p1 + j);
            DoubleVector q2 = DoubleVector.fromArray(S, p, p2 + j);
            DoubleVector q3 = DoubleVector.fromArray(S, p, p3 + j);
            DoubleVector q4 = DoubleVector.fromArray(S, p, p4 + j);
            DoubleVector q5 = DoubleVector.fromArray(S, p, p5 + j);
            DoubleVector q6 = DoubleVector.fromArray(S, p, p6 + j);
            DoubleVector q7 = DoubleVector.fromArray(S, p, p7 + j);
            DoubleVector a = q0.mul(b0), e = q1.mul(b1), f = q0.mul(c0), g = q1.mul(c1);
            a = q2.fma(b2, a);
            e = q3.fma(b3, e);
            f = q2.fma(c2, f);
            g = q3.fma(c3, g);
            a = q4.fma(b4, a);
            e = q5.fma(b5, e);
            f = q4.fma(c4, f);
            g = q5.fma(c5, g);
            a = q6.fma(b6, a);
            e = q7.fma(b7, e);
            f = q6.fma(c6, f);
            g = q7.fma(c7, g);
            DoubleVector old0 = DoubleVector.fromArray(S, c, r0 + j);
            DoubleVector old1 = DoubleVector.fromArray(S, c, r1 + j);
            // masks made where they are used (see PanamaArrayKernels on constants kept across a loop)
            old0.blend(old0.add(a.add(e)), S.indexInRange(j, i + 1)).intoArray(c, r0 + j);
            old1.blend(old1.add(f.add(g)), S.indexInRange(j, i + 2)).intoArray(c, r1 + j);
        } else {
            ScalarMatrixKernels.syrkLowerSubtractRow(i, j, i + 1, 8, p, pOff, ldp, c, r0);
            ScalarMatrixKernels.syrkLowerSubtractRow(i + 1, j, i + 2, 8, p, pOff, ldp, c, r1);
        }
    }

    /** Row i of {@link #syrkLowerSubtract} with k = 8, C's row at r. */
    private static void syrkLowerRow(int i, int m, double[] p, int pOff, int ldp, double[] c, int r) {
        int p0 = pOff, p1 = p0 + ldp, p2 = p1 + ldp, p3 = p2 + ldp, p4 = p3 + ldp, p5 = p4 + ldp, p6 = p5 + ldp,
                p7 = p6 + ldp;
        DoubleVector b0 = DoubleVector.broadcast(S, -p[p0 + i]);
        DoubleVector b1 = DoubleVector.broadcast(S, -p[p1 + i]);
        DoubleVector b2 = DoubleVector.broadcast(S, -p[p2 + i]);
        DoubleVector b3 = DoubleVector.broadcast(S, -p[p3 + i]);
        DoubleVector b4 = DoubleVector.broadcast(S, -p[p4 + i]);
        DoubleVector b5 = DoubleVector.broadcast(S, -p[p5 + i]);
        DoubleVector b6 = DoubleVector.broadcast(S, -p[p6 + i]);
        DoubleVector b7 = DoubleVector.broadcast(S, -p[p7 + i]);
        int j = 0;
        for (; j + L <= i + 1; j += L) {
            DoubleVector a = DoubleVector.fromArray(S, p, p0 + j).mul(b0);
            DoubleVector e = DoubleVector.fromArray(S, p, p1 + j).mul(b1);
            a = DoubleVector.fromArray(S, p, p2 + j).fma(b2, a);
            e = DoubleVector.fromArray(S, p, p3 + j).fma(b3, e);
            a = DoubleVector.fromArray(S, p, p4 + j).fma(b4, a);
            e = DoubleVector.fromArray(S, p, p5 + j).fma(b5, e);
            a = DoubleVector.fromArray(S, p, p6 + j).fma(b6, a);
            e = DoubleVector.fromArray(S, p, p7 + j).fma(b7, e);
            DoubleVector.fromArray(S, c, r + j).add(a.add(e)).intoArray(c, r + j);
        }
        if (j > i) {
            return;
        }
        if (j + L <= m) {
            DoubleVector a = DoubleVector.fromArray(S, p, p0 + j).mul(b0);
            DoubleVector e = DoubleVector.fromArray(S, p, p1 + j).mul(b1);
            a = DoubleVector.fromArray(S, p, p2 + j).fma(b2, a);
            e = DoubleVector.fromArray(S, p, p3 + j).fma(b3, e);
            a = DoubleVector.fromArray(S, p, p4 + j).fma(b4, a);
            e = DoubleVector.fromArray(S, p, p5 + j).fma(b5, e);
            a = DoubleVector.fromArray(S, p, p6 + j).fma(b6, a);
            e = DoubleVector.fromArray(S, p, p7 + j).fma(b7, e);
            DoubleVector old = DoubleVector.fromArray(S, c, r + j);
            old.blend(old.add(a.add(e)), S.indexInRange(j, i + 1)).intoArray(c, r + j);
        } else {
            ScalarMatrixKernels.syrkLowerSubtractRow(i, j, i + 1, 8, p, pOff, ldp, c, r);
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        PanamaGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    // ---- private level-1 helpers (the array kernels are another class's concern) --------------

    static double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        int n2 = n - n % (2 * L);
        int n1 = S.loopBound(n);
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = s0;
        int j = 0;
        for (; j < n2; j += 2 * L) {
            s0 = DoubleVector.fromArray(S, x, xOff + j).fma(DoubleVector.fromArray(S, y, yOff + j), s0);
            s1 = DoubleVector.fromArray(S, x, xOff + j + L).fma(DoubleVector.fromArray(S, y, yOff + j + L), s1);
        }
        for (; j < n1; j += L) {
            s0 = DoubleVector.fromArray(S, x, xOff + j).fma(DoubleVector.fromArray(S, y, yOff + j), s0);
        }
        s0 = DoubleVector.broadcast(S, -0.0).add(s0).add(s1); // −0 + a = a: s0 as an argument (PanamaArrayKernels)
        double s = L == 8
         ? ((s0.lane(0) + s0.lane(1)) + (s0.lane(2) + s0.lane(3)))
                 + ((s0.lane(4) + s0.lane(5)) + (s0.lane(6) + s0.lane(7)))
         : (s0.lane(0) + s0.lane(1)) + (s0.lane(2) + s0.lane(3));
        for (; j < n; j++) {
            s = Math.fma(x[xOff + j], y[yOff + j], s);
        }
        return s;
    }

    private static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        int n1 = S.loopBound(n);
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        int j = 0;
        for (; j < n1; j += L) {
            DoubleVector.fromArray(S, x, xOff + j).fma(va, DoubleVector.fromArray(S, y, yOff + j))
                    .intoArray(y, yOff + j);
        }
        for (; j < n; j++) {
            y[yOff + j] = Math.fma(alpha, x[xOff + j], y[yOff + j]);
        }
    }

    private static void scaleOrZero(int n, double beta, double[] y, int yOff) {
        if (beta == 0) {
            java.util.Arrays.fill(y, yOff, yOff + n, 0.0);
        } else if (beta != 1) {
            int n1 = S.loopBound(n);
            int j = 0;
            for (; j < n1; j += L) {
                DoubleVector.fromArray(S, y, yOff + j).mul(beta).intoArray(y, yOff + j);
            }
            for (; j < n; j++) {
                y[yOff + j] *= beta;
            }
        }
    }
}
