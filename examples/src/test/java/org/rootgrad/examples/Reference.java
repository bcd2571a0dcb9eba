package org.rootgrad.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Independent references for the tests: plain loops, Gaussian elimination with partial pivoting,
 * Newton's method, coordinate descent to machine precision. Nothing here calls the engine's
 * kernels or the solvers under test.
 */
final class Reference {
    private Reference() {}

    /** A CSV read by plain string splitting: x row-major, y the last column. */
    record Table(int n, int p, double[] x, double[] y) {
        Table rows(int from, int to) {
            double[] xs = new double[(to - from) * p];
            double[] ys = new double[to - from];
            System.arraycopy(x, from * p, xs, 0, xs.length);
            System.arraycopy(y, from, ys, 0, ys.length);
            return new Table(to - from, p, xs, ys);
        }
    }

    static Table read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            int p = lines.get(0).split(",").length - 1;
            int n = lines.size() - 1;
            double[] x = new double[n * p];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                String[] cells = lines.get(i + 1).split(",");
                for (int j = 0; j < p; j++) {
                    x[i * p + j] = Double.parseDouble(cells[j]);
                }
                y[i] = Double.parseDouble(cells[p]);
            }
            return new Table(n, p, x, y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Solves A z = b (A n×n row-major, copied) by Gaussian elimination with partial pivoting. */
    static double[] solve(double[] a, int n, double[] b) {
        double[] m = a.clone();
        double[] z = b.clone();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r * n + c]) > Math.abs(m[piv * n + c])) {
                    piv = r;
                }
            }
            for (int k = 0; k < n; k++) {
                double t = m[c * n + k];
                m[c * n + k] = m[piv * n + k];
                m[piv * n + k] = t;
            }
            double t = z[c];
            z[c] = z[piv];
            z[piv] = t;
            for (int r = c + 1; r < n; r++) {
                double f = m[r * n + c] / m[c * n + c];
                for (int k = c; k < n; k++) {
                    m[r * n + k] -= f * m[c * n + k];
                }
                z[r] -= f * z[c];
            }
        }
        for (int r = n - 1; r >= 0; r--) {
            double s = z[r];
            for (int k = r + 1; k < n; k++) {
                s -= m[r * n + k] * z[k];
            }
            z[r] = s / m[r * n + r];
        }
        return z;
    }

    /** XᵀX·scale (p×p). */
    static double[] gram(Table t, double scale) {
        int p = t.p();
        double[] g = new double[p * p];
        for (int i = 0; i < t.n(); i++) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    g[a * p + b] += scale * t.x()[i * p + a] * t.x()[i * p + b];
                }
            }
        }
        return g;
    }

    /** Xᵀv·scale. */
    static double[] xtv(Table t, double[] v, double scale) {
        int p = t.p();
        double[] out = new double[p];
        for (int i = 0; i < t.n(); i++) {
            for (int j = 0; j < p; j++) {
                out[j] += scale * t.x()[i * p + j] * v[i];
            }
        }
        return out;
    }

    static double[] xw(Table t, double[] w) {
        int p = t.p();
        double[] z = new double[t.n()];
        for (int i = 0; i < t.n(); i++) {
            for (int j = 0; j < p; j++) {
                z[i] += t.x()[i * p + j] * w[j];
            }
        }
        return z;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** max |a − b| / max |b|: the relative error of a vector. */
    static double relativeError(double[] got, double[] want) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < want.length; i++) {
            num = Math.max(num, Math.abs(got[i] - want[i]));
            den = Math.max(den, Math.abs(want[i]));
        }
        return num / den;
    }

    // ---- ridge: mean((Xw − y)²) + ½λ‖w‖² --------------------------------------------------------

    static double[] ridgeHessian(Table t, double lambda) {
        double[] h = gram(t, 2.0 / t.n());
        for (int j = 0; j < t.p(); j++) {
            h[j * t.p() + j] += lambda;
        }
        return h;
    }

    static double[] ridgeSolution(Table t, double lambda) {
        return solve(ridgeHessian(t, lambda), t.p(), xtv(t, t.y(), 2.0 / t.n()));
    }

    /** ∂w*(λ)/∂λ = −(2XᵀX/n + λI)⁻¹ w*. */
    static double[] ridgeDerivative(Table t, double lambda) {
        double[] w = ridgeSolution(t, lambda);
        double[] d = solve(ridgeHessian(t, lambda), t.p(), w);
        for (int j = 0; j < d.length; j++) {
            d[j] = -d[j];
        }
        return d;
    }

    /** mean((Xw − y)²) and its gradient 2Xᵀ(Xw − y)/n. */
    static double meanSquaredError(Table t, double[] w, double[] grad) {
        double[] r = xw(t, w);
        double loss = 0;
        for (int i = 0; i < t.n(); i++) {
            r[i] -= t.y()[i];
            loss += r[i] * r[i] / t.n();
        }
        if (grad != null) {
            System.arraycopy(xtv(t, r, 2.0 / t.n()), 0, grad, 0, t.p());
        }
        return loss;
    }

    // ---- lasso: (1/2n)‖Xw − y‖² + λ‖w‖₁ ---------------------------------------------------------

    /**
     * The lasso solution by cyclic coordinate descent (exact coordinate minimisation) until no
     * coordinate moves by more than 1e-15 relative, then polished by the closed form on the
     * support: w_S = (X_SᵀX_S)⁻¹(X_Sᵀy − nλ·sign(w_S)), verified to satisfy the optimality
     * conditions.
     */
    static double[] lassoSolution(Table t, double lambda) {
        int n = t.n();
        int p = t.p();
        double[] w = new double[p];
        double[] r = t.y().clone(); // y − Xw
        double[] colSq = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                colSq[j] += t.x()[i * p + j] * t.x()[i * p + j] / n;
            }
        }
        for (int sweep = 0; sweep < 1_000_000; sweep++) {
            double moved = 0;
            double size = 0;
            for (int j = 0; j < p; j++) {
                double rho = 0;
                for (int i = 0; i < n; i++) {
                    rho += t.x()[i * p + j] * r[i] / n;
                }
                rho += colSq[j] * w[j];
                double next = Math.signum(rho) * Math.max(Math.abs(rho) - lambda, 0) / colSq[j];
                double delta = next - w[j];
                if (delta != 0) {
                    for (int i = 0; i < n; i++) {
                        r[i] -= delta * t.x()[i * p + j];
                    }
                    w[j] = next;
                }
                moved = Math.max(moved, Math.abs(delta));
                size = Math.max(size, Math.abs(next));
            }
            if (moved <= 1e-15 * size) {
                break;
            }
        }
        // polish on the support
        int[] support = support(w);
        double[] sign = new double[support.length];
        for (int a = 0; a < support.length; a++) {
            sign[a] = Math.signum(w[support[a]]);
        }
        Table s = columns(t, support);
        double[] rhs = xtv(s, t.y(), 1.0);
        for (int a = 0; a < support.length; a++) {
            rhs[a] -= n * lambda * sign[a];
        }
        double[] ws = solve(gram(s, 1.0), support.length, rhs);
        double[] out = new double[p];
        for (int a = 0; a < support.length; a++) {
            out[support[a]] = ws[a];
        }
        return out;
    }

    /** On the support S: −n(X_SᵀX_S)⁻¹ sign(w_S); 0 off it. */
    static double[] lassoDerivative(Table t, double[] w) {
        int[] support = support(w);
        double[] sign = new double[support.length];
        for (int a = 0; a < support.length; a++) {
            sign[a] = -t.n() * Math.signum(w[support[a]]);
        }
        double[] ds = solve(gram(columns(t, support), 1.0), support.length, sign);
        double[] out = new double[t.p()];
        for (int a = 0; a < support.length; a++) {
            out[support[a]] = ds[a];
        }
        return out;
    }

    static int[] support(double[] w) {
        return java.util.stream.IntStream.range(0, w.length).filter(j -> w[j] != 0).toArray();
    }

    static Table columns(Table t, int[] cols) {
        double[] x = new double[t.n() * cols.length];
        for (int i = 0; i < t.n(); i++) {
            for (int a = 0; a < cols.length; a++) {
                x[i * cols.length + a] = t.x()[i * t.p() + cols[a]];
            }
        }
        return new Table(t.n(), cols.length, x, t.y());
    }

    // ---- logistic: mean(log(1 + exp(−y·x·w))) + ½λ‖w‖², y ∈ {−1, +1} --------------------------

    /** Newton's method with dense Hessians until the gradient is at rounding level. */
    static double[] logisticSolution(Table t, double[] signs, double lambda) {
        return logisticSolution(t, signs, lambda, 0);
    }

    /** As above, with the last {@code unpenalised} weights (an intercept) left out of the penalty. */
    static double[] logisticSolution(Table t, double[] signs, double lambda, int unpenalised) {
        int p = t.p();
        double[] w = new double[p];
        for (int it = 0; it < 100; it++) {
            double[] g = new double[p];
            double[] h = logisticHessianAndGradient(t, signs, lambda, w, g, unpenalised);
            double[] step = solve(h, p, g);
            double size = 0;
            for (int j = 0; j < p; j++) {
                w[j] -= step[j];
                size = Math.max(size, Math.abs(step[j]));
            }
            if (size < 1e-15 * (1 + Math.sqrt(dot(w, w)))) {
                break;
            }
        }
        return w;
    }

    /** The Hessian (returned) and gradient (into g) of the logistic objective at w. */
    static double[] logisticHessianAndGradient(Table t, double[] signs, double lambda, double[] w, double[] g) {
        return logisticHessianAndGradient(t, signs, lambda, w, g, 0);
    }

    /** As above, with the last {@code unpenalised} weights left out of the penalty. */
    static double[] logisticHessianAndGradient(Table t, double[] signs, double lambda, double[] w, double[] g,
                                               int unpenalised) {
        int n = t.n();
        int p = t.p();
        double[] h = new double[p * p];
        double[] z = xw(t, w);
        java.util.Arrays.fill(g, 0);
        for (int i = 0; i < n; i++) {
            double m = signs[i] * z[i];
            double s = 1 / (1 + Math.exp(m)); // σ(−m)
            for (int a = 0; a < p; a++) {
                double xa = t.x()[i * p + a];
                g[a] -= signs[i] * s * xa / n;
                for (int b = 0; b < p; b++) {
                    h[a * p + b] += s * (1 - s) * xa * t.x()[i * p + b] / n;
                }
            }
        }
        for (int j = 0; j < p - unpenalised; j++) {
            g[j] += lambda * w[j];
            h[j * p + j] += lambda;
        }
        return h;
    }

    /** mean(log(1 + exp(−y·x·w))) and its gradient. */
    static double logisticLoss(Table t, double[] signs, double[] w, double[] grad) {
        double[] z = xw(t, w);
        double loss = 0;
        double[] dz = new double[t.n()];
        for (int i = 0; i < t.n(); i++) {
            double m = signs[i] * z[i];
            loss += (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m))) / t.n();
            dz[i] = -signs[i] / (1 + Math.exp(m)) / t.n();
        }
        if (grad != null) {
            System.arraycopy(xtv(t, dz, 1.0), 0, grad, 0, t.p());
        }
        return loss;
    }

    /** Columns centred by the means of {@code by}'s columns (and scaled by their population sd if asked). */
    static Table standardize(Table t, Table by, boolean scale) {
        int p = t.p();
        double[] mean = new double[p];
        double[] sd = new double[p];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < by.n(); i++) {
                mean[j] += by.x()[i * p + j] / by.n();
            }
            for (int i = 0; i < by.n(); i++) {
                double d = by.x()[i * p + j] - mean[j];
                sd[j] += d * d / by.n();
            }
            sd[j] = scale && sd[j] > 0 ? Math.sqrt(sd[j]) : 1;
        }
        double[] x = new double[t.n() * p];
        for (int i = 0; i < t.n(); i++) {
            for (int j = 0; j < p; j++) {
                x[i * p + j] = (t.x()[i * p + j] - mean[j]) / sd[j];
            }
        }
        return new Table(t.n(), p, x, t.y());
    }

    /** The target minus a constant. */
    static Table shiftTarget(Table t, double c) {
        double[] y = t.y().clone();
        for (int i = 0; i < y.length; i++) {
            y[i] -= c;
        }
        return new Table(t.n(), t.p(), t.x(), y);
    }

    /** A column of ones appended. */
    static Table withOnes(Table t) {
        int p = t.p();
        double[] x = new double[t.n() * (p + 1)];
        for (int i = 0; i < t.n(); i++) {
            System.arraycopy(t.x(), i * p, x, i * (p + 1), p);
            x[i * (p + 1) + p] = 1;
        }
        return new Table(t.n(), p + 1, x, t.y());
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x / v.length;
        }
        return s;
    }

    static double[] signs(double[] labels) {
        double[] s = new double[labels.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = labels[i] == 1 ? 1 : -1;
        }
        return s;
    }
}
