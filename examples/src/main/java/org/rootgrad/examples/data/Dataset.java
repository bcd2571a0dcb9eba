package org.rootgrad.examples.data;

import java.util.Arrays;
import org.rootgrad.error.DimensionMismatchException;

/**
 * A numeric table split into a row-major feature matrix and a target column.
 *
 * @param name     where the data came from (file or bundled name), for messages
 * @param features feature names, one per column of {@code x}
 * @param rows     number of samples
 * @param cols     number of features
 * @param x        row-major {@code rows × cols} features
 * @param y        target, one per row
 */
public record Dataset(String name, String[] features, int rows, int cols, double[] x, double[] y) {

    public Dataset {
        if (x.length != (long) rows * cols || y.length != rows || features.length != cols) {
            throw new DimensionMismatchException(name + ": " + rows + "×" + cols
                    + " table does not match its arrays");
        }
    }

    /** The rows {@code [from, to)} as a new data set. */
    public Dataset rows(int from, int to) {
        if (from < 0 || to > rows || from >= to) {
            throw new DimensionMismatchException(name + ": row selection " + from + ":" + to
                    + " is empty or outside the " + rows + " rows");
        }
        return new Dataset(name + "[" + from + ":" + to + "]", features, to - from, cols,
                Arrays.copyOfRange(x, from * cols, to * cols), Arrays.copyOfRange(y, from, to));
    }

    /** The rows listed in {@code index}, in that order, as a new data set. */
    public Dataset select(int[] index) {
        double[] xs = new double[index.length * cols];
        double[] ys = new double[index.length];
        for (int k = 0; k < index.length; k++) {
            System.arraycopy(x, index[k] * cols, xs, k * cols, cols);
            ys[k] = y[index[k]];
        }
        return new Dataset(name, features, index.length, cols, xs, ys);
    }
}
