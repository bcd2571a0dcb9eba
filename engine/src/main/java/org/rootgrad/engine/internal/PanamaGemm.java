package org.rootgrad.engine.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Blocked, packed matrix multiply C ← α·op(A)·op(B) + βC on row-major matrices, in the
 * Goto/BLIS structure: op(B) is packed by panels of {@link #KC}×{@link #NC} into slivers of
 * {@link #NR} columns (kept in L3, each sliver in L1), op(A) by blocks of {@link #MC}×KC into
 * slivers of {@link #MR} rows (kept in L2), and an MR×NR register tile of C is accumulated by
 * broadcast-A/FMA micro-kernel. Transposition is absorbed by the packing routines, so the
 * micro-kernel sees one layout for all four transA/transB combinations. Small products skip
 * packing.
 *
 * <p>Packing buffers live in a per-thread workspace that grows to the largest size used and is
 * then reused, so a warmed-up thread allocates nothing. Stateless otherwise; thread-safe.
 */
final class PanamaGemm {
    private PanamaGemm() {}

    private static final VectorSpecies<Double> S = Lanes.DOUBLE;
    private static final int L = S.length();

    /** Rows of the register tile: 8 broadcasts per k step on 32-register AVX-512, else 4. */
    static final int MR = L >= 8 ? 8 : 4;
    /** Vectors per row of the register tile. */
    private static final int NV = 3;
    /** Columns of the register tile. */
    static final int NR = NV * L;
    /** Depth of a packed panel: a KC×NR sliver of op(B) fills about L1 (tuned on Zen 5: 48 KiB L1d). */
    static final int KC = 256;
    /** Rows of a packed block of op(A): MC×KC doubles (384 KiB) stay within L2 (1 MiB). */
    static final int MC = 192;
    /** Columns of a packed panel of op(B): KC×NC doubles stay within L3. */
    static final int NC = 4080 - 4080 % NR;

    /**
     * Below this many multiply-adds (and only without transB, whose unpacked form is a strided
     * dot per element) packing does not pay for itself; measured on AVX-512.
     */
    private static final long SMALL = 10L * 10 * 10;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** Per-thread packing buffers, grown on demand and never shrunk. */
    private static final class Workspace {
        double[] packedA = new double[0];
        double[] packedB = new double[0];
        final double[] tile = new double[MR * NR];

        double[] packedA(int size) {
            if (packedA.length < size) {
                packedA = new double[size];
            }
            return packedA;
        }

        double[] packedB(int size) {
            if (packedB.length < size) {
                packedB = new double[size];
            }
            return packedB;
        }
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            scaleMatrix(m, n, beta, c, cOff, ldc);
            return;
        }
        if ((!transB && (long) m * n * k <= SMALL) || n < L) {
            small(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Workspace ws = WORKSPACE.get();
        double[] pa = ws.packedA(roundUp(Math.min(m, MC), MR) * Math.min(k, KC));
        double[] pb = ws.packedB(roundUp(Math.min(n, NC), NR) * Math.min(k, KC));
        double[] tile = ws.tile;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                double betaHere = pc == 0 ? beta : 1.0;
                if (transB) {
                    packBTransposed(kc, nc, b, bOff + jc * ldb + pc, ldb, pb);
                } else {
                    packB(kc, nc, b, bOff + pc * ldb + jc, ldb, pb);
                }
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    if (transA) {
                        packATransposed(mc, kc, a, aOff + pc * lda + ic, lda, pa);
                    } else {
                        packA(mc, kc, a, aOff + ic * lda + pc, lda, pa);
                    }
                    macroKernel(mc, nc, kc, alpha, pa, pb, betaHere, c, cOff + ic * ldc + jc, ldc, tile);
                }
            }
        }
    }

    private static void macroKernel(int mc, int nc, int kc, double alpha, double[] pa, double[] pb,
                                    double beta, double[] c, int cOff, int ldc, double[] tile) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bp = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int ap = ir * kc;
                int cij = cOff + ir * ldc + jr;
                if (MR == 8) {
                    kernel8(kc, pa, ap, pb, bp, tile);
                } else {
                    kernel4(kc, pa, ap, pb, bp, tile);
                }
                if (mr == MR && nr == NR) {
                    merge(tile, alpha, beta, c, cij, ldc);
                } else {
                    // Edge tile: the packing padded with zeros; merge only the valid part, never
                    // touching C outside the matrix.
                    for (int r = 0; r < mr; r++) {
                        int row = cij + r * ldc;
                        for (int j = 0; j < nr; j++) {
                            double v = alpha * tile[r * NR + j];
                            c[row + j] = beta == 0 ? v : v + beta * c[row + j];
                        }
                    }
                }
            }
        }
    }

    // ---- packing -------------------------------------------------------------------------------

    /** Packs the mc×kc block of A (row-major at off) as slivers of MR rows, p-major within a sliver. */
    private static void packA(int mc, int kc, double[] a, int off, int lda, double[] pa) {
        int dst = 0;
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            for (int r = 0; r < mr; r++) {
                int src = off + (ir + r) * lda;
                int d = dst + r;
                for (int p = 0; p < kc; p++) {
                    pa[d + p * MR] = a[src + p];
                }
            }
            for (int r = mr; r < MR; r++) {
                for (int p = 0; p < kc; p++) {
                    pa[dst + r + p * MR] = 0.0;
                }
            }
            dst += MR * kc;
        }
    }

    /** Packs op(A) = Aᵀ: element (i, p) of op(A) is a[off + p*lda + i]; rows of A are contiguous runs. */
    private static void packATransposed(int mc, int kc, double[] a, int off, int lda, double[] pa) {
        int dst = 0;
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            if (mr == MR && MR == L) {
                for (int p = 0; p < kc; p++) {
                    DoubleVector.fromArray(S, a, off + p * lda + ir).intoArray(pa, dst + p * MR);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = off + p * lda + ir;
                    int d = dst + p * MR;
                    for (int r = 0; r < mr; r++) {
                        pa[d + r] = a[src + r];
                    }
                    for (int r = mr; r < MR; r++) {
                        pa[d + r] = 0.0;
                    }
                }
            }
            dst += MR * kc;
        }
    }

    /** Packs the kc×nc block of B (row-major at off) as slivers of NR columns, p-major within a sliver. */
    private static void packB(int kc, int nc, double[] b, int off, int ldb, double[] pb) {
        int dst = 0;
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            if (nr == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = off + p * ldb + jr;
                    int d = dst + p * NR;
                    for (int v = 0; v < NV; v++) {
                        DoubleVector.fromArray(S, b, src + v * L).intoArray(pb, d + v * L);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = off + p * ldb + jr;
                    int d = dst + p * NR;
                    for (int j = 0; j < nr; j++) {
                        pb[d + j] = b[src + j];
                    }
                    for (int j = nr; j < NR; j++) {
                        pb[d + j] = 0.0;
                    }
                }
            }
            dst += NR * kc;
        }
    }

    /** Packs op(B) = Bᵀ: element (p, j) of op(B) is b[off + j*ldb + p]; reads rows of B contiguously. */
    private static void packBTransposed(int kc, int nc, double[] b, int off, int ldb, double[] pb) {
        int dst = 0;
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            for (int j = 0; j < nr; j++) {
                int src = off + (jr + j) * ldb;
                int d = dst + j;
                for (int p = 0; p < kc; p++) {
                    pb[d + p * NR] = b[src + p];
                }
            }
            for (int j = nr; j < NR; j++) {
                for (int p = 0; p < kc; p++) {
                    pb[dst + j + p * NR] = 0.0;
                }
            }
            dst += NR * kc;
        }
    }

    // ---- micro-kernels -------------------------------------------------------------------------

    /**
     * 8×(3 vectors) register tile: per k step three loads of packed B, eight broadcasts of packed
     * A and 24 independent FMAs, enough to hide the FMA latency on two pipes.
     */
    static void kernel8(int kc, double[] pa, int ap, double[] pb, int bp, double[] tile) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c02 = z, c10 = z, c11 = z, c12 = z;
        DoubleVector c20 = z, c21 = z, c22 = z, c30 = z, c31 = z, c32 = z;
        DoubleVector c40 = z, c41 = z, c42 = z, c50 = z, c51 = z, c52 = z;
        DoubleVector c60 = z, c61 = z, c62 = z, c70 = z, c71 = z, c72 = z;
        for (int p = 0; p < kc; p++) {
            int bi = bp + p * NR;
            int ai = ap + p * 8;
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, pb, bi + 2 * L);
            DoubleVector a0 = DoubleVector.broadcast(S, pa[ai]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            c02 = b2.fma(a0, c02);
            DoubleVector a1 = DoubleVector.broadcast(S, pa[ai + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            c12 = b2.fma(a1, c12);
            DoubleVector a2 = DoubleVector.broadcast(S, pa[ai + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            c22 = b2.fma(a2, c22);
            DoubleVector a3 = DoubleVector.broadcast(S, pa[ai + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            c32 = b2.fma(a3, c32);
            DoubleVector a4 = DoubleVector.broadcast(S, pa[ai + 4]);
            c40 = b0.fma(a4, c40);
            c41 = b1.fma(a4, c41);
            c42 = b2.fma(a4, c42);
            DoubleVector a5 = DoubleVector.broadcast(S, pa[ai + 5]);
            c50 = b0.fma(a5, c50);
            c51 = b1.fma(a5, c51);
            c52 = b2.fma(a5, c52);
            DoubleVector a6 = DoubleVector.broadcast(S, pa[ai + 6]);
            c60 = b0.fma(a6, c60);
            c61 = b1.fma(a6, c61);
            c62 = b2.fma(a6, c62);
            DoubleVector a7 = DoubleVector.broadcast(S, pa[ai + 7]);
            c70 = b0.fma(a7, c70);
            c71 = b1.fma(a7, c71);
            c72 = b2.fma(a7, c72);
        }
        // Spill the tile with plain stores: a vector passed to a call that fails to inline is
        // boxed, and the box can migrate into the hot loop. −0 + c = c exactly: the loop's
        // vectors enter an operation as arguments, never as receivers (see PanamaArrayKernels).
        DoubleVector nz = DoubleVector.broadcast(S, -0.0);
        nz.add(c00).intoArray(tile, 0 * NR);
        nz.add(c01).intoArray(tile, 0 * NR + L);
        nz.add(c02).intoArray(tile, 0 * NR + 2 * L);
        nz.add(c10).intoArray(tile, 1 * NR);
        nz.add(c11).intoArray(tile, 1 * NR + L);
        nz.add(c12).intoArray(tile, 1 * NR + 2 * L);
        nz.add(c20).intoArray(tile, 2 * NR);
        nz.add(c21).intoArray(tile, 2 * NR + L);
        nz.add(c22).intoArray(tile, 2 * NR + 2 * L);
        nz.add(c30).intoArray(tile, 3 * NR);
        nz.add(c31).intoArray(tile, 3 * NR + L);
        nz.add(c32).intoArray(tile, 3 * NR + 2 * L);
        nz.add(c40).intoArray(tile, 4 * NR);
        nz.add(c41).intoArray(tile, 4 * NR + L);
        nz.add(c42).intoArray(tile, 4 * NR + 2 * L);
        nz.add(c50).intoArray(tile, 5 * NR);
        nz.add(c51).intoArray(tile, 5 * NR + L);
        nz.add(c52).intoArray(tile, 5 * NR + 2 * L);
        nz.add(c60).intoArray(tile, 6 * NR);
        nz.add(c61).intoArray(tile, 6 * NR + L);
        nz.add(c62).intoArray(tile, 6 * NR + 2 * L);
        nz.add(c70).intoArray(tile, 7 * NR);
        nz.add(c71).intoArray(tile, 7 * NR + L);
        nz.add(c72).intoArray(tile, 7 * NR + 2 * L);
    }

    /** 4×(3 vectors) register tile for 16-register (AVX2) machines. */
    static void kernel4(int kc, double[] pa, int ap, double[] pb, int bp, double[] tile) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c02 = z, c10 = z, c11 = z, c12 = z;
        DoubleVector c20 = z, c21 = z, c22 = z, c30 = z, c31 = z, c32 = z;
        for (int p = 0; p < kc; p++) {
            int bi = bp + p * NR;
            int ai = ap + p * 4;
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, pb, bi + 2 * L);
            DoubleVector a0 = DoubleVector.broadcast(S, pa[ai]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            c02 = b2.fma(a0, c02);
            DoubleVector a1 = DoubleVector.broadcast(S, pa[ai + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            c12 = b2.fma(a1, c12);
            DoubleVector a2 = DoubleVector.broadcast(S, pa[ai + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            c22 = b2.fma(a2, c22);
            DoubleVector a3 = DoubleVector.broadcast(S, pa[ai + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            c32 = b2.fma(a3, c32);
        }
        // Spill the tile with plain stores: a vector passed to a call that fails to inline is
        // boxed, and the box can migrate into the hot loop. −0 + c = c exactly: the loop's
        // vectors enter an operation as arguments, never as receivers (see PanamaArrayKernels).
        DoubleVector nz = DoubleVector.broadcast(S, -0.0);
        nz.add(c00).intoArray(tile, 0 * NR);
        nz.add(c01).intoArray(tile, 0 * NR + L);
        nz.add(c02).intoArray(tile, 0 * NR + 2 * L);
        nz.add(c10).intoArray(tile, 1 * NR);
        nz.add(c11).intoArray(tile, 1 * NR + L);
        nz.add(c12).intoArray(tile, 1 * NR + 2 * L);
        nz.add(c20).intoArray(tile, 2 * NR);
        nz.add(c21).intoArray(tile, 2 * NR + L);
        nz.add(c22).intoArray(tile, 2 * NR + 2 * L);
        nz.add(c30).intoArray(tile, 3 * NR);
        nz.add(c31).intoArray(tile, 3 * NR + L);
        nz.add(c32).intoArray(tile, 3 * NR + 2 * L);
    }

    /**
     * C ← α·tile + βC for a full MR×NR tile (β = 0: C is not read). One loop per case, chosen
     * before any vector exists: no vector lives across a branch.
     */
    private static void merge(double[] tile, double alpha, double beta, double[] c, int cOff, int ldc) {
        if (beta == 0) {
            mergeInto(tile, alpha, c, cOff, ldc);
        } else if (beta == 1) {
            mergeAdd(tile, alpha, c, cOff, ldc);
        } else {
            mergeScaled(tile, alpha, beta, c, cOff, ldc);
        }
    }

    /** C ← α·tile. */
    private static void mergeInto(double[] tile, double alpha, double[] c, int cOff, int ldc) {
        for (int r = 0; r < MR; r++) {
            int row = cOff + r * ldc;
            for (int v = 0; v < NR; v += L) {
                DoubleVector.fromArray(S, tile, r * NR + v).mul(alpha).intoArray(c, row + v);
            }
        }
    }

    /** C ← α·tile + C. */
    private static void mergeAdd(double[] tile, double alpha, double[] c, int cOff, int ldc) {
        for (int r = 0; r < MR; r++) {
            int row = cOff + r * ldc;
            for (int v = 0; v < NR; v += L) {
                DoubleVector.fromArray(S, tile, r * NR + v).mul(alpha).add(DoubleVector.fromArray(S, c, row + v))
                        .intoArray(c, row + v);
            }
        }
    }

    /** C ← βC + α·tile, fused. */
    private static void mergeScaled(double[] tile, double alpha, double beta, double[] c, int cOff, int ldc) {
        for (int r = 0; r < MR; r++) {
            int row = cOff + r * ldc;
            for (int v = 0; v < NR; v += L) {
                DoubleVector.fromArray(S, c, row + v)
                        .fma(DoubleVector.broadcast(S, beta), DoubleVector.fromArray(S, tile, r * NR + v).mul(alpha))
                        .intoArray(c, row + v);
            }
        }
    }

    // ---- small products ------------------------------------------------------------------------

    /** Unpacked product for small sizes: vectorised over columns of C when op(B) rows are contiguous. */
    private static void small(boolean transA, boolean transB, int m, int n, int k, double alpha,
                              double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                              double beta, double[] c, int cOff, int ldc) {
        int sa = transA ? 1 : lda;  // step between rows of op(A)
        int pa = transA ? lda : 1;  // step along a row of op(A)
        if (!transB) {
            int nv = S.loopBound(n);
            for (int i = 0; i < m; i++) {
                int ai = aOff + i * sa;
                int ci = cOff + i * ldc;
                // one loop per case, chosen before any vector exists: none lives across a branch
                if (beta == 0) {
                    smallRowInto(nv, k, alpha, a, ai, pa, b, bOff, ldb, c, ci);
                } else {
                    smallRowUpdate(nv, k, alpha, a, ai, pa, b, bOff, ldb, beta, c, ci);
                }
                for (int j = nv; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(a[ai + p * pa], b[bOff + p * ldb + j], s);
                    }
                    c[ci + j] = beta == 0 ? alpha * s : alpha * s + beta * c[ci + j];
                }
            }
        } else {
            for (int i = 0; i < m; i++) {
                int ai = aOff + i * sa;
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    double s = transA ? stridedDot(k, a, ai, pa, b, bj) : PanamaMatrixKernels.dot(k, a, ai, b, bj);
                    c[ci + j] = beta == 0 ? alpha * s : alpha * s + beta * c[ci + j];
                }
            }
        }
    }

    /** c[ci + j] ← α·Σ_p a[ai + p·pa]·b[bOff + p·ldb + j] for j < nv, a multiple of the lane count. */
    private static void smallRowInto(int nv, int k, double alpha, double[] a, int ai, int pa, double[] b, int bOff,
                                     int ldb, double[] c, int ci) {
        for (int j = 0; j < nv; j += L) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                acc = DoubleVector.fromArray(S, b, bOff + p * ldb + j).fma(DoubleVector.broadcast(S, a[ai + p * pa]), acc);
            }
            DoubleVector.broadcast(S, alpha).mul(acc).intoArray(c, ci + j); // acc, merged, as the argument
        }
    }

    /** As {@link #smallRowInto}, adding to βc[ci + j] (fused). */
    private static void smallRowUpdate(int nv, int k, double alpha, double[] a, int ai, int pa, double[] b, int bOff,
                                       int ldb, double beta, double[] c, int ci) {
        for (int j = 0; j < nv; j += L) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                acc = DoubleVector.fromArray(S, b, bOff + p * ldb + j).fma(DoubleVector.broadcast(S, a[ai + p * pa]), acc);
            }
            DoubleVector.broadcast(S, alpha).fma(acc, DoubleVector.fromArray(S, c, ci + j).mul(beta)) // acc as an argument
                    .intoArray(c, ci + j);
        }
    }

    private static double stridedDot(int k, double[] a, int aOff, int step, double[] b, int bOff) {
        double s = 0;
        for (int p = 0; p < k; p++) {
            s = Math.fma(a[aOff + p * step], b[bOff + p], s);
        }
        return s;
    }

    /** C ← βC for an m×n block (β = 0 writes zeros without reading). */
    static void scaleMatrix(int m, int n, double beta, double[] c, int cOff, int ldc) {
        if (beta == 1) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0) {
                java.util.Arrays.fill(c, row, row + n, 0.0);
            } else {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
