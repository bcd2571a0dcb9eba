package org.rootgrad.examples.data;

/** Conversions of a data set's target column into class labels, with one clear error per bad label. */
public final class Labels {
    private Labels() {}

    /**
     * 0/1 labels as −1/+1 (0 → −1, 1 → +1).
     *
     * @throws InvalidDataException naming the first row whose target is neither 0 nor 1
     */
    public static double[] signs(Dataset data) {
        double[] y = data.y();
        double[] s = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 0) {
                s[i] = -1;
            } else if (y[i] == 1) {
                s[i] = 1;
            } else {
                throw new InvalidDataException(data.name() + ": data row " + i + " has target " + y[i]
                        + "; binary logistic regression needs labels 0 or 1 in the last column");
            }
        }
        return s;
    }

    /**
     * Integer class labels 0, …, classes − 1.
     *
     * @throws InvalidDataException naming the first row whose target is not such an integer
     */
    public static int[] classes(Dataset data, int classes) {
        double[] y = data.y();
        int[] c = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            double v = y[i];
            if (v != Math.rint(v) || v < 0 || v >= classes) {
                throw new InvalidDataException(data.name() + ": data row " + i + " has target " + v
                        + "; expected a class label 0 to " + (classes - 1));
            }
            c[i] = (int) v;
        }
        return c;
    }
}
