package org.rootgrad.solvers.objective;

import org.rootgrad.engine.SinglePrecisionRows;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;

/**
 * The design matrix of a linear model: rows × features, row-major, with an optional intercept
 * column of ones appended (then the model's last weight is the intercept). Without intercept the
 * caller's array is held by reference (it must not change afterwards); with one, an
 * rows × (features + 1) copy is made. A column-major copy for coordinate access, the squared
 * column norms and a single-precision copy of the rows are made on first use and shared.
 *
 * <p>Immutable once built (the lazy copies are published safely): shareable between threads.
 */
final class LinearData {
    final int rows;
    final int features;
    final int cols;
    final boolean intercept;
    /** rows × cols, row-major. */
    final double[] x;
    private volatile double[] columns;
    private volatile double[] columnSquaredNorms;
    private volatile SinglePrecisionRows singlePrecisionRows;

    private LinearData(int rows, int features, boolean intercept, double[] x) {
        this.rows = rows;
        this.features = features;
        this.cols = features + (intercept ? 1 : 0);
        this.intercept = intercept;
        this.x = x;
    }

    /**
     * Validates X (rows × features, row-major, finite) and wraps it.
     *
     * @throws InvalidOptionException     if rows or features is below 1
     * @throws DimensionMismatchException if x is null or its length is not rows·features
     * @throws org.rootgrad.error.NonFiniteException if x holds a NaN or an infinity
     */
    static LinearData of(double[] x, int rows, int features, boolean intercept) {
        check(x, rows, features, intercept ? 1 : 0);
        if (!intercept) {
            return new LinearData(rows, features, false, x);
        }
        int cols = features + 1;
        double[] augmented = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(x, i * features, augmented, i * cols, features);
            augmented[i * cols + features] = 1.0;
        }
        return new LinearData(rows, features, true, augmented);
    }

    /** The checks of {@link #of}, for rows × (features + extra) doubles. */
    static void check(double[] x, int rows, int features, int extra) {
        Checks.atLeastOne("rows", rows);
        Checks.atLeastOne("features", features);
        long size = (long) rows * (features + extra);
        if (size > Integer.MAX_VALUE) {
            throw InvalidOptionException.of("rows·columns", size, "<= " + Integer.MAX_VALUE);
        }
        Checks.length("x", x, rows * features);
        Checks.finite("x", x);
    }

    /** Whether weight j is penalised by an L2 term (every weight but the intercept). */
    boolean penalised(int j) {
        return j < features;
    }

    /** cols × rows: column j of X is contiguous at j·rows. */
    double[] columns() {
        double[] c = columns;
        if (c == null) {
            synchronized (this) {
                c = columns;
                if (c == null) {
                    c = new double[rows * cols];
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            c[j * rows + i] = x[i * cols + j];
                        }
                    }
                    columns = c;
                }
            }
        }
        return c;
    }

    /** The rows in single precision, for Hessian products of inexact Newton steps (4 bytes an entry; rows narrower than 16 padded to 16). */
    SinglePrecisionRows singlePrecisionRows() {
        SinglePrecisionRows r = singlePrecisionRows;
        if (r == null) {
            synchronized (this) {
                r = singlePrecisionRows;
                if (r == null) {
                    r = SinglePrecisionRows.of(rows, cols, x, 0, cols);
                    singlePrecisionRows = r;
                }
            }
        }
        return r;
    }

    /** ‖Xⱼ‖² per column. */
    double[] columnSquaredNorms() {
        double[] s = columnSquaredNorms;
        if (s == null) {
            synchronized (this) {
                s = columnSquaredNorms;
                if (s == null) {
                    s = new double[cols];
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            double v = x[i * cols + j];
                            s[j] += v * v;
                        }
                    }
                    columnSquaredNorms = s;
                }
            }
        }
        return s;
    }

    /** Validates targets: length rows, finite. */
    void checkTargets(String name, double[] y) {
        checkTargets(name, y, rows);
    }

    static void checkTargets(String name, double[] y, int rows) {
        Checks.length(name, y, rows);
        Checks.finite(name, y);
    }

    /** Validates binary labels: length rows, each −1 or +1. */
    void checkSignLabels(double[] labels) {
        checkSignLabels(labels, rows);
    }

    static void checkSignLabels(double[] labels, int rows) {
        Checks.length("labels", labels, rows);
        for (int i = 0; i < rows; i++) {
            double v = labels[i];
            if (v != 1.0 && v != -1.0) {
                throw InvalidOptionException.of("labels[" + i + "]", v, "-1 or +1");
            }
        }
    }

    /** Validates class labels: length rows, each in [0, classes). */
    void checkClassLabels(int[] labels, int classes) {
        checkClassLabels(labels, classes, rows);
    }

    static void checkClassLabels(int[] labels, int classes, int rows) {
        Checks.atLeastOne("classes", classes);
        if (labels == null) {
            throw new DimensionMismatchException("labels is null; expected length " + rows);
        }
        if (labels.length != rows) {
            throw new DimensionMismatchException("labels has length " + labels.length + "; expected " + rows);
        }
        for (int i = 0; i < rows; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw InvalidOptionException.of("labels[" + i + "]", labels[i], "in [0, " + classes + ")");
            }
        }
    }
}
