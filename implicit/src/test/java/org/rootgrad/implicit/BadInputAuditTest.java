package org.rootgrad.implicit;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.engine.linalg.LU;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.IndefiniteOperatorException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.SingularOperatorException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.linear.BlockSolveResult;
import org.rootgrad.implicit.linear.LbfgsHistory;
import org.rootgrad.implicit.linear.LinearOperator;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.Preconditioner;
import org.rootgrad.implicit.linear.SolverWorkspace;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.testing.BadInputTable;

/**
 * The audit of the implicit module's public entry points: {@link ImplicitDiff} (builder,
 * workspaces, one-shot conveniences, {@code customRoot}, {@code customFixedPoint}, tape nodes),
 * {@link ImplicitDiffWorkspace}, {@link ImplicitSolution}, the {@link RootFunction} and
 * {@link FixedPointMap} factories, {@link ParameterLayout}, and the linear layer: solver options,
 * every solver's factory, workspace and single and block solves, operator and preconditioner
 * factories and views, {@link LbfgsHistory}. Each bad call must throw a typed exception naming
 * the argument (see {@link BadInputTable}); NaN in a right-hand side, in the point or in a
 * cotangent must be rejected or reported, never turned into a finite answer.
 *
 * <p>The problem: f(x, θ) = ½xᵀAx − θᵀCx on the tape, n = 3, m = 2, so F = ∇ₓf = Ax − Cᵀθ and
 * x*(θ) = A⁻¹Cᵀθ; its solver function solves with a dense LU.
 */
class BadInputAuditTest {
    private static final int N = 3;
    private static final int M = 2;
    private static final double[] A = {4, 1, 0, 1, 3, 0.5, 0, 0.5, 2};
    private static final double[] C = {1, 0, 2, 0, 1, -1};

