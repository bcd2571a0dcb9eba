package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;

/**
 * The checked facades {@link Blas} (one-dimensional methods) and {@link ElementWise}: every array
 * argument of every method, in turn null, at a negative offset, or too short, and a negative
 * size, gets a {@link DimensionMismatchException} whose message starts with that argument's name;
 * invalid options get an {@link InvalidOptionException}; valid calls reach the kernel.
 */
class CheckedFacadesTest {

    /** A facade method taking n, its arrays in order, and one offset per array. */
    private interface Ranged {
        void call(int n, double[][] arrays, int[] offsets);
    }

    private record Method(String name, List<String> arrays, Ranged call) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Method> methods() {
        List<Method> m = new ArrayList<>();
        m.add(new Method("Blas.dot", List.of("x", "y"), (n, a, o) -> Blas.dot(n, a[0], o[0], a[1], o[1])));
        m.add(new Method("Blas.axpy", List.of("x", "y"), (n, a, o) -> Blas.axpy(n, 2, a[0], o[0], a[1], o[1])));
        m.add(new Method("Blas.axpby", List.of("x", "y"), (n, a, o) -> Blas.axpby(n, 2, a[0], o[0], 3, a[1], o[1])));
        m.add(new Method("Blas.scal", List.of("x"), (n, a, o) -> Blas.scal(n, 2, a[0], o[0])));
        m.add(new Method("Blas.copy", List.of("x", "y"), (n, a, o) -> Blas.copy(n, a[0], o[0], a[1], o[1])));
        m.add(new Method("Blas.fill", List.of("x"), (n, a, o) -> Blas.fill(n, 2, a[0], o[0])));
        m.add(new Method("Blas.nrm2", List.of("x"), (n, a, o) -> Blas.nrm2(n, a[0], o[0])));
        m.add(new Method("Blas.asum", List.of("x"), (n, a, o) -> Blas.asum(n, a[0], o[0])));
        m.add(new Method("Blas.iamax", List.of("x"), (n, a, o) -> Blas.iamax(n, a[0], o[0])));
        m.add(new Method("Blas.sum", List.of("x"), (n, a, o) -> Blas.sum(n, a[0], o[0])));
        m.add(new Method("Blas.max", List.of("x"), (n, a, o) -> Blas.max(n, a[0], o[0])));
        m.add(new Method("Blas.cgUpdate", List.of("p", "q", "x", "r"),
                (n, a, o) -> Blas.cgUpdate(n, 0.5, a[0], o[0], a[1], o[1], a[2], o[2], a[3], o[3])));
        m.add(new Method("Blas.xpby", List.of("x", "y"), (n, a, o) -> Blas.xpby(n, a[0], o[0], 2, a[1], o[1])));
        m.add(new Method("Blas.mulDot", List.of("d", "r", "z"),
                (n, a, o) -> Blas.mulDot(n, a[0], o[0], a[1], o[1], a[2], o[2])));
        m.add(new Method("ElementWise.add", List.of("x", "y", "z"),
                (n, a, o) -> ElementWise.add(n, a[0], o[0], a[1], o[1], a[2], o[2])));
        m.add(new Method("ElementWise.sub", List.of("x", "y", "z"),
                (n, a, o) -> ElementWise.sub(n, a[0], o[0], a[1], o[1], a[2], o[2])));
        m.add(new Method("ElementWise.mul", List.of("x", "y", "z"),
                (n, a, o) -> ElementWise.mul(n, a[0], o[0], a[1], o[1], a[2], o[2])));
        m.add(new Method("ElementWise.div", List.of("x", "y", "z"),
                (n, a, o) -> ElementWise.div(n, a[0], o[0], a[1], o[1], a[2], o[2])));
        m.add(new Method("ElementWise.fma", List.of("x", "y", "z", "out"),
                (n, a, o) -> ElementWise.fma(n, a[0], o[0], a[1], o[1], a[2], o[2], a[3], o[3])));
        m.add(new Method("ElementWise.exp", List.of("x", "y"), (n, a, o) -> ElementWise.exp(n, a[0], o[0], a[1], o[1])));
        m.add(new Method("ElementWise.log", List.of("x", "y"), (n, a, o) -> ElementWise.log(n, a[0], o[0], a[1], o[1])));
        m.add(new Method("ElementWise.log1p", List.of("x", "y"), (n, a, o) -> ElementWise.log1p(n, a[0], o[0], a[1], o[1])));
        m.add(new Method("ElementWise.expm1", List.of("x", "y"), (n, a, o) -> ElementWise.expm1(n, a[0], o[0], a[1], o[1])));
        m.add(new Method("ElementWise.tanh", List.of("x", "y"), (n, a, o) -> ElementWise.tanh(n, a[0], o[0], a[1], o[1])));
        m.add(new Method("ElementWise.sigmoid", List.of("x", "y"),
                (n, a, o) -> ElementWise.sigmoid(n, a[0], o[0], a[1], o[1])));
        m.add(new Method("ElementWise.softplus", List.of("x", "y"),
                (n, a, o) -> ElementWise.softplus(n, a[0], o[0], a[1], o[1])));
        m.add(new Method("ElementWise.softThreshold", List.of("x", "y"),
                (n, a, o) -> ElementWise.softThreshold(n, 0.1, a[0], o[0], a[1], o[1])));
        m.add(new Method("ElementWise.clip", List.of("x", "y"),
                (n, a, o) -> ElementWise.clip(n, -1, 1, a[0], o[0], a[1], o[1])));
        m.add(new Method("ElementWise.logSumExp", List.of("x"), (n, a, o) -> ElementWise.logSumExp(n, a[0], o[0])));
        return m;
    }

