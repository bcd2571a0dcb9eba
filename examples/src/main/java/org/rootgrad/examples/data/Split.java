package org.rootgrad.examples.data;

import java.util.SplittableRandom;
import org.rootgrad.error.InvalidOptionException;

/**
 * A training/validation split of a data set: the rows are shuffled by a seeded Fisher–Yates
 * permutation ({@link SplittableRandom}), the first ⌈(1 − f)·n⌉ become the training rows and the
 * rest the validation rows, both in shuffled order. The same seed gives the same split.
 *
 * @param train      the training rows
 * @param validation the validation rows
 */
public record Split(Dataset train, Dataset validation) {

    /**
     * Splits {@code data} at random, keeping a fraction {@code validationFraction} for validation.
     *
     * @throws InvalidOptionException if the fraction is not in (0, 1) or leaves either part empty
     */
    public static Split random(Dataset data, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw InvalidOptionException.of("--val-fraction", validationFraction, "strictly between 0 and 1");
        }
        int n = data.rows();
        int validation = n - (int) Math.ceil((1 - validationFraction) * n);
        if (validation < 1 || validation >= n) {
            throw new InvalidOptionException(data.name() + ": a validation fraction of " + validationFraction
                    + " of " + n + " rows leaves " + (validation < 1 ? "no validation" : "no training") + " rows");
        }
        int[] order = permutation(n, seed);
        int[] trainRows = java.util.Arrays.copyOfRange(order, 0, n - validation);
        int[] validationRows = java.util.Arrays.copyOfRange(order, n - validation, n);
        return new Split(data.select(trainRows), data.select(validationRows));
    }

    /** A seeded random permutation of 0, …, n − 1 (Fisher–Yates). */
    public static int[] permutation(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