    private static Supplier<double[]> vector(int n) {
        return () -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = 0.5 + 0.25 * i;
            }
            return v;
        };
    }

    private static Function quadratic() {
        Tape t = new Tape();
        Tensor x = t.input("x", N);
        Tensor theta = t.input("theta", M);
        Tensor value = x.dot(t.constant(A, N, N).matvec(x)).scale(0.5)
                .sub(theta.dot(t.constant(C, M, N).matvec(x)));
        return t.build(value);
    }

    private static final Function F = quadratic();

    private static RootFunction root() {
        return RootFunction.gradientOf(F, 0, 1);
    }

    /** Solves A x = Cᵀθ exactly. */
    private static SolverFunction exactSolver() {
        LU lu = new LU(N).factor(A, 0, N);
        return (init, theta, out) -> {
            double[] rhs = new double[N];
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < M; j++) {
                    rhs[i] += C[j * N + i] * theta[j];
                }
            }
            lu.solve(rhs, out);
            return Status.CONVERGED;
        };
    }

    /** x*(θ) for the valid θ. */
    private static double[] solution() {
        double[] x = new double[N];
        exactSolver().solve(new double[N], vector(M).get(), x);
        return x;
    }

    private static ImplicitDiffWorkspace workspace() {
        return ImplicitDiff.defaults().newWorkspace(root());
    }

    private static ImplicitSolution evaluated() {
        ImplicitSolution s = ImplicitDiff.customRoot(root(), exactSolver(), null);
        s.evaluate(vector(M).get(), new double[N]);
        return s;
    }

    private static final BadInputTable TABLE = table();

    private static BadInputTable table() {
        BadInputTable t = new BadInputTable("implicit");
        implicitDiff(t);
        maps(t);
        linearOptionsAndSolvers(t);
        operatorsAndPreconditioners(t);
        return t;
    }

    private static void implicitDiff(BadInputTable t) {
        t.add("ImplicitDiff.Builder.linearSolverOptions", "null", DimensionMismatchException.class, "options",
                () -> ImplicitDiff.builder().linearSolverOptions(null));
        t.entry("ImplicitDiff.Builder.tolerance", a -> ImplicitDiff.builder().tolerance(a.x(0)))
                .option("tolerance", 1e-8, 0, -1).valid().done();
        t.entry("ImplicitDiff.Builder.denseThreshold", a -> ImplicitDiff.builder().denseThreshold(a.i(0)))
                .intOption("denseThreshold", 10, -1).valid().done();
        t.add("ImplicitDiff.newWorkspace", "root function null", DimensionMismatchException.class, "function",
                () -> ImplicitDiff.defaults().newWorkspace(null));

        t.entry("ImplicitDiffWorkspace.vjp", a -> workspace().vjp(a.d(0), a.d(1), a.d(2), a.d(3)))
                .input("xStar", BadInputAuditTest::solution).inputMayBeInfinite("theta", vector(M))
                .input("xBar", vector(N)).output("thetaBar", vector(M)).valid().done();
        t.add("ImplicitDiffWorkspace.vjp(…, knownResidual)", "knownResidual of the wrong length",
                DimensionMismatchException.class, "knownResidual",
                () -> workspace().vjp(solution(), vector(M).get(), vector(N).get(), new double[M], new double[N + 1]));
        t.add("ImplicitDiffWorkspace.jvp(…, knownResidual)", "knownResidual of the wrong length",
                DimensionMismatchException.class, "knownResidual",
                () -> workspace().jvp(solution(), vector(M).get(), vector(M).get(), new double[N], new double[N - 1]));
        t.entry("ImplicitDiffWorkspace.jvp", a -> workspace().jvp(a.d(0), a.d(1), a.d(2), a.d(3)))
                .input("xStar", BadInputAuditTest::solution).inputMayBeInfinite("theta", vector(M))
                .input("thetaDot", vector(M)).output("xDot", vector(N)).valid().done();
        t.entry("ImplicitDiffWorkspace.jacobian", a -> workspace().jacobian(a.d(0), a.d(1), a.d(2)))
                .input("xStar", BadInputAuditTest::solution).inputMayBeInfinite("theta", vector(M))
                .output("jacobian", vector(N * M)).valid().done();
        t.add("ImplicitDiffWorkspace.setPreconditioner", "wrong dimension", DimensionMismatchException.class,
                "preconditioner", () -> workspace().setPreconditioner(Preconditioner.identity(N + 1)));
        t.add("ImplicitDiffWorkspace.setPreconditioners", "transpose of the wrong dimension",
                DimensionMismatchException.class, "preconditioner",
                () -> workspace().setPreconditioners(null, Preconditioner.identity(1)));

        t.add("ImplicitDiff.rootVjp", "function null", DimensionMismatchException.class, "function",
                () -> ImplicitDiff.rootVjp(null, solution(), vector(M).get(), vector(N).get(), null));
        t.entry("ImplicitDiff.rootVjp", a -> ImplicitDiff.rootVjp(root(), a.d(0), a.d(1), a.d(2), null))
                .input("xStar", BadInputAuditTest::solution).inputMayBeInfinite("theta", vector(M)).input("xBar", vector(N))
                .valid().done();
        t.add("ImplicitDiff.rootJvp", "function null", DimensionMismatchException.class, "function",
                () -> ImplicitDiff.rootJvp(null, solution(), vector(M).get(), vector(M).get(), null));
        t.entry("ImplicitDiff.rootJvp", a -> ImplicitDiff.rootJvp(root(), a.d(0), a.d(1), a.d(2), null))
                .input("xStar", BadInputAuditTest::solution).inputMayBeInfinite("theta", vector(M)).input("thetaDot", vector(M))
                .valid().done();
        t.add("ImplicitDiff.jacobian", "function null", DimensionMismatchException.class, "function",
                () -> ImplicitDiff.jacobian(null, solution(), vector(M).get(), null));
        t.entry("ImplicitDiff.jacobian", a -> ImplicitDiff.jacobian(root(), a.d(0), a.d(1), null))
                .input("xStar", BadInputAuditTest::solution).inputMayBeInfinite("theta", vector(M)).valid().done();

        t.add("ImplicitDiff.customRoot", "root function null", DimensionMismatchException.class, "function",
                () -> ImplicitDiff.customRoot(null, exactSolver(), null));
        t.add("ImplicitDiff.customRoot", "solver function null", DimensionMismatchException.class, "solver",
                () -> ImplicitDiff.customRoot(root(), null, null));
        t.add("ImplicitDiff.customFixedPoint", "map null", DimensionMismatchException.class, "map",
                () -> ImplicitDiff.customFixedPoint(null, exactSolver(), null));
        t.add("ImplicitDiff.customFixedPoint", "solver function null", DimensionMismatchException.class, "solver",
                () -> ImplicitDiff.customFixedPoint(FixedPointMap.gradientStep(F.objective(0, 1), 0.1), null, null));

        t.entry("ImplicitSolution.evaluate",
                        a -> ImplicitDiff.customRoot(root(), exactSolver(), null).evaluate(a.d(0), a.d(1)))
                .input("theta", vector(M)).output("x", vector(N)).valid().done();
        t.entry("ImplicitSolution.setInitialGuess",
                        a -> ImplicitDiff.customRoot(root(), exactSolver(), null).setInitialGuess(a.d(0)))
                .output("init", vector(N)).valid().done();
        t.entry("ImplicitSolution.vjp", a -> evaluated().vjp(a.d(0), a.d(1)))
                .input("xBar", vector(N)).output("thetaBar", vector(M)).valid().done();
        t.entry("ImplicitSolution.jvp", a -> evaluated().jvp(a.d(0), a.d(1)))
                .input("thetaDot", vector(M)).output("xDot", vector(N)).valid().done();
        t.entry("ImplicitSolution.jacobian", a -> evaluated().jacobian(a.d(0)))
                .output("jacobian", vector(N * M)).valid().done();
        for (String call : new String[] {"vjp", "jvp", "jacobian"}) {
            t.add("ImplicitSolution." + call, "before evaluate", InvalidOptionException.class, "evaluate", () -> {
                ImplicitSolution s = ImplicitDiff.customRoot(root(), exactSolver(), null);
                switch (call) {
                    case "vjp" -> s.vjp(vector(N).get(), new double[M]);
                    case "jvp" -> s.jvp(vector(M).get(), new double[N]);
                    default -> s.jacobian(new double[N * M]);
                }
            });
        }
        t.add("ImplicitSolution.evaluate", "the solver function returns null", InvalidOptionException.class, "null",
                () -> ImplicitDiff.customRoot(root(), (init, theta, out) -> null, null)
                        .evaluate(vector(M).get(), new double[N]));
        t.add("ImplicitSolution.evaluate", "the solver function reports failure", NotConvergedException.class,
                "MAX_ITERATIONS", () -> ImplicitDiff.customRoot(root(), (init, theta, out) -> Status.MAX_ITERATIONS, null)
                        .evaluate(vector(M).get(), new double[N]));

        // tape nodes
        t.add("ImplicitDiff.node", "tape null", DimensionMismatchException.class, "tape", () -> {
            Tape tape = new Tape();
            ImplicitDiff.node(null, ImplicitDiff.customRoot(root(), exactSolver(), null), tape.input("theta", M));
        });
        t.add("ImplicitDiff.node", "map null", DimensionMismatchException.class, "map", () -> {
            Tape tape = new Tape();
            ImplicitDiff.node(tape, null, tape.input("theta", M));
        });
        t.add("ImplicitDiff.node", "thetaParts null", DimensionMismatchException.class, "thetaParts",
                () -> ImplicitDiff.node(new Tape(), ImplicitDiff.customRoot(root(), exactSolver(), null),
                        (Tensor[]) null));
        t.add("ImplicitDiff.node", "a null part", DimensionMismatchException.class, "thetaParts", () -> {
            Tape tape = new Tape();
            ImplicitDiff.node(tape, ImplicitDiff.customRoot(root(), exactSolver(), null), tape.input("a", 1), null);
        });
        t.add("ImplicitDiff.node", "parts of the wrong total size", DimensionMismatchException.class, "m", () -> {
            Tape tape = new Tape();
            ImplicitDiff.node(tape, ImplicitDiff.customRoot(root(), exactSolver(), null), tape.input("theta", M + 1));
        });
        t.add("ImplicitDiff.node (evaluation)", "theta[1] = NaN", NonFiniteException.class, "theta", () -> {
            Tape tape = new Tape();
            Tensor theta = tape.input("theta", M);
            Function g = tape.build(ImplicitDiff.node(tape, ImplicitDiff.customRoot(root(), exactSolver(), null), theta)
                    .squaredNorm());
            Workspace ws = g.newWorkspace().setInputs(new double[] {1, Double.NaN});
            g.value(ws);
        });
    }

    private static void maps(BadInputTable t) {
        t.add("RootFunction.gradientOf(Objective)", "null", DimensionMismatchException.class, "objective|f",
                () -> RootFunction.gradientOf((org.rootgrad.autodiff.Objective) null));
        t.add("RootFunction.gradientOf(Function, x, θ...)", "function null", DimensionMismatchException.class,
                "function", () -> RootFunction.gradientOf(null, 0, 1));
        t.add("RootFunction.gradientOf(Function, x, θ...)", "x input out of range", InvalidOptionException.class,
                "input", () -> RootFunction.gradientOf(F, 5, 1));
        t.add("RootFunction.gradientOf(Function, x, θ...)", "θ input out of range", InvalidOptionException.class,
                "input", () -> RootFunction.gradientOf(F, 0, -3));
        t.add("RootFunction.gradientOf(Function, x, θ...)", "θ the same input as x", InvalidOptionException.class,
                "x", () -> RootFunction.gradientOf(F, 0, 0));
        t.add("RootFunction.gradientOf(Function, x, θ...)", "an input left over", InvalidOptionException.class,
                "inputs|input", () -> RootFunction.gradientOf(F, 0));
        t.add("RootFunction.fromTape", "structure null", DimensionMismatchException.class, "structure", () -> {
            Tape tape = new Tape();
            Tensor x = tape.input("x", N);
            Tensor theta = tape.input("theta", M);
            RootFunction.fromTape(tape.build(x.sub(theta.sum())), null, 0, 1);
        });
        t.add("RootFunction.fromTape", "output of another size than x", DimensionMismatchException.class,
                "output|x", () -> {
                    Tape tape = new Tape();
                    Tensor x = tape.input("x", N);
                    Tensor theta = tape.input("theta", M);
                    RootFunction.fromTape(tape.build(x.sum().add(theta.sum())), Structure.GENERAL, 0, 1);
                });
        t.add("RootFunction.fromVectorMap", "null", DimensionMismatchException.class, "map|f",
                () -> RootFunction.fromVectorMap(null, Structure.GENERAL));
        t.add("RootFunction.fixedPoint", "null", DimensionMismatchException.class, "map|t",
                () -> RootFunction.fixedPoint(null));
        t.add("FixedPointMap.gradientStep", "objective null", DimensionMismatchException.class, "objective|f",
                () -> FixedPointMap.gradientStep(null, 0.1));
        t.entry("FixedPointMap.gradientStep", a -> FixedPointMap.gradientStep(F.objective(0, 1), a.x(0)))
                .option("eta", 0.1, 0, -1).valid().done();
        t.add("FixedPointMap.fromTape", "function null", DimensionMismatchException.class, "function",
                () -> FixedPointMap.fromTape(null, Structure.GENERAL, 0, 1));
        t.add("FixedPointMap.fromVectorMap", "null", DimensionMismatchException.class, "map|t",
                () -> FixedPointMap.fromVectorMap(null, Structure.GENERAL));

        RootFunction f = root();
        t.propagates("RootFunction.evaluate (tape)", "x[1] = NaN (not scanned)", () -> {
            double[] x = solution();
            x[1] = Double.NaN;
            double[] out = new double[N];
            root().evaluate(x, vector(M).get(), out);
            return out;
        });
        t.add("RootFunction.jvpX (tape)", "before linearize", InvalidOptionException.class, "linearize|setInput",
                () -> root().jvpX(new double[N], new double[N]));
        t.add("RootFunction.evaluate (tape)", "x too short", DimensionMismatchException.class, "x",
                () -> f.evaluate(new double[N - 1], vector(M).get(), new double[N]));

        t.add("ParameterLayout.of(int...)", "sizes null", DimensionMismatchException.class, "sizes",
                () -> ParameterLayout.of((int[]) null));
        t.add("ParameterLayout.of(int...)", "a negative size", DimensionMismatchException.class, "sizes|size",
                () -> ParameterLayout.of(2, -1));
        t.add("ParameterLayout.of(Tensor...)", "parts null", DimensionMismatchException.class, "parts",
                () -> ParameterLayout.of((Tensor[]) null));
        t.add("ParameterLayout.ofInputs", "function null", DimensionMismatchException.class, "function",
                () -> ParameterLayout.ofInputs(null, 0));
        t.add("ParameterLayout.ofInputs", "input out of range", InvalidOptionException.class, "input",
                () -> ParameterLayout.ofInputs(F, 2));
        ParameterLayout layout = ParameterLayout.of(2, 3);
        t.add("ParameterLayout.pack", "one part too few", DimensionMismatchException.class, "parts",
                () -> layout.pack(new double[2]));
        t.add("ParameterLayout.pack", "part 1 too short", DimensionMismatchException.class, "part",
                () -> layout.pack(new double[2], new double[2]));
        t.add("ParameterLayout.pack(parts, theta)", "theta too short", DimensionMismatchException.class, "theta",
                () -> layout.pack(new double[][] {new double[2], new double[3]}, new double[4]));
        t.add("ParameterLayout.unpack", "part index out of range", DimensionMismatchException.class, "part",
                () -> layout.unpack(new double[5], 2, new double[3]));
        t.add("ParameterLayout.unpack", "out too short", DimensionMismatchException.class, "out",
                () -> layout.unpack(new double[5], 1, new double[2]));
        t.add("ParameterLayout.part", "part index -1", DimensionMismatchException.class, "part",
                () -> layout.part(new double[5], -1));
        t.add("ParameterLayout.size", "part index out of range", DimensionMismatchException.class, "part",
                () -> layout.size(2));
        t.add("ParameterLayout.offset", "part index -1", DimensionMismatchException.class, "part",
                () -> layout.offset(-1));
        t.add("ParameterLayout.name", "part index out of range", DimensionMismatchException.class, "part",
                () -> layout.name(7));
    }

    private static double[] spd() {
        return A.clone();
    }

    private static void linearOptionsAndSolvers(BadInputTable t) {
        t.entry("LinearSolverOptions.Builder.relativeTolerance",
                        a -> LinearSolverOptions.builder().relativeTolerance(a.x(0)).build())
                .option("relativeTolerance", 1e-8, -1).valid().done();
        t.entry("LinearSolverOptions.Builder.absoluteTolerance",
                        a -> LinearSolverOptions.builder().absoluteTolerance(a.x(0)).build())
                .option("absoluteTolerance", 1e-12, -1).valid().done();
        t.add("LinearSolverOptions.Builder.build", "both tolerances 0", InvalidOptionException.class,
                "relativeTolerance", () -> LinearSolverOptions.builder().relativeTolerance(0).absoluteTolerance(0).build());
        t.entry("LinearSolverOptions.Builder.maxIterations",
                        a -> LinearSolverOptions.builder().maxIterations(a.i(0)).build())
                .intOption("maxIterations", 10, -1).valid().done();
        t.entry("LinearSolverOptions.Builder.ridge", a -> LinearSolverOptions.builder().ridge(a.x(0)).build())
                .option("ridge", 0.1, -1).valid().done();
        t.entry("LinearSolverOptions.Builder.restart", a -> LinearSolverOptions.builder().restart(a.i(0)).build())
                .intOption("restart", 5, 0, -2).valid().done();

        java.util.Map<String, java.util.function.Function<LinearSolverOptions, LinearSolver>> solvers =
                new java.util.LinkedHashMap<>();
        solvers.put("conjugateGradient", LinearSolver::conjugateGradient);
        solvers.put("minres", LinearSolver::minres);
        solvers.put("gmres", LinearSolver::gmres);
        solvers.put("biCgStab", LinearSolver::biCgStab);
        solvers.put("normalConjugateGradient", LinearSolver::normalConjugateGradient);
        solvers.put("denseCholesky", LinearSolver::denseCholesky);
        solvers.put("denseLu", LinearSolver::denseLu);
        solvers.put("denseQr", LinearSolver::denseQr);
        solvers.put("iterativeRefinement(denseLu)",
                o -> LinearSolver.iterativeRefinement(LinearSolver.denseLu(LinearSolverOptions.defaults()), o));
        for (var e : solvers.entrySet()) {
            String name = "LinearSolver." + e.getKey();
            var make = e.getValue();
            t.add(name, "options null", DimensionMismatchException.class, "options", () -> make.apply(null));
            LinearSolver solver = make.apply(LinearSolverOptions.defaults());
            t.add(name + ".newWorkspace", "n = -1", DimensionMismatchException.class, "n", () -> solver.newWorkspace(-1));
            t.add(name + ".newWorkspace", "0 columns", DimensionMismatchException.class, "columns",
                    () -> solver.newWorkspace(N, 0));
            t.entry(name + ".solve", a -> solver.solve(a.o(0), a.o(1), a.o(2), a.d(3), a.d(4)))
                    .object("workspace", () -> solver.newWorkspace(N), "workspace")
                    .object("a", () -> LinearOperator.dense(N, N, spd(), 0, N, Structure.SYMMETRIC_POSITIVE_DEFINITE), "a")
                    .fixed(null).output("b", vector(N)).output("x", vector(N)).valid().done();
            t.add(name + ".solve", "a workspace of another size", DimensionMismatchException.class, "workspace",
                    () -> solver.solve(solver.newWorkspace(N + 1), LinearOperator.dense(N, N, spd()), null,
                            vector(N).get(), new double[N]));
            t.add(name + ".solve", "a non-square operator", DimensionMismatchException.class, "a",
                    () -> solver.solve(solver.newWorkspace(N), LinearOperator.dense(N, N - 1, new double[N * (N - 1)]),
                            null, vector(N).get(), new double[N]));
            t.add(name + ".solve", "x the same array as b", InvalidOptionException.class, "x", () -> {
                double[] b = vector(N).get();
                solver.solve(solver.newWorkspace(N), LinearOperator.dense(N, N, spd()), null, b, b);
            });
            t.add(name + ".solve", "a preconditioner of the wrong dimension", DimensionMismatchException.class,
                    "preconditioner", () -> solver.solve(solver.newWorkspace(N), LinearOperator.dense(N, N, spd()),
                            Preconditioner.identity(N + 1), vector(N).get(), new double[N]));
            t.add(name + ".solve", "b[1] = NaN", NotConvergedException.class, "NON_FINITE", () -> {
                double[] b = vector(N).get();
                b[1] = Double.NaN;
                solver.solve(solver.newWorkspace(N),
                        LinearOperator.dense(N, N, spd(), 0, N, Structure.SYMMETRIC_POSITIVE_DEFINITE), null, b,
                        new double[N]);
            });
            t.add(name + ".solve", "an operator whose products are NaN", NotConvergedException.class,
                    "NON_FINITE|singular|SINGULAR|not finite", () -> solver.solve(solver.newWorkspace(N),
                            LinearOperator.fromFunctions(N, N, (x, y) -> java.util.Arrays.fill(y, Double.NaN),
                                    (x, y) -> java.util.Arrays.fill(y, Double.NaN), Structure.SYMMETRIC_POSITIVE_DEFINITE),
                            null, vector(N).get(), new double[N]));
            t.entry(name + ".solveBlock", a -> solver.solveBlock(solver.newWorkspace(N, 2),
                            LinearOperator.dense(N, N, spd(), 0, N, Structure.SYMMETRIC_POSITIVE_DEFINITE), null,
                            new double[][] {a.d(0), vector(N).get()}, new double[][] {a.d(1), new double[N]}))
                    .output("b", vector(N)).output("x", vector(N)).valid().done();
            t.add(name + ".solveBlock", "more columns than the workspace", DimensionMismatchException.class, "columns|b",
                    () -> solver.solveBlock(solver.newWorkspace(N, 1), LinearOperator.dense(N, N, spd()), null,
                            new double[2][N], new double[2][N]));
            t.add(name + ".solveBlock", "b and x of different counts", DimensionMismatchException.class, "b|x",
                    () -> solver.solveBlock(solver.newWorkspace(N, 2), LinearOperator.dense(N, N, spd()), null,
                            new double[2][N], new double[1][N]));
            t.add(name + ".solveBlock", "b null", DimensionMismatchException.class, "b",
                    () -> solver.solveBlock(solver.newWorkspace(N, 2), LinearOperator.dense(N, N, spd()), null,
                            null, new double[1][N]));
            t.add(name + ".solveBlock", "x[1] the same array as b[0]", InvalidOptionException.class, "x",
                    () -> {
                        double[] shared = vector(N).get();
                        solver.solveBlock(solver.newWorkspace(N, 2), LinearOperator.dense(N, N, spd()), null,
                                new double[][] {shared, vector(N).get()}, new double[][] {new double[N], shared});
                    });
        }
        t.add("LinearSolver.conjugateGradient.solve", "an indefinite matrix", IndefiniteOperatorException.class,
                "positive definite", () -> {
                    double[] a = {1, 0, 0, 0, -1, 0, 0, 0, 2};
                    LinearSolver cg = LinearSolver.conjugateGradient(LinearSolverOptions.defaults());
                    cg.solve(cg.newWorkspace(N), LinearOperator.dense(N, N, a, 0, N, Structure.SYMMETRIC_POSITIVE_DEFINITE),
                            null, new double[] {1, 1, 1}, new double[N]);
                });
        t.add("LinearSolver.conjugateGradient.solve", "a preconditioner not flagged SPD", InvalidOptionException.class,
                "preconditioner", () -> {
                    LinearSolver cg = LinearSolver.conjugateGradient(LinearSolverOptions.defaults());
                    cg.solve(cg.newWorkspace(N), LinearOperator.dense(N, N, spd()),
                            Preconditioner.of(N, (r, z) -> System.arraycopy(r, 0, z, 0, N), false), vector(N).get(),
                            new double[N]);
                });
        t.add("LinearSolver.denseLu.solve", "a singular matrix", SingularOperatorException.class, "singular", () -> {
            double[] a = {1, 2, 3, 2, 4, 6, 0, 1, 1};
            LinearSolver lu = LinearSolver.denseLu(LinearSolverOptions.defaults());
            lu.solve(lu.newWorkspace(N), LinearOperator.dense(N, N, a), null, vector(N).get(), new double[N]);
        });
        t.add("LinearSolver.denseCholesky.solve", "an indefinite matrix", IndefiniteOperatorException.class,
                "positive definite|pivot", () -> {
                    double[] a = {1, 0, 0, 0, -1, 0, 0, 0, 2};
                    LinearSolver c = LinearSolver.denseCholesky(LinearSolverOptions.defaults());
                    c.solve(c.newWorkspace(N), LinearOperator.dense(N, N, a, 0, N, Structure.SYMMETRIC_POSITIVE_DEFINITE),
                            null, new double[] {1, 1, 1}, new double[N]);
                });
        t.add("LinearSolver.gmres.solve", "iteration limit 1", NotConvergedException.class, "MAX_ITERATIONS", () -> {
            LinearSolver g = LinearSolver.gmres(LinearSolverOptions.builder().maxIterations(1).build());
            g.solve(g.newWorkspace(N), LinearOperator.dense(N, N, spd()), null, vector(N).get(), new double[N]);
        });
        t.add("LinearSolver.iterativeRefinement", "inner null", DimensionMismatchException.class, "inner",
                () -> LinearSolver.iterativeRefinement(null, LinearSolverOptions.defaults()));
        t.add("LinearSolver.forSystem", "structure null", DimensionMismatchException.class, "structure",
                () -> LinearSolver.forSystem(null, N, LinearSolverOptions.defaults()));
        t.add("LinearSolver.forSystem", "n = -1", DimensionMismatchException.class, "n",
                () -> LinearSolver.forSystem(Structure.GENERAL, -1, LinearSolverOptions.defaults()));
        t.add("LinearSolver.forOperator", "a null", DimensionMismatchException.class, "a",
                () -> LinearSolver.forOperator(null, LinearSolverOptions.defaults()));
        t.add("LinearSolver.forOperator", "a non-square operator", DimensionMismatchException.class, "a",
                () -> LinearSolver.forOperator(LinearOperator.dense(2, 3, new double[6]), LinearSolverOptions.defaults()));
        t.add("LinearSolver.forStructure", "options null", DimensionMismatchException.class, "options",
                () -> LinearSolver.forStructure(Structure.GENERAL, null));
        t.add("BlockSolveResult.column", "column index out of range", DimensionMismatchException.class, "column", () -> {
            LinearSolver cg = LinearSolver.conjugateGradient(LinearSolverOptions.defaults());
            SolverWorkspace ws = cg.newWorkspace(N, 2);
            BlockSolveResult r = cg.trySolveBlock(ws, LinearOperator.dense(N, N, spd(), 0, N,
                    Structure.SYMMETRIC_POSITIVE_DEFINITE), null, new double[2][N], new double[2][N]);
            r.column(2);
        });
    }

    private static void operatorsAndPreconditioners(BadInputTable t) {
        t.entry("LinearOperator.dense(rows, cols, a)", a -> LinearOperator.dense(a.i(0), a.i(1), a.d(2)))
                .size("rows", N, "a").size("cols", N, "a").view("a", vector(N * N), false).valid().done();
        t.entry("LinearOperator.dense(rows, cols, a, offset, ld, structure)",
                        a -> LinearOperator.dense(N, N, a.d(0), a.i(1), a.i(2), a.o(3)))
                .view("a", vector(N * N), false).offset("offset", 0, "a").leading("ld", N, N, "a")
                .object("structure", () -> Structure.GENERAL, "structure").valid().done();
        t.add("LinearOperator.dense(rows, cols, a, offset, ld, structure)", "symmetric but not square",
                DimensionMismatchException.class, "SYMMETRIC", () -> LinearOperator.dense(2, 3, new double[6], 0, 3,
                        Structure.SYMMETRIC));
        t.entry("LinearOperator.diagonal", a -> LinearOperator.diagonal(a.d(0))).values("d", vector(N)).valid().done();
        t.add("LinearOperator.identity", "n = -1", DimensionMismatchException.class, "n", () -> LinearOperator.identity(-1));
        t.entry("LinearOperator.fromFunctions", a -> LinearOperator.fromFunctions(a.i(0), a.i(1), a.o(2), a.o(3), a.o(4)))
                .count("rows", N, "rows").count("cols", N, "cols")
                .object("apply", () -> (org.rootgrad.implicit.linear.VectorMap) (x, y) -> { }, "apply")
                .object("applyTranspose", () -> (org.rootgrad.implicit.linear.VectorMap) (x, y) -> { }, "applyTranspose")
                .object("structure", () -> Structure.GENERAL, "structure").valid().done();
        t.add("LinearOperator.hessian", "objective null", DimensionMismatchException.class, "objective",
                () -> LinearOperator.hessian(null));
        t.add("LinearOperator.mixedHessian", "objective null", DimensionMismatchException.class, "objective",
                () -> LinearOperator.mixedHessian(null));
        LinearOperator op = LinearOperator.dense(N, N, spd());
        t.entry("LinearOperator.scaled", a -> op.scaled(a.x(0))).option("alpha", 2.0).valid().done();
        t.add("LinearOperator.plus", "other null", DimensionMismatchException.class, "other", () -> op.plus(null));
        t.add("LinearOperator.plus", "other of another shape", DimensionMismatchException.class, "other",
                () -> op.plus(LinearOperator.identity(N + 1)));
        t.add("LinearOperator.times", "right null", DimensionMismatchException.class, "right", () -> op.times(null));
        t.add("LinearOperator.times", "right of another shape", DimensionMismatchException.class, "right",
                () -> op.times(LinearOperator.identity(N + 1)));
        t.entry("LinearOperator.withRidge", a -> op.withRidge(a.x(0))).option("rho", 0.5, -1).valid().done();
        t.add("LinearOperator.withRidge", "a non-square operator", DimensionMismatchException.class, "square",
                () -> LinearOperator.dense(2, 3, new double[6]).withRidge(1));
        t.add("LinearOperator.withStructure", "null", DimensionMismatchException.class, "structure",
                () -> op.withStructure(null));
        t.add("LinearOperator.withStructure", "SPD on a non-square operator", DimensionMismatchException.class,
                "SYMMETRIC_POSITIVE_DEFINITE", () -> LinearOperator.dense(2, 3, new double[6])
                        .withStructure(Structure.SYMMETRIC_POSITIVE_DEFINITE));

        t.add("Preconditioner.identity", "n = -1", DimensionMismatchException.class, "n", () -> Preconditioner.identity(-1));
        t.entry("Preconditioner.jacobi", a -> Preconditioner.jacobi(a.d(0))).values("diagonal", vector(N)).valid().done();
        t.add("Preconditioner.jacobi", "a zero entry", SingularOperatorException.class, "diagonal",
                () -> Preconditioner.jacobi(new double[] {1, 0, 2}));
        t.add("Preconditioner.jacobiExact", "a null", DimensionMismatchException.class, "a",
                () -> Preconditioner.jacobiExact(null));
        t.add("Preconditioner.jacobiExact", "a non-square operator", DimensionMismatchException.class, "a",
                () -> Preconditioner.jacobiExact(LinearOperator.dense(2, 3, new double[6])));
        t.add("Preconditioner.jacobiExact", "a NaN on the diagonal", NonFiniteException.class, "diagonal", () -> {
            double[] a = spd();
            a[4] = Double.NaN;
            Preconditioner.jacobiExact(LinearOperator.dense(N, N, a));
        });
        t.add("Preconditioner.jacobiEstimated", "a null", DimensionMismatchException.class, "a",
                () -> Preconditioner.jacobiEstimated(null, 4, 1));
        t.add("Preconditioner.jacobiEstimated", "probes = 0", InvalidOptionException.class, "probes",
                () -> Preconditioner.jacobiEstimated(op, 0, 1));
        t.add("Preconditioner.of", "inverse null", DimensionMismatchException.class, "inverse",
                () -> Preconditioner.of(N, null, true));
        t.add("Preconditioner.of", "n = -1", DimensionMismatchException.class, "n",
                () -> Preconditioner.of(-1, (r, z) -> { }, true));

        t.add("new LbfgsHistory", "dimension = -1", DimensionMismatchException.class, "dimension",
                () -> new LbfgsHistory(-1, 3));
        t.add("new LbfgsHistory", "capacity = 0", InvalidOptionException.class, "capacity", () -> new LbfgsHistory(N, 0));
        t.entry("new LbfgsHistory(n, capacity, threshold)", a -> new LbfgsHistory(N, 3, a.x(0)))
                .option("curvatureThreshold", 1e-10, -1, 1).valid().done();
        t.entry("LbfgsHistory.push", a -> new LbfgsHistory(N, 3).push(a.d(0), a.d(1)))
                .output("s", vector(N)).output("y", vector(N)).valid().done();
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
