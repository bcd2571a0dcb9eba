package org.rootgrad.examples.data;

/**
 * Affine preprocessing fitted on training rows and applied unchanged to any rows: features
 * centred by their training means and optionally divided by their training standard deviations
 * (population, 1/n; a constant column keeps scale 1), the target optionally centred by its
 * training mean. Immutable.
 */
public final class Preprocessing {
    private final double[] mean;
    private final double[] scale;
    private final double targetMean;
    private final boolean scaled;
    private final boolean centredTarget;

    private Preprocessing(double[] mean, double[] scale, double targetMean, boolean scaled, boolean centredTarget) {
        this.mean = mean;
        this.scale = scale;
        this.targetMean = targetMean;
        this.scaled = scaled;
        this.centredTarget = centredTarget;
    }

    /**
     * Fits on {@code train}.
     *
     * @param scaleFeatures also divide features by their standard deviation (standardise)
     * @param centreTarget  subtract the target's training mean (regression without an intercept)
     */
    public static Preprocessing fit(Dataset train, boolean scaleFeatures, boolean centreTarget) {
        int n = train.rows();
        int p = train.cols();
        double[] mean = new double[p];
        double[] scale = new double[p];
        double[] x = train.x();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                mean[j] += x[i * p + j];
            }
        }
        for (int j = 0; j < p; j++) {
            mean[j] /= n;
        }
        for (int j = 0; j < p; j++) {
            scale[j] = 1;
        }
        if (scaleFeatures) {
            double[] var = new double[p];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    double d = x[i * p + j] - mean[j];
                    var[j] += d * d;
                }
            }
            for (int j = 0; j < p; j++) {
                double sd = Math.sqrt(var[j] / n);
                scale[j] = sd > 0 ? sd : 1;
            }
        }
        double ym = 0;
        if (centreTarget) {
            for (double v : train.y()) {
                ym += v;
            }
            ym /= n;
        }
        return new Preprocessing(mean, scale, ym, scaleFeatures, centreTarget);
    }

    /** The rows of {@code data} transformed (a new data set with the same name and features). */
    public Dataset apply(Dataset data) {
        int n = data.rows();
        int p = data.cols();
        if (p != mean.length) {
            throw new InvalidDataException(data.name() + ": " + p + " features, but the preprocessing was fitted on "
                    + mean.length);
        }
        double[] x = new double[n * p];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[i * p + j] = (data.x()[i * p + j] - mean[j]) / scale[j];
            }
            y[i] = data.y()[i] - targetMean;
        }
        return new Dataset(data.name(), data.features(), n, p, x, y);
    }

    /** The training mean subtracted from the target (0 unless centred). */
    public double targetMean() {
        return targetMean;
    }

    /** A short description for messages, e.g. "features standardised, target centred". */
    public String describe() {
        return (scaled ? "features standardised (training mean and standard deviation)" : "features centred (training mean)")
                + (centredTarget ? ", target centred (training mean)" : "");
    }
}
