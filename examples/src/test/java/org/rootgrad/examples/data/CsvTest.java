package org.rootgrad.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CsvTest {

    private static Dataset parse(String text) throws IOException {
        return Csv.read("t.csv", new StringReader(text));
    }

    @Test
    void readsHeaderFeaturesAndTarget() throws IOException {
        Dataset d = parse("a,b,target\n1,2,3\n4.5,-6e-1,7\n");
        assertEquals(2, d.rows());
        assertEquals(2, d.cols());
        assertArrayEquals(new String[] {"a", "b"}, d.features());
        assertArrayEquals(new double[] {1, 2, 4.5, -0.6}, d.x());
        assertArrayEquals(new double[] {3, 7}, d.y());
    }

    @Test
    void bundledDataHaveTheDocumentedShapes() {
        Dataset diabetes = Csv.bundled("diabetes.csv");
        assertEquals(442, diabetes.rows());
        assertEquals(10, diabetes.cols());
        Dataset cancer = Csv.bundled("breast_cancer.csv");
        assertEquals(569, cancer.rows());
        assertEquals(30, cancer.cols());
        Dataset digits = Csv.bundled("digits.csv");
        assertEquals(1797, digits.rows());
        assertEquals(64, digits.cols());
    }

    @Test
    void rejectsMalformedInputWithOneClearMessage() {
        assertMessage("line 3: 2 cells, but the header has 3 columns", "a,b,y\n1,2,3\n4,5\n");
        assertMessage("line 2, column 2 ('b'): 'x' is not a number", "a,b,y\n1,x,3\n");
        assertMessage("line 2, column 3 ('y'): 'NaN' is not a finite number", "a,b,y\n1,2,NaN\n");
        assertMessage("no data rows after the header", "a,b,y\n");
        assertMessage("the file is empty", "");
        assertMessage("need at least one feature and a target column", "y\n1\n");
        InvalidDataException missing = assertThrows(InvalidDataException.class,
                () -> Csv.read(Path.of("/nonexistent/data.csv")));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
        assertThrows(InvalidDataException.class, () -> Csv.bundled("nope.csv"));
    }

    @Test
    void rowSelectionsAreCheckedAndCopied() throws IOException {
        Dataset d = parse("a,y\n1,10\n2,20\n3,30\n");
        Dataset mid = d.rows(1, 3);
        assertArrayEquals(new double[] {2, 3}, mid.x());
        assertArrayEquals(new double[] {20, 30}, mid.y());
        assertThrows(org.rootgrad.error.DimensionMismatchException.class, () -> d.rows(2, 2));
        assertThrows(org.rootgrad.error.DimensionMismatchException.class, () -> d.rows(0, 4));
    }

    private static void assertMessage(String expectedPart, String text) {
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> parse(text));
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }
}
