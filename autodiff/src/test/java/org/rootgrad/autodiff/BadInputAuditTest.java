package org.rootgrad.autodiff;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.testing.BadInputTable;

/**
 * The audit of the autodiff module's public entry points: recording ({@link Tape}, {@link Tensor},
 * {@link Shape}), evaluation ({@link Function} and {@link Workspace}), the adapters
 * ({@link Objective}, {@link VectorMap}) and {@link GradientCheck}. Every array argument null, too
 * short or too long; every input index out of range; null and foreign tensors and workspaces;
 * shape mismatches; non-finite constants; calls in the wrong order (evaluation before the inputs
 * are set, products before {@code linearize}). Each must throw a typed exception naming the
 * argument (see {@link BadInputTable}).
 *
 * <p>NaN policy: the evaluators (Function sweeps, the Objective and VectorMap adapters) are the
 * inner loops of the solvers and follow IEEE arithmetic, unchecked; those rows only require that
 * a NaN input comes out as a NaN, never as a finite number. A workspace checks its inputs on
 * request ({@link Workspace#checkFinite}), and {@link GradientCheck} always does.
 */
class BadInputAuditTest {
    private static final int N = 3;
    private static final int M = 2;

    private static Supplier<double[]> vector(int n) {
        return () -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = 0.25 * (i + 1);
            }
            return v;
        };
    }

    /** f(x, θ) = ‖x‖²·Σθ + Σ exp(x): scalar, inputs x [3] and θ [2]. */
    private static Function scalarFunction() {
        Tape t = new Tape();
        Tensor x = t.input("x", N);
        Tensor theta = t.input("theta", M);
        return t.build(x.squaredNorm().mul(theta.sum()).add(x.exp().sum()));
    }

    /** g(x, θ) = exp(x)·Σθ: a vector [3]. */
    private static Function vectorFunction() {
        Tape t = new Tape();
        Tensor x = t.input("x", N);
        Tensor theta = t.input("theta", M);
        return t.build(x.exp().mul(theta.sum()));
    }

    private static final Function F = scalarFunction();
    private static final Function G = vectorFunction();
    private static final BadInputTable TABLE = table();

    private static Workspace ready(Function f) {
        return f.newWorkspace().setInputs(vector(N).get(), vector(M).get());
    }

    private static BadInputTable table() {
        BadInputTable t = new BadInputTable("autodiff");
        recording(t);
        evaluation(t);
        workspace(t);
        adapters(t);
        gradientCheck(t);
        return t;
    }

    private static void recording(BadInputTable t) {
        t.add("Tape.input", "name null", DimensionMismatchException.class, "name", () -> new Tape().input(null, 2));
        t.add("Tape.input", "negative size", DimensionMismatchException.class, "negative", () -> new Tape().input("x", -2));
        t.add("Tape.input", "three dimensions", DimensionMismatchException.class, "dimensions",
                () -> new Tape().input("x", 2, 2, 2));
        t.add("Tape.input", "name used twice", InvalidOptionException.class, "x", () -> {
            Tape tape = new Tape();
            tape.input("x", 2);
            tape.input("x", 3);
        });
        t.add("Tape.input", "one input too many", InvalidOptionException.class, "inputs", () -> {
            Tape tape = new Tape();
            for (int k = 0; k <= Tape.MAX_INPUTS; k++) {
                tape.input("in" + k);
            }
        });
        t.entry("Tape.constant(data, dims)", a -> new Tape().constant(a.d(0), 2, 2))
                .input("data", vector(4)).valid().done();
        t.add("Tape.constant(data, dims)", "dims null", DimensionMismatchException.class, "dims",
                () -> new Tape().constant(new double[4], (int[]) null));
        t.entry("Tape.constant(value)", a -> new Tape().constant(a.x(0))).option("constant", 1.0).valid().done();
        t.entry("Tape.add(x, c)", a -> {
            Tape tape = new Tape();
            tape.add(tape.input("x", 2), a.x(0));
        }).option("c", 1.0).valid().done();
        t.entry("Tape.scale(x, c)", a -> {
            Tape tape = new Tape();
            tape.scale(tape.input("x", 2), a.x(0));
        }).option("c", 2.0).valid().done();
        t.entry("Tape.pow(x, exponent)", a -> {
            Tape tape = new Tape();
            tape.pow(tape.input("x", 2), a.x(0));
        }).option("exponent", 3.0).valid().done();
        t.add("Tensor.div(c)", "c = 0", InvalidOptionException.class, "c", () -> new Tape().input("x", 2).div(0));

        // binary ops: null, foreign and mismatched operands
        java.util.Map<String, java.util.function.BiFunction<Tensor, Tensor, Tensor>> binary = new java.util.LinkedHashMap<>();
        binary.put("add", Tensor::add);
        binary.put("sub", Tensor::sub);
        binary.put("mul", Tensor::mul);
        binary.put("div", Tensor::div);
        binary.put("max", Tensor::max);
        binary.put("min", Tensor::min);
        binary.put("dot", Tensor::dot);
        binary.put("matvec", Tensor::matvec);
        binary.put("transposeMatvec", Tensor::transposeMatvec);
        binary.put("matmul", Tensor::matmul);
        binary.put("outer", Tensor::outer);
        for (var e : binary.entrySet()) {
            String op = "Tensor." + e.getKey();
            var f = e.getValue();
            t.add(op, "other null", DimensionMismatchException.class, "tensor", () -> {
                Tape tape = new Tape();
                f.apply(tape.input("a", 2, 2), null);
            });
            t.add(op, "other from another tape", InvalidOptionException.class, "tape", () -> {
                Tape tape = new Tape();
                f.apply(tape.input("a", 2, 2), new Tape().input("b", 2, 2));
            });
            if (!e.getKey().equals("outer")) {
                t.add(op, "shapes that do not fit", DimensionMismatchException.class, e.getKey(), () -> {
                    Tape tape = new Tape();
                    f.apply(tape.input("a", 2, 3), tape.input("b", 5));
                });
            }
        }
        t.add("Tensor.outer", "a matrix operand", DimensionMismatchException.class, "outer", () -> {
            Tape tape = new Tape();
            tape.input("a", 2, 3).outer(tape.input("b", 2));
        });
        t.add("Tensor.reshape", "wrong size", DimensionMismatchException.class, "reshape",
                () -> new Tape().input("a", 2, 3).reshape(5));
        t.add("Tensor.slice", "past the end", DimensionMismatchException.class, "slice",
                () -> new Tape().input("a", 3).slice(1, 4));
        t.add("Tensor.slice", "from > to", DimensionMismatchException.class, "slice",
                () -> new Tape().input("a", 3).slice(2, 1));
        t.add("Tensor.rows", "past the end", DimensionMismatchException.class, "rows",
                () -> new Tape().input("a", 2, 3).rows(0, 3));
        t.add("Tensor.element", "index -1", DimensionMismatchException.class, "element",
                () -> new Tape().input("a", 3).element(-1));
        t.add("Tensor.element", "index = size", DimensionMismatchException.class, "element",
                () -> new Tape().input("a", 3).element(3));
        t.add("Tensor.transpose", "a vector", DimensionMismatchException.class, "transpose",
                () -> new Tape().input("a", 3).transpose());
        t.add("Tape.where", "shapes that differ", DimensionMismatchException.class, "where", () -> {
            Tape tape = new Tape();
            tape.where(tape.input("c", 3), tape.input("a", 3), tape.input("b", 4));
        });
        t.add("Tape.broadcast", "a vector source", DimensionMismatchException.class, "broadcast", () -> {
            Tape tape = new Tape();
            tape.broadcast(tape.input("s", 3), 2, 2);
        });
        t.add("Tape.concat", "no parts", DimensionMismatchException.class, "concat", () -> new Tape().concat());
        t.add("Tape.concat", "parts null", DimensionMismatchException.class, "parts",
                () -> new Tape().concat((Tensor[]) null));
        t.add("Tape.concat", "a null part", DimensionMismatchException.class, "tensor", () -> {
            Tape tape = new Tape();
            tape.concat(tape.input("a", 2), null);
        });
        t.add("Tape.binaryLogisticLoss(z, y)", "labels of another length", DimensionMismatchException.class,
                "binaryLogisticLoss", () -> {
                    Tape tape = new Tape();
                    tape.binaryLogisticLoss(tape.input("z", 3), tape.constant(new double[] {1, -1}));
                });
        t.add("Tape.binaryLogisticLoss(X, w, y)", "a variable data matrix", UnsupportedDerivativeException.class,
                "X", () -> {
                    Tape tape = new Tape();
                    tape.binaryLogisticLoss(tape.input("X", 2, 2), tape.input("w", 2),
                            tape.constant(new double[] {1, -1}));
                });
        t.add("Tape.leastSquares", "weights of another length", DimensionMismatchException.class, "leastSquares",
                () -> {
                    Tape tape = new Tape();
                    tape.leastSquares(tape.constant(new double[6], 2, 3), tape.input("w", 2),
                            tape.constant(new double[2]));
                });
        t.add("Tape.softmaxCrossEntropy(Z, labels)", "labels null", DimensionMismatchException.class, "labels",
                () -> {
                    Tape tape = new Tape();
                    tape.softmaxCrossEntropy(tape.input("Z", 2, 3), null);
                });
        t.add("Tape.softmaxCrossEntropy(Z, labels)", "a label out of range", DimensionMismatchException.class,
                "labels", () -> {
                    Tape tape = new Tape();
                    tape.softmaxCrossEntropy(tape.input("Z", 2, 3), new int[] {0, 3});
                });
        t.add("Tape.softmaxCrossEntropy(Z, labels)", "a negative label", DimensionMismatchException.class,
                "labels", () -> {
                    Tape tape = new Tape();
                    tape.softmaxCrossEntropy(tape.input("Z", 2, 3), new int[] {-1, 0});
                });
        t.add("Tape.softmaxCrossEntropy(X, W, labels)", "W that does not fit X", DimensionMismatchException.class,
                "softmaxCrossEntropy", () -> {
                    Tape tape = new Tape();
                    tape.softmaxCrossEntropy(tape.constant(new double[6], 2, 3), tape.input("W", 2, 2),
                            new int[] {0, 1});
                });
        t.add("Tape.apply", "primitive null", DimensionMismatchException.class, "primitive", () -> {
            Tape tape = new Tape();
            tape.apply(null, Shape.vector(2), tape.input("x", 2));
        });
        t.add("Tape.apply", "outputShape null", DimensionMismatchException.class, "outputShape", () -> {
            Tape tape = new Tape();
            tape.apply(new CustomPrimitives.Cube(), null, tape.input("x", 2));
        });
        t.add("Tape.apply", "inputs null", DimensionMismatchException.class, "inputs",
                () -> new Tape().apply(new CustomPrimitives.Cube(), Shape.vector(2), (Tensor[]) null));
        t.add("Tape.apply", "an input from another tape", InvalidOptionException.class, "tape",
                () -> new Tape().apply(new CustomPrimitives.Cube(), Shape.vector(2), new Tape().input("x", 2)));
        t.add("Tape.build", "output null", DimensionMismatchException.class, "tensor", () -> new Tape().build(null));
        t.add("Tape.build", "output from another tape", InvalidOptionException.class, "tape",
                () -> new Tape().build(new Tape().input("x", 2)));
        t.add("Shape.of", "three dimensions", DimensionMismatchException.class, "dimensions", () -> Shape.of(1, 2, 3));
        t.add("Shape.matrix", "negative rows", DimensionMismatchException.class, "negative", () -> Shape.matrix(-1, 2));
        t.add("Shape.vector", "negative size", DimensionMismatchException.class, "negative", () -> Shape.vector(-1));
        t.add("Shape.matrix", "too many elements", DimensionMismatchException.class, "large",
                () -> Shape.matrix(1 << 16, 1 << 16));
    }

    private static void evaluation(BadInputTable t) {
        Function other = scalarFunction();
        t.entry("Function.value(ws)", a -> F.value(a.o(0))).object("ws", () -> ready(F), "workspace").valid().done();
        t.add("Function.value(ws)", "a workspace of another function", InvalidOptionException.class, "workspace",
                () -> F.value(ready(other)));
        t.add("Function.value(ws)", "inputs never set", InvalidOptionException.class, "setInput",
                () -> F.value(F.newWorkspace()));
        t.add("Function.value(ws)", "a vector output", DimensionMismatchException.class, "value",
                () -> G.value(ready(G)));
        t.entry("Function.value(ws, out)", a -> G.value(a.o(0), a.d(1)))
                .object("ws", () -> ready(G), "workspace").output("out", vector(N)).valid().done();
        t.entry("Function.valueAndGradient", a -> F.valueAndGradient(a.o(0), a.i(1), a.d(2)))
                .object("ws", () -> ready(F), "workspace").intOption("input", 0, -1, 2)
                .output("gradient", vector(N)).valid().done();
        t.entry("Function.gradient", a -> F.gradient(a.o(0), a.i(1), a.d(2)))
                .object("ws", () -> ready(F), "workspace").intOption("input", 1, -1, 2)
                .output("gradient", vector(M)).valid().done();
        t.add("Function.gradient", "a vector output", DimensionMismatchException.class, "gradient",
                () -> G.gradient(ready(G), 0, new double[N]));
        t.add("Function.gradient", "inputs never set", InvalidOptionException.class, "setInput",
                () -> F.gradient(F.newWorkspace(), 0, new double[N]));
        t.add("Function.valueAndGradients", "gradients null", DimensionMismatchException.class, "gradients",
                () -> F.valueAndGradients(ready(F), null));
        t.add("Function.valueAndGradients", "one array per input missing", DimensionMismatchException.class,
                "gradients", () -> F.valueAndGradients(ready(F), new double[1][]));
        t.add("Function.valueAndGradients", "gradients[1] too short", DimensionMismatchException.class,
                "gradients", () -> F.valueAndGradients(ready(F), new double[][] {null, new double[1]}));
        t.entry("Function.jvp", a -> G.jvp(a.o(0), a.i(1), a.d(2), a.d(3)))
                .object("ws", () -> ready(G), "workspace").intOption("input", 0, -1, 2)
                .output("direction", vector(N)).output("out", vector(N)).valid().done();
        t.entry("Function.vjp", a -> G.vjp(a.o(0), a.d(1), a.i(2), a.d(3)))
                .object("ws", () -> ready(G), "workspace").output("cotangent", vector(N))
                .intOption("input", 1, -1, 2).output("out", vector(M)).valid().done();
        t.add("Function.vjps", "outs of the wrong count", DimensionMismatchException.class, "outs",
                () -> G.vjps(ready(G), vector(N).get(), new double[3][]));
        t.add("Function.vjps", "cotangent too short", DimensionMismatchException.class, "cotangent",
                () -> G.vjps(ready(G), new double[1], new double[2][]));
        t.entry("Function.hessianVector", a -> F.hessianVector(a.o(0), a.i(1), a.d(2), a.d(3)))
                .object("ws", () -> ready(F), "workspace").intOption("input", 0, -1, 2)
                .output("direction", vector(N)).output("out", vector(N)).valid().done();
        t.entry("Function.secondOrder(ws, t, direction, g, out)",
                        a -> F.secondOrder(a.o(0), a.i(1), a.d(2), a.i(3), a.d(4)))
                .object("ws", () -> ready(F), "workspace").intOption("input", 1, -1, 5)
                .output("direction", vector(M)).fixed(0).output("out", vector(N)).valid().done();
        t.entry("Function.secondOrder(ws, cotangent, t, direction, g, out)",
                        a -> G.secondOrder(a.o(0), a.d(1), a.i(2), a.d(3), 0, a.d(4)))
                .object("ws", () -> ready(G), "workspace").output("cotangent", vector(N))
                .intOption("input", 0, -1, 2).output("direction", vector(N)).output("out", vector(N)).valid().done();
        t.add("Function.secondOrder(ws, t, direction, g, out)", "a vector output", DimensionMismatchException.class,
                "secondOrder", () -> G.secondOrder(ready(G), 0, new double[N], 0, new double[N]));
        t.add("Function.secondOrder(ws, t, direction, g, out)", "a primitive without a second-order rule",
                UnsupportedDerivativeException.class, "second-order", () -> {
                    Tape tape = new Tape();
                    Tensor x = tape.input("x", 2);
                    Function f = tape.build(tape.apply(new CustomPrimitives.Solve2x2(), Shape.vector(2),
                            tape.constant(new double[] {2, 0, 0, 3}), x).squaredNorm());
                    Workspace ws = f.newWorkspace().setInputs(new double[] {1, 2});
                    f.hessianVector(ws, 0, new double[] {1, 0}, new double[2]);
                });
        t.entry("Function.jacobian", a -> G.jacobian(a.o(0), a.i(1), a.d(2)))
                .object("ws", () -> ready(G), "workspace").intOption("input", 0, -1, 2)
                .output("out", vector(N * N)).valid().done();
        t.entry("Function.hessian(ws, wrt, out)", a -> F.hessian(a.o(0), a.i(1), a.d(2)))
                .object("ws", () -> ready(F), "workspace").intOption("input", 0, -1, 2)
                .output("out", vector(N * N)).valid().done();
        t.entry("Function.hessian(ws, g, t, out)", a -> F.hessian(a.o(0), 0, a.i(1), a.d(2)))
                .object("ws", () -> ready(F), "workspace").intOption("input", 1, -1, 2)
                .output("out", vector(N * M)).valid().done();
        t.add("Function.inputIndex", "an unknown name", InvalidOptionException.class, "y", () -> F.inputIndex("y"));
        t.add("Function.inputName", "index out of range", InvalidOptionException.class, "input",
                () -> F.inputName(2));
        t.add("Function.inputShape", "index out of range", InvalidOptionException.class, "input",
                () -> F.inputShape(-1));
        t.add("Function.inputSize", "index out of range", InvalidOptionException.class, "input",
                () -> F.inputSize(7));

        // the sweeps do not scan their vectors for NaN, but must carry it to the result
        t.propagates("Function.jvp", "direction[1] = NaN (not scanned)", () -> {
            double[] d = vector(N).get();
            d[1] = Double.NaN;
            double[] out = new double[N];
            G.jvp(ready(G), 0, d, out);
            return out;
        });
        t.propagates("Function.vjp", "cotangent[1] = NaN (not scanned)", () -> {
            double[] c = vector(N).get();
            c[1] = Double.NaN;
            double[] out = new double[M];
            G.vjp(ready(G), c, 1, out);
            return out;
        });
        t.propagates("Function.hessianVector", "direction[2] = +Infinity (not scanned)", () -> {
            double[] v = vector(N).get();
            v[2] = Double.POSITIVE_INFINITY;
            double[] out = new double[N];
            F.hessianVector(ready(F), 0, v, out);
            return out;
        });
    }

    private static void workspace(BadInputTable t) {
        t.entry("Workspace.setInput", a -> F.newWorkspace().setInput(a.i(0), a.d(1)))
                .intOption("input", 0, -1, 2).output("x", vector(N)).valid().done();
        t.entry("Workspace.setInput (checkFinite on)", a -> F.newWorkspace().checkFinite(true).setInput(1, a.d(0)))
                .input("theta", vector(M)).valid().done();
        t.propagates("Workspace.setInput (checkFinite off)", "x[1] = NaN, then value", () -> {
            double[] x = vector(N).get();
            x[1] = Double.NaN;
            return new double[] {F.value(F.newWorkspace().setInputs(x, vector(M).get()))};
        });
        t.propagates("Workspace.setInput (checkFinite off)", "theta[0] = -Infinity, then gradient", () -> {
            double[] theta = vector(M).get();
            theta[0] = Double.NEGATIVE_INFINITY;
            double[] g = new double[N];
            F.gradient(F.newWorkspace().setInputs(vector(N).get(), theta), 0, g);
            return g;
        });
        t.entry("Workspace.getInput", a -> ready(F).getInput(a.i(0), a.d(1)))
                .intOption("input", 0, -1, 2).output("out", vector(N)).valid().done();
        t.add("Workspace.checkInputs", "x[2] = NaN", NonFiniteException.class, "x", () -> {
            double[] x = vector(N).get();
            x[2] = Double.NaN;
            F.newWorkspace().setInputs(x, vector(M).get()).checkInputs();
        });
        t.add("Workspace.checkInputs", "theta never set", InvalidOptionException.class, "theta",
                () -> F.newWorkspace().setInput(0, vector(N).get()).checkInputs());
    }

    private static void adapters(BadInputTable t) {
        t.add("Function.objective", "x input out of range", InvalidOptionException.class, "input",
                () -> F.objective(2, 1));
        t.add("Function.objective", "x and θ the same input", InvalidOptionException.class, "θ",
                () -> F.objective(0, 0));
        t.add("Function.objective", "an input left over", InvalidOptionException.class, "inputs",
                () -> F.objective(0));
        t.add("Function.objective", "a vector output", DimensionMismatchException.class, "objective",
                () -> G.objective(0, 1));
        t.add("Function.vectorMap", "θ input out of range", InvalidOptionException.class, "input",
                () -> G.vectorMap(0, 3));
        t.add("Function.vectorMap", "x and θ the same input", InvalidOptionException.class, "θ",
                () -> G.vectorMap(1, 1));

        Supplier<Objective> objective = () -> F.objective(0, 1);
        t.entry("Objective.value (tape)", a -> objective.get().value(a.d(0), a.d(1)))
                .output("x", vector(N)).output("theta", vector(M)).valid().done();
        t.entry("Objective.valueAndGradient (tape)",
                        a -> objective.get().valueAndGradient(a.d(0), a.d(1), a.d(2)))
                .output("x", vector(N)).output("theta", vector(M)).output("gradient", vector(N)).valid().done();
        t.entry("Objective.linearize (tape)", a -> objective.get().linearize(a.d(0), a.d(1)))
                .output("x", vector(N)).output("theta", vector(M)).valid().done();
        Supplier<Objective> linearized = () -> {
            Objective o = objective.get();
            o.linearize(vector(N).get(), vector(M).get());
            return o;
        };
        t.entry("Objective.hessianVector (tape)", a -> linearized.get().hessianVector(a.d(0), a.d(1)))
                .output("direction", vector(N)).output("out", vector(N)).valid().done();
        t.entry("Objective.mixedVector (tape)", a -> linearized.get().mixedVector(a.d(0), a.d(1)))
                .output("direction", vector(M)).output("out", vector(N)).valid().done();
        t.entry("Objective.mixedTransposeVector (tape)", a -> linearized.get().mixedTransposeVector(a.d(0), a.d(1)))
                .output("direction", vector(N)).output("out", vector(M)).valid().done();
        for (String product : new String[] {"hessianVector", "mixedVector", "mixedTransposeVector"}) {
            t.add("Objective." + product + " (tape)", "before linearize", InvalidOptionException.class, "linearize",
                    () -> {
                        Objective o = objective.get();
                        switch (product) {
                            case "hessianVector" -> o.hessianVector(new double[N], new double[N]);
                            case "mixedVector" -> o.mixedVector(new double[M], new double[N]);
                            default -> o.mixedTransposeVector(new double[N], new double[M]);
                        }
                    });
        }
        t.propagates("Objective.value (tape)", "x[0] = NaN (not scanned)", () -> {
            double[] x = vector(N).get();
            x[0] = Double.NaN;
            return new double[] {objective.get().value(x, vector(M).get())};
        });
        t.propagates("Objective.valueAndGradient (tape)", "theta[1] = NaN (not scanned)", () -> {
            double[] theta = vector(M).get();
            theta[1] = Double.NaN;
            double[] g = new double[N];
            objective.get().valueAndGradient(vector(N).get(), theta, g);
            return g;
        });

        Supplier<VectorMap> map = () -> G.vectorMap(0, 1);
        Supplier<VectorMap> linearizedMap = () -> {
            VectorMap v = map.get();
            v.linearize(vector(N).get(), vector(M).get());
            return v;
        };
        t.entry("VectorMap.evaluate", a -> map.get().evaluate(a.d(0), a.d(1), a.d(2)))
                .output("x", vector(N)).output("theta", vector(M)).output("out", vector(N)).valid().done();
        t.entry("VectorMap.linearize", a -> map.get().linearize(a.d(0), a.d(1)))
                .output("x", vector(N)).output("theta", vector(M)).valid().done();
        t.entry("VectorMap.valueAtLinearization", a -> linearizedMap.get().valueAtLinearization(a.d(0)))
                .output("out", vector(N)).valid().done();
        t.entry("VectorMap.jvpX", a -> linearizedMap.get().jvpX(a.d(0), a.d(1)))
                .output("direction", vector(N)).output("out", vector(N)).valid().done();
        t.entry("VectorMap.vjpX", a -> linearizedMap.get().vjpX(a.d(0), a.d(1)))
                .output("cotangent", vector(N)).output("out", vector(N)).valid().done();
        t.entry("VectorMap.jvpTheta", a -> linearizedMap.get().jvpTheta(a.d(0), a.d(1)))
                .output("direction", vector(M)).output("out", vector(N)).valid().done();
        t.entry("VectorMap.vjpTheta", a -> linearizedMap.get().vjpTheta(a.d(0), a.d(1)))
                .output("cotangent", vector(N)).output("out", vector(M)).valid().done();
        for (String product : new String[] {"valueAtLinearization", "jvpX", "vjpX", "jvpTheta", "vjpTheta"}) {
            t.add("VectorMap." + product, "before linearize", InvalidOptionException.class, "linearize", () -> {
                VectorMap v = map.get();
                switch (product) {
                    case "valueAtLinearization" -> v.valueAtLinearization(new double[N]);
                    case "jvpX" -> v.jvpX(new double[N], new double[N]);
                    case "vjpX" -> v.vjpX(new double[N], new double[N]);
                    case "jvpTheta" -> v.jvpTheta(new double[M], new double[N]);
                    default -> v.vjpTheta(new double[N], new double[M]);
                }
            });
        }
    }

    private static void gradientCheck(BadInputTable t) {
        t.add("GradientCheck.of", "function null", DimensionMismatchException.class, "function",
                () -> GradientCheck.of(null));
        t.entry("GradientCheck.step", a -> GradientCheck.of(F).step(a.x(0))).option("step", 1e-5, 0, -1).valid().done();
        t.entry("GradientCheck.floor", a -> GradientCheck.of(F).floor(a.x(0))).option("floor", 1e-6, -1).valid().done();
        t.entry("GradientCheck.directions", a -> GradientCheck.of(F).directions(a.i(0)))
                .intOption("directions", 4, 0, -1).valid().done();
        t.entry("GradientCheck.coordinateLimit", a -> GradientCheck.of(F).coordinateLimit(a.i(0)))
                .intOption("coordinateLimit", 16, 0).valid().done();
        t.entry("GradientCheck.at", a -> GradientCheck.of(F).at(a.d(0), a.d(1)))
                .input("x", vector(N)).input("theta", vector(M)).valid().done();
        t.add("GradientCheck.at", "one array too few", DimensionMismatchException.class, "inputs",
                () -> GradientCheck.of(F).at(vector(N).get()));
        t.add("GradientCheck.at", "inputs null", DimensionMismatchException.class, "inputs",
                () -> GradientCheck.of(F).at((double[][]) null));
    }

    @TestFactory
    Stream<DynamicTest> everyBadCallThrowsATypedErrorNamingTheArgument() {
        return TABLE.tests();
    }

    @AfterAll
    static void writeTheSummary() {
        System.out.print(TABLE.writeSummary());
    }
}
