package org.rootgrad.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.InvalidOptionException;

class SplitAndPreprocessingTest {

    static Dataset numbered(int n) {
        double[] x = new double[n * 2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i;
        }
        return new Dataset("t", new String[] {"a", "b"}, n, 2, x, y);
    }

    @Test
    void aSplitIsASeededPartitionOfTheRows() {
        Dataset d = numbered(10);
        Split s = Split.random(d, 0.3, 42);
        assertEquals(7, s.train().rows());
        assertEquals(3, s.validation().rows());
        double[] all = new double[10];
        System.arraycopy(s.train().y(), 0, all, 0, 7);
        System.arraycopy(s.validation().y(), 0, all, 7, 3);
        Arrays.sort(all);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, all, "every row exactly once");
        for (int i = 0; i < 7; i++) {
            assertEquals(10 * s.train().y()[i], s.train().x()[2 * i + 1], "rows move whole");
        }
        assertArrayEquals(s.train().y(), Split.random(d, 0.3, 42).train().y(), "same seed, same split");
        assertTrue(!Arrays.equals(s.train().y(), Split.random(d, 0.3, 43).train().y()), "another seed, another split");
    }

    @Test
    void aSplitNeedsBothParts() {
        assertThrows(InvalidOptionException.class, () -> Split.random(numbered(10), 0, 0));
        assertThrows(InvalidOptionException.class, () -> Split.random(numbered(10), 1, 0));
        assertThrows(InvalidOptionException.class, () -> Split.random(numbered(2), 0.01, 0));
    }

    @Test
    void preprocessingUsesTrainingStatisticsOnly() {
        Dataset train = new Dataset("t", new String[] {"a", "b"}, 2, 2, new double[] {1, 5, 3, 5}, new double[] {2, 4});
        Dataset other = new Dataset("v", new String[] {"a", "b"}, 1, 2, new double[] {4, 6}, new double[] {7});
        Preprocessing standardize = Preprocessing.fit(train, true, true);
        Dataset a = standardize.apply(train);
        assertArrayEquals(new double[] {-1, 0, 1, 0}, a.x(), 1e-15, "mean 2, sd 1; a constant column keeps scale 1");
        assertArrayEquals(new double[] {-1, 1}, a.y(), 1e-15);
        Dataset b = standardize.apply(other);
        assertArrayEquals(new double[] {2, 1}, b.x(), 1e-15);
        assertArrayEquals(new double[] {4}, b.y(), 1e-15);
        Dataset c = Preprocessing.fit(train, false, false).apply(other);
        assertArrayEquals(new double[] {2, 1}, c.x(), 1e-15);
        assertArrayEquals(new double[] {7}, c.y(), 1e-15);
    }

    @Test
    void labelsAreCheckedRowByRow() {
        Dataset d = new Dataset("t", new String[] {"a"}, 3, 1, new double[] {0, 0, 0}, new double[] {0, 1, 1});
        assertArrayEquals(new double[] {-1, 1, 1}, Labels.signs(d));
        Dataset bad = new Dataset("t", new String[] {"a"}, 3, 1, new double[] {0, 0, 0}, new double[] {0, 1, 2});
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> Labels.signs(bad));
        assertTrue(e.getMessage().contains("data row 2"), e.getMessage());
        assertArrayEquals(new int[] {0, 1, 2}, Labels.classes(bad, 3));
        assertThrows(InvalidDataException.class, () -> Labels.classes(bad, 2));
        Dataset fraction = new Dataset("t", new String[] {"a"}, 1, 1, new double[] {0}, new double[] {0.5});
        assertThrows(InvalidDataException.class, () -> Labels.classes(fraction, 3));
    }
}