    /** One bad call: which method, which argument is wrong and how, and the call itself. */
    private record BadCall(String method, String argument, String fault, Runnable call) {
        @Override
        public String toString() {
            return method + " " + argument + " " + fault;
        }
    }

    static Stream<BadCall> badCalls() {
        int n = 20;
        List<BadCall> calls = new ArrayList<>();
        for (Method m : methods()) {
            int k = m.arrays().size();
            for (int j = 0; j < k; j++) {
                String arg = m.arrays().get(j);
                int bad = j;
                calls.add(new BadCall(m.name(), arg, "null", () -> {
                    double[][] a = valid(k, n);
                    a[bad] = null;
                    m.call().call(n, a, new int[k]);
                }));
                calls.add(new BadCall(m.name(), arg, "negative offset", () -> {
                    int[] o = new int[k];
                    o[bad] = -1;
                    m.call().call(n, valid(k, n), o);
                }));
                calls.add(new BadCall(m.name(), arg, "too short", () -> {
                    double[][] a = valid(k, n);
                    a[bad] = new double[n - 1];
                    m.call().call(n, a, new int[k]);
                }));
                calls.add(new BadCall(m.name(), arg, "offset past the end", () -> {
                    int[] o = new int[k];
                    o[bad] = 2;
                    m.call().call(n, valid(k, n + 1), o);
                }));
            }
            calls.add(new BadCall(m.name(), m.arrays().get(0), "negative size",
                    () -> m.call().call(-1, valid(k, n), new int[k])));
        }
        return calls.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void badArgumentsAreRejectedNamingTheArgument(BadCall c) {
        DimensionMismatchException e = assertThrows(DimensionMismatchException.class, c.call()::run);
        String message = e.getMessage();
        assertTrue(message.startsWith(c.argument() + " ") || message.startsWith(c.argument() + ":"),
                () -> "message should name " + c.argument() + ": " + message);
    }

    @Test
    void validCallsReachTheKernelsAndLeaveOtherElementsAlone() {
        int n = 30;
        for (Method m : methods()) {
            int k = m.arrays().size();
            double[][] a = new double[k][];
            int[] o = new int[k];
            for (int j = 0; j < k; j++) {
                o[j] = j + 1;
                a[j] = new double[o[j] + n + 1]; // exactly long enough, plus one to spare
                java.util.Arrays.fill(a[j], 0.25 + j);
            }
            m.call().call(n, a, o); // must not throw
            m.call().call(0, new double[k][0], new int[k]); // empty ranges at offset 0 are valid
        }
        double[] x = {1, 2, 3, 4};
        double[] y = {5, 6, 7, 8};
        assertEquals(70.0, Blas.dot(x, y));
        assertEquals(38.0, Blas.dot(2, x, 1, y, 2)); // x[1..2]·y[2..3] = 2·7 + 3·8
    }

    @Test
    void wholeArrayOverloadsCheckTheirArrays() {
        double[] x = {3, 4};
        assertEquals(5.0, Blas.nrm2(x));
        assertMessageStartsWith("x ", () -> Blas.nrm2(null));
        assertMessageStartsWith("x ", () -> Blas.scal(2, null));
        assertMessageStartsWith("x ", () -> Blas.dot(null, x));
        assertMessageStartsWith("y ", () -> Blas.dot(x, null));
        assertMessageStartsWith("y ", () -> Blas.dot(x, new double[3]));
        assertMessageStartsWith("x ", () -> Blas.axpy(1, null, x));
        assertMessageStartsWith("y ", () -> Blas.axpy(1, x, new double[1]));
        assertMessageStartsWith("y ", () -> Blas.axpby(1, x, 2, null));
        double[] y = {1, 1};
        Blas.axpby(2, x, 3, y);
        assertEquals(9.0, y[0]);
        assertEquals(11.0, y[1]);
    }

    @Test
    void invalidOptionsAreRejected() {
        double[] x = new double[4];
        double[] y = new double[4];
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> ElementWise.clip(4, 1, -1, x, 0, y, 0));
        assertTrue(e.getMessage().startsWith("clip bounds"), e.getMessage());
        assertThrows(InvalidOptionException.class, () -> ElementWise.clip(4, Double.NaN, 1, x, 0, y, 0));
        for (double t : new double[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            e = assertThrows(InvalidOptionException.class, () -> ElementWise.softThreshold(4, t, x, 0, y, 0));
            assertTrue(e.getMessage().startsWith("threshold"), e.getMessage());
        }
        ElementWise.clip(4, 1, 1, x, 0, y, 0); // lo == hi is a valid (degenerate) interval
        assertEquals(1.0, y[3]);
    }

    private static void assertMessageStartsWith(String prefix, Runnable call) {
        DimensionMismatchException e = assertThrows(DimensionMismatchException.class, call::run);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }

    private static double[][] valid(int k, int n) {
        double[][] a = new double[k][];
        for (int j = 0; j < k; j++) {
            a[j] = new double[n];
            java.util.Arrays.fill(a[j], 1.5);
        }
        return a;
    }
}
