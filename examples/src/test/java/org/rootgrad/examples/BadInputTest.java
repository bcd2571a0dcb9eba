package org.rootgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input ends as one line on stderr naming the problem, a non-zero exit code,
 * nothing on stdout, and no stack trace.
 */
class BadInputTest {
    @TempDir
    static Path dir;

    static Path diabetes;

    @BeforeAll
    static void copyData() {
        diabetes = Cli.bundledFile("diabetes.csv", dir);
    }

    /** Runs the command and checks the failure shape; returns the one stderr line. */
    static String fails(String... args) {
        Cli.Run run = Cli.run(args);
        assertNotEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        String err = run.err().strip();
        assertFalse(err.isEmpty(), run::toString);
        assertEquals(1, err.lines().count(), () -> "one line expected:\n" + run);
        assertTrue(err.startsWith("rootgrad"), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), () -> "no stack trace or class names:\n" + err);
        return err;
    }

    static Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    static void assertMentions(String line, String... parts) {
        for (String part : parts) {
            assertTrue(line.contains(part), () -> "'" + part + "' missing from: " + line);
        }
    }

    @Test
    void missingFile() {
        assertMentions(fails("jacobian", "ridge", "--data", dir.resolve("nope.csv").toString(), "--lambda", "1"),
                "nope.csv", "no such file");
        assertMentions(fails("ridge", "--data", dir.resolve("nope.csv").toString(), "--out", dir.toString()),
                "no such file");
    }

    @Test
    void nonNumericCell() throws IOException {
        Path f = file("text.csv", "a,b,y\n1,2,3\n4,five,6\n");
        assertMentions(fails("jacobian", "ridge", "--data", f.toString(), "--lambda", "1"),
                "line 3", "column 2", "'five' is not a number");
    }

    @Test
    void raggedRows() throws IOException {
        Path f = file("ragged.csv", "a,b,y\n1,2,3\n4,5\n");
        assertMentions(fails("jacobian", "lasso", "--data", f.toString(), "--lambda", "1"),
                "line 3", "2 cells", "3 columns");
    }

    @Test
    void emptyOrOutOfRangeSelection() {
        assertMentions(fails("jacobian", "ridge", "--data", diabetes.toString(), "--lambda", "1",
                "--train-rows", "5:5"), "--train-rows 5:5 selects no rows");
        assertMentions(fails("jacobian", "ridge", "--data", diabetes.toString(), "--lambda", "1",
                "--train-rows", "9:3"), "selects no rows");
        assertMentions(fails("jacobian", "ridge", "--data", diabetes.toString(), "--lambda", "1",
                "--val-rows", "400:500"), "--val-rows 400:500 goes past the 442 data rows");
    }

    @Test
    void malformedRowRange() {
        for (String range : new String[] {"3-5", "a:b", "1:2:3", "-1:4", ":7", ""}) {
            assertMentions(fails("jacobian", "ridge", "--data", diabetes.toString(), "--lambda", "1",
                    "--train-rows", range), "is not a row range a:b");
        }
    }

    @Test
    void unknownModel() {
        assertMentions(fails("jacobian", "svm", "--data", diabetes.toString(), "--lambda", "1"),
                "svm", "ridge, lasso, logreg");
    }

    @Test
    void nonPositiveLambda() {
        assertMentions(fails("jacobian", "ridge", "--data", diabetes.toString(), "--lambda", "0"), "--lambda", "positive");
        assertMentions(fails("jacobian", "lasso", "--data", diabetes.toString(), "--lambda", "-2"), "--lambda", "positive");
        assertMentions(fails("jacobian", "ridge", "--data", diabetes.toString(), "--lambda", "abc"), "abc");
        assertMentions(fails("ridge", "--lambda0", "0", "--out", dir.toString()), "--lambda0", "positive");
    }

    @Test
    void labelsThatAreNotZeroOrOne() {
        assertMentions(fails("jacobian", "logreg", "--data", diabetes.toString(), "--lambda", "1"),
                "data row 0", "151", "0 or 1");
        assertMentions(fails("logreg", "--data", diabetes.toString(), "--out", dir.toString()), "0 or 1");
    }

    @Test
    void missingRequiredOptionsAndUnknownOptions() {
        assertMentions(fails("jacobian", "ridge", "--lambda", "1"), "--data");
        assertMentions(fails("jacobian", "ridge", "--data", diabetes.toString()), "--lambda");
        assertMentions(fails("ridge", "--bogus"), "--bogus");
        assertMentions(fails("ridge", "--solver", "newton"), "newton");
        assertMentions(fails("frobnicate"), "frobnicate");
    }

    /**
     * Coordinate descent on the lasso cannot reach a gradient-mapping residual of 1e-30 (its
     * rounding floor is near 1e-16); ridge is no longer a test of this, since L-BFGS can hit a
     * gradient of exactly zero on a quadratic.
     */
    @Test
    void aSolveThatCannotMeetItsToleranceSaysSo() {
        assertMentions(fails("jacobian", "lasso", "--data", diabetes.toString(), "--lambda", "1", "--tolerance", "1e-30"),
                "did not converge", "try a looser --tolerance");
    }

    @Test
    void optionsTheCommandsReject() {
        assertMentions(fails("ridge", "--solver", "cg", "--unrolled", "--out", dir.toString()),
                "--unrolled", "cg");
        assertMentions(fails("ridge", "--val-fraction", "1.5", "--out", dir.toString()), "--val-fraction");
        assertMentions(fails("distill", "--steps", "0", "--out", dir.toString()), "--steps");
        assertMentions(fails("sparse-coding", "--data", diabetes.toString(), "--out", dir.toString()), "64");
    }
}
