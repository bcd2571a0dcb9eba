package org.rootgrad.solvers.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.solvers.AndersonAcceleration;
import org.rootgrad.solvers.Bisection;
import org.rootgrad.solvers.BlockCoordinateDescent;
import org.rootgrad.solvers.Broyden;
import org.rootgrad.solvers.FixedPointIteration;
import org.rootgrad.solvers.GaussNewton;
import org.rootgrad.solvers.GradientDescent;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.LeastSquaresProblem;
import org.rootgrad.solvers.LevenbergMarquardt;
import org.rootgrad.solvers.MirrorDescent;
import org.rootgrad.solvers.Newton;
import org.rootgrad.solvers.NewtonCG;
import org.rootgrad.solvers.NonlinearCG;
import org.rootgrad.solvers.ProjectedGradient;
import org.rootgrad.solvers.ProximalGradient;
import org.rootgrad.solvers.ProximalGradientCondition;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.SolverResult;
import org.rootgrad.solvers.StrongWolfeLineSearch;
import org.rootgrad.solvers.constrained.AdmmQP;
import org.rootgrad.solvers.constrained.BoxCDQP;
import org.rootgrad.solvers.constrained.BoxHyperplaneProjection;
import org.rootgrad.solvers.constrained.EqualityConstrainedQP;
import org.rootgrad.solvers.constrained.KktConditions;
import org.rootgrad.solvers.constrained.PolyhedronProjection;
import org.rootgrad.solvers.constrained.TransportProjection;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.objective.TapeObjectives;
import org.rootgrad.solvers.projection.Projection;
import org.rootgrad.solvers.prox.Prox;
import org.rootgrad.solvers.prox.SeparableProx;
import org.rootgrad.testing.BadInputTable;
import org.rootgrad.testing.DenseReference;

/**
 * The audit of the solvers module's public entry points: every solver family's builder, options,
 * {@code run}, {@code evaluate}, {@code jvp} and {@code vjp} (on the problems of
 * {@link SolverFamily}); every prox and projection factory and call (values, linearisation,
 * products, Jacobian descriptions), the constrained projections, the objective library (both
 * factories and their calls), least-squares problems, QP parameter packers, the proximal
 * gradient condition and KKT conditions. Each bad call must throw a typed exception naming the
 * argument (see {@link BadInputTable}). Iterates passed to a prox or a projection (v) are not
 * scanned (they are the solvers' inner loop): those rows require that a NaN comes out as NaN,
 * never as a finite number.
 */
class BadInputAuditTest {
    private static final int N = 4;
    private static final BadInputTable TABLE = table();

    private static Supplier<double[]> vector(int n, double first, double step) {
        return () -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = first + step * i;
            }
            return v;
        };
    }

    private static Supplier<double[]> constant(int n, double value) {
        return () -> {
            double[] v = new double[n];
            Arrays.fill(v, value);
            return v;
        };
    }

    private static BadInputTable table() {
        BadInputTable t = new BadInputTable("solvers");
        solvers(t);
        builders(t);
        proxes(t);
        projections(t);
        objectives(t);
        problemsAndConditions(t);
        buildingBlocks(t);
        return t;
    }

    // ---- solvers: run, evaluate, jvp, vjp -----------------------------------------------------------

    private static void solvers(BadInputTable t) {
        for (SolverFamily family : SolverFamily.all(3)) {
            String name = family.name() + " ";
            Supplier<Solver> fresh = () -> family.make(SolverOptions.defaults().withTolerance(1e-9));
            Supplier<Solver> solved = () -> {
                Solver s = fresh.get();
                s.run(family.init(), family.theta());
                return s;
            };
            t.entry(name + "run", a -> fresh.get().run(a.d(0), a.d(1)))
                    .input("init", family::init).input("theta", family::theta).valid().done();
            t.entry(name + "evaluate", a -> fresh.get().evaluate(a.d(0), a.d(1)))
                    .input("theta", family::theta).output("x", () -> new double[family.n()]).valid().done();
            t.entry(name + "jvp", a -> solved.get().jvp(a.d(0), a.d(1)))
                    .input("thetaDot", constant(family.m(), 0.5)).output("xDot", () -> new double[family.n()])
                    .valid().done();
            t.entry(name + "vjp", a -> solved.get().vjp(a.d(0), a.d(1)))
                    .input("xBar", constant(family.n(), 0.5)).output("thetaBar", () -> new double[family.m()])
                    .valid().done();
            t.add(name + "jvp", "before run", InvalidOptionException.class, "run",
                    () -> fresh.get().jvp(new double[family.m()], new double[family.n()]));
            t.add(name + "vjp", "before run", InvalidOptionException.class, "run",
                    () -> fresh.get().vjp(new double[family.n()], new double[family.m()]));
            t.add(name + "options", "maxIterations = 0", InvalidOptionException.class, "maxIterations",
                    () -> family.make(SolverOptions.defaults().withMaxIterations(0)));
            for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
                t.add(name + "options", "tolerance = " + bad, InvalidOptionException.class, "tolerance",
                        () -> family.make(SolverOptions.defaults().withTolerance(bad)));
            }
            t.add(name + "options", "implicit configuration null", InvalidOptionException.class, "implicit",
                    () -> family.make(SolverOptions.defaults().withImplicit(null)));
            t.add(name + "build", "options null", InvalidOptionException.class, "options",
                    () -> family.make(null));
        }
        t.add("SolverResult.throwIfFailed", "a run that did not converge", org.rootgrad.error.NotConvergedException.class,
                "MAX_ITERATIONS", () -> {
                    SolverResult r = new SolverResult("test", 1);
                    r.finish(org.rootgrad.error.Status.MAX_ITERATIONS, 3, 1e-3, 1e-8, Double.NaN);
                    r.throwIfFailed();
                });
    }

    // ---- builders: problems and solver-specific options ---------------------------------------------

    private static void builders(BadInputTable t) {
        Objective f = SolverFamily.quadratic(DenseReference.identity(N));
        t.add("GradientDescent.builder", "objective null", DimensionMismatchException.class, "objective",
                () -> GradientDescent.builder(null));
        t.entry("GradientDescent.Builder.fixedStep", a -> GradientDescent.builder(f).fixedStep(a.x(0)))
                .option("step size", 0.5, 0, -1).valid().done();
        t.entry("GradientDescent.Builder.lineSearch", a -> GradientDescent.builder(f).lineSearch(a.x(0)))
                .option("initial step", 1, 0, -1).valid().done();
        t.add("LBFGS.builder", "objective null", DimensionMismatchException.class, "objective", () -> LBFGS.builder(null));
        t.add("LBFGS.Builder.memory", "0 pairs", InvalidOptionException.class, "memory", () -> LBFGS.builder(f).memory(0));
        t.entry("LBFGS.Builder.fixedStep", a -> LBFGS.builder(f).fixedStep(a.x(0))).option("step size", 1, 0, -1)
                .valid().done();
        t.entry("LBFGS.Builder.lineSearch(c1)", a -> LBFGS.builder(f).lineSearch(a.x(0), 0.9, 20))
                .option("c1", 1e-4, 0, -1, 0.95).valid().done();
        t.entry("LBFGS.Builder.lineSearch(c2)", a -> LBFGS.builder(f).lineSearch(1e-4, a.x(0), 20))
                .option("c2", 0.9, 1e-5, 1).valid().done();
        t.add("LBFGS.Builder.lineSearch(maxEvaluations)", "0", InvalidOptionException.class, "maxEvaluations",
                () -> LBFGS.builder(f).lineSearch(1e-4, 0.9, 0));
        t.add("NonlinearCG.builder", "objective null", DimensionMismatchException.class, "objective",
                () -> NonlinearCG.builder(null));
        t.add("NonlinearCG.Builder.formula", "null", InvalidOptionException.class, "formula",
                () -> NonlinearCG.builder(f).formula(null));
        t.add("NonlinearCG.Builder.restartEvery", "0", InvalidOptionException.class, "restartEvery",
                () -> NonlinearCG.builder(f).restartEvery(0));
        t.entry("NonlinearCG.Builder.lineSearch(c1)", a -> NonlinearCG.builder(f).lineSearch(a.x(0), 0.4, 20))
                .option("c1", 1e-4, 0, 0.5).valid().done();
        t.add("NewtonCG.builder", "objective null", DimensionMismatchException.class, "objective",
                () -> NewtonCG.builder(null));
        t.add("NewtonCG.Builder.maxInnerIterations", "0", InvalidOptionException.class, "maxInnerIterations",
                () -> NewtonCG.builder(f).maxInnerIterations(0));
        t.entry("NewtonCG.Builder.forcingTerm", a -> NewtonCG.builder(f).forcingTerm(a.x(0)))
                .option("forcingTerm", 0.5, 0, 1, -0.5).valid().done();
        t.entry("NewtonCG.Builder.fixedStep", a -> NewtonCG.builder(f).fixedStep(a.x(0))).option("step size", 1, 0)
                .valid().done();
        t.add("Newton.builder", "objective null", DimensionMismatchException.class, "objective",
                () -> Newton.builder(null));
        t.entry("Newton.Builder.fixedStep", a -> Newton.builder(f).fixedStep(a.x(0))).option("step size", 1, 0)
                .valid().done();
        t.entry("Newton.Builder.lineSearch(c1)", a -> Newton.builder(f).lineSearch(a.x(0), 0.4, 20))
                .option("c1", 1e-4, 0, 0.5).valid().done();
        t.add("ProximalGradient.builder", "objective null", DimensionMismatchException.class, "objective|f",
                () -> ProximalGradient.builder(null, Prox.lasso(N)));
        t.add("ProximalGradient.builder", "prox null", DimensionMismatchException.class, "prox|g",
                () -> ProximalGradient.builder(f, null));
        t.add("ProximalGradient.builder", "prox of another dimension", DimensionMismatchException.class, "prox|dimension",
                () -> ProximalGradient.builder(f, Prox.lasso(N + 1)));
        t.entry("ProximalGradient.Builder.fixedStep", a -> ProximalGradient.builder(f, Prox.lasso(N)).fixedStep(a.x(0)))
                .option("step size", 0.5, 0, -2).valid().done();
        t.entry("ProximalGradient.Builder.lineSearch", a -> ProximalGradient.builder(f, Prox.lasso(N)).lineSearch(a.x(0)))
                .option("initial step", 1, 0).valid().done();
        t.add("ProjectedGradient.builder", "objective null", DimensionMismatchException.class, "objective",
                () -> ProjectedGradient.builder(null, Projection.box(N)));
        t.add("ProjectedGradient.builder", "projection null", DimensionMismatchException.class, "projection",
                () -> ProjectedGradient.builder(f, null));
        t.add("ProjectedGradient.builder", "projection of another dimension", DimensionMismatchException.class,
                "projection|dimension", () -> ProjectedGradient.builder(f, Projection.box(N - 1)));
        t.entry("ProjectedGradient.Builder.fixedStep",
                        a -> ProjectedGradient.builder(f, Projection.box(N)).fixedStep(a.x(0)))
                .option("step size", 0.5, 0, -2).valid().done();
        t.add("MirrorDescent.builder", "objective null", DimensionMismatchException.class, "objective",
                () -> MirrorDescent.builder(null));
        t.entry("MirrorDescent.Builder.total", a -> MirrorDescent.builder(f).total(a.x(0)))
                .option("total", 1, 0, -1).valid().done();
        t.entry("MirrorDescent.Builder.fixedStep", a -> MirrorDescent.builder(f).fixedStep(a.x(0)))
                .option("step size", 1, 0).valid().done();
        t.add("BlockCoordinateDescent.builder", "objective null", DimensionMismatchException.class, "objective",
                () -> BlockCoordinateDescent.builder(null, SeparableProx.none(N)));
        t.add("BlockCoordinateDescent.builder", "prox null", DimensionMismatchException.class, "prox",
                () -> BlockCoordinateDescent.builder(Objectives.ridge(new double[8], 2, N, new double[2], false), null));
        t.add("GaussNewton.builder", "problem null", DimensionMismatchException.class, "problem",
                () -> GaussNewton.builder(null));
        t.add("LevenbergMarquardt.builder", "problem null", DimensionMismatchException.class, "problem",
                () -> LevenbergMarquardt.builder(null));
        LeastSquaresProblem ls = SolverFamily.affineResiduals(DenseReference.identity(N), N, -1);
        t.entry("LevenbergMarquardt.Builder.initialDamping", a -> LevenbergMarquardt.builder(ls).initialDamping(a.x(0)))
                .option("initialDamping", 1e-3, 0, -1).valid().done();
        t.add("FixedPointIteration.builder", "map null", DimensionMismatchException.class, "map",
                () -> FixedPointIteration.builder(null));
        var contraction = SolverFamily.contraction(new double[N * N], -1);
        t.entry("FixedPointIteration.Builder.damping", a -> FixedPointIteration.builder(contraction).damping(a.x(0)))
                .option("damping", 0.5, 0, 1.5, -1).valid().done();
        t.add("AndersonAcceleration.builder", "map null", DimensionMismatchException.class, "map",
                () -> AndersonAcceleration.builder(null));
        t.add("AndersonAcceleration.Builder.history", "0", InvalidOptionException.class, "history",
                () -> AndersonAcceleration.builder(contraction).history(0));
        t.entry("AndersonAcceleration.Builder.mixing", a -> AndersonAcceleration.builder(contraction).mixing(a.x(0)))
                .option("mixing", 1, 0, 1.5).valid().done();
        t.entry("AndersonAcceleration.Builder.ridge", a -> AndersonAcceleration.builder(contraction).ridge(a.x(0)))
                .option("ridge", 1e-10, 0, -1).valid().done();
        t.add("Broyden.builder", "root function null", DimensionMismatchException.class, "function",
                () -> Broyden.builder(null));
        t.add("Bisection.builder", "root function null", DimensionMismatchException.class, "function",
                () -> Bisection.builder(null));
        t.add("Bisection.builder", "n = 4", DimensionMismatchException.class, "n",
                () -> Bisection.builder(SolverFamily.linearRoot(DenseReference.identity(N), -1)));
        var cubic = SolverFamily.cubicRoot(-1);
        t.entry("Bisection.Builder.bracket(lo)", a -> Bisection.builder(cubic).bracket(a.x(0), 1)).option("lo", -1, 2)
                .valid().done();
        t.entry("Bisection.Builder.bracket(hi)", a -> Bisection.builder(cubic).bracket(-1, a.x(0))).option("hi", 1, -1)
                .valid().done();
        t.add("Bisection.run", "no sign change on the bracket", InvalidOptionException.class, "bracket|sign",
                () -> Bisection.builder(cubic).bracket(1, 2).build().run(new double[1], new double[] {0}));
        t.add("Bisection.Builder.implicitDiff", "unrolling", InvalidOptionException.class, "unrolled|implicitDiff|implicit",
                () -> Bisection.builder(cubic).bracket(-1, 1).implicitDiff(false).build());
        t.add("Bisection.Builder.build", "no bracket", InvalidOptionException.class, "bracket",
                () -> Bisection.builder(cubic).build());
        t.add("BoxCDQP.builder", "n = -1", DimensionMismatchException.class, "n", () -> BoxCDQP.builder(-1));
        t.add("BoxCDQP.Builder.derivativeMethod", "null", InvalidOptionException.class, "derivative method",
                () -> BoxCDQP.builder(N).derivativeMethod(null));
        t.add("BoxCDQP.builder", "unrolled derivatives", InvalidOptionException.class, "implicitly|unrolled",
                () -> BoxCDQP.builder(N).options(SolverOptions.defaults().withImplicitDiff(false)).build());
        t.add("BoxCDQP.parameters", "c null", DimensionMismatchException.class, "c",
                () -> BoxCDQP.parameters(new double[16], null, new double[N], new double[N]));
        t.add("BoxCDQP.parameters", "Q too short", DimensionMismatchException.class, "Q",
                () -> BoxCDQP.parameters(new double[15], new double[N], new double[N], new double[N]));
        t.add("BoxCDQP.parameters", "upper too short", DimensionMismatchException.class, "upper",
                () -> BoxCDQP.parameters(new double[16], new double[N], new double[N], new double[N - 1]));
        t.add("BoxCDQP.run", "lower > upper", InvalidOptionException.class, "lower|upper|l|u", () -> {
            double[] lower = new double[N];
            double[] upper = new double[N];
            lower[2] = 1;
            BoxCDQP.builder(N).build().run(new double[N], BoxCDQP.parameters(DenseReference.identity(N),
                    new double[N], lower, upper));
        });
        t.add("EqualityConstrainedQP.builder", "p = -1", DimensionMismatchException.class, "p",
                () -> EqualityConstrainedQP.builder(N, -1));
        t.add("EqualityConstrainedQP.Builder.method", "null", InvalidOptionException.class, "method",
                () -> EqualityConstrainedQP.builder(N, 1).method(null));
        t.add("EqualityConstrainedQP.parameters", "A too short", DimensionMismatchException.class, "A",
                () -> EqualityConstrainedQP.parameters(new double[16], new double[N], new double[3], new double[1]));
        t.add("EqualityConstrainedQP.parameters", "c null", DimensionMismatchException.class, "c",
                () -> EqualityConstrainedQP.parameters(new double[16], null, new double[4], new double[1]));
        t.add("AdmmQP.builder", "k = -1", DimensionMismatchException.class, "k", () -> AdmmQP.builder(N, -1));
        t.entry("AdmmQP.Builder.rho", a -> AdmmQP.builder(N, 2).rho(a.x(0))).option("rho", 0.1, 0, -1).valid().done();
        t.entry("AdmmQP.Builder.sigma", a -> AdmmQP.builder(N, 2).sigma(a.x(0))).option("sigma", 1e-6, 0).valid().done();
        t.entry("AdmmQP.Builder.alpha", a -> AdmmQP.builder(N, 2).alpha(a.x(0))).option("alpha", 1.6, 0, 2).valid().done();
        t.add("AdmmQP.Builder.adaptiveRho", "interval 0", InvalidOptionException.class, "interval",
                () -> AdmmQP.builder(N, 2).adaptiveRho(true, 0));
        t.add("AdmmQP.Builder.checkInterval", "0", InvalidOptionException.class, "interval",
                () -> AdmmQP.builder(N, 2).checkInterval(0));
        t.entry("AdmmQP.Builder.infeasibilityTolerance", a -> AdmmQP.builder(N, 2).infeasibilityTolerance(a.x(0)))
                .option("infeasibility tolerance", 1e-6, 0).valid().done();
        t.add("AdmmQP.parameters", "q null", DimensionMismatchException.class, "q",
                () -> AdmmQP.parameters(new double[16], null, new double[8], new double[2], new double[2]));
        t.add("AdmmQP.parameters", "upper too short", DimensionMismatchException.class, "upper",
                () -> AdmmQP.parameters(new double[16], new double[N], new double[8], new double[2], new double[1]));
        t.add("AdmmQP.run", "a NaN bound", NonFiniteException.class, "bounds|theta", () -> {
            double[] theta = AdmmQP.parameters(DenseReference.identity(N), new double[N], new double[8],
                    new double[] {-1, Double.NaN}, new double[] {1, 1});
            AdmmQP.builder(N, 2).build().run(new double[N + 2], theta);
        });
    }

    // ---- prox operators -----------------------------------------------------------------------------

    private record Form<T>(String name, Supplier<T> make, double[] theta) {}

    private static List<Form<Prox>> proxForms() {
        List<Form<Prox>> forms = new ArrayList<>();
        forms.add(new Form<>("Prox.none", () -> Prox.none(N), new double[0]));
        forms.add(new Form<>("Prox.lasso", () -> Prox.lasso(N), new double[] {0.1}));
        forms.add(new Form<>("Prox.lasso(weights)", () -> Prox.lasso(new double[] {1, 2, 0.5, 1}), new double[] {0.1}));
        forms.add(new Form<>("Prox.lassoPerCoordinate", () -> Prox.lassoPerCoordinate(N), new double[] {0.1, 0.2, 0.1, 0.3}));
        forms.add(new Form<>("Prox.nonNegativeLasso", () -> Prox.nonNegativeLasso(N), new double[] {0.1}));
        forms.add(new Form<>("Prox.elasticNet", () -> Prox.elasticNet(N), new double[] {0.1, 0.2}));
        forms.add(new Form<>("Prox.elasticNetScaled", () -> Prox.elasticNetScaled(N), new double[] {0.1, 0.5}));
        forms.add(new Form<>("Prox.groupLasso", () -> Prox.groupLasso(new int[] {0, 2, 4}), new double[] {0.1}));
        forms.add(new Form<>("Prox.groupLassoByIds", () -> Prox.groupLassoByIds(new int[] {0, 0, 1, 1}), new double[] {0.1}));
        forms.add(new Form<>("Prox.ridge", () -> Prox.ridge(N), new double[] {0.1}));
        forms.add(new Form<>("Prox.nonNegativeRidge", () -> Prox.nonNegativeRidge(N), new double[] {0.1}));
        forms.add(new Form<>("Prox.of(l2Ball)", () -> Prox.of(Projection.l2Ball(N)), new double[] {1}));
        return forms;
    }

    private static void proxes(BadInputTable t) {
        Supplier<double[]> v = vector(N, -1.5, 1.1);
        for (Form<Prox> form : proxForms()) {
            String name = form.name() + " ";
            int k = form.theta().length;
            Supplier<Prox> linearized = () -> {
                Prox p = form.make().get();
                p.linearize(v.get(), form.theta().clone(), 0.5);
                return p;
            };
            var apply = t.entry(name + "apply", a -> form.make().get().apply(a.d(0), a.d(1), a.x(2), a.d(3)))
                    .output("v", v);
            (k > 0 ? apply.input("theta", form::theta) : apply.fixed(new double[0]))
                    .option("step", 0.5, 0, -1).output("out", () -> new double[N]).valid().done();
            var lin = t.entry(name + "linearize", a -> form.make().get().linearize(a.d(0), a.d(1), a.x(2)))
                    .output("v", v);
            (k > 0 ? lin.input("theta", form::theta) : lin.fixed(new double[0]))
                    .option("step", 0.5, 0, -1).valid().done();
            t.entry(name + "jvpV", a -> linearized.get().jvpV(a.d(0), a.d(1)))
                    .output("dv", v).output("out", () -> new double[N]).valid().done();
            t.entry(name + "vjpV", a -> linearized.get().vjpV(a.d(0), a.d(1)))
                    .output("w", v).output("out", () -> new double[N]).valid().done();
            if (k > 0) {
                t.entry(name + "jvpTheta", a -> linearized.get().jvpTheta(a.d(0), a.d(1)))
                        .output("dTheta", form::theta).output("out", () -> new double[N]).valid().done();
                t.entry(name + "vjpTheta", a -> linearized.get().vjpTheta(a.d(0), a.d(1)))
                        .output("w", v).output("out", () -> new double[k]).valid().done();
            }
            t.entry(name + "stepDerivative", a -> linearized.get().stepDerivative(a.d(0)))
                    .output("out", () -> new double[N]).valid().done();
            for (String product : new String[] {"jvpV", "vjpV", "stepDerivative"}) {
                t.add(name + product, "before linearize", InvalidOptionException.class, "linearize", () -> {
                    Prox p = form.make().get();
                    switch (product) {
                        case "jvpV" -> p.jvpV(new double[N], new double[N]);
                        case "vjpV" -> p.vjpV(new double[N], new double[N]);
                        default -> p.stepDerivative(new double[N]);
                    }
                });
            }
            if (form.make().get().jacobianStructure().hasDiagonalDescription()) {
                t.entry(name + "jacobianDiagonal", a -> linearized.get().jacobianDiagonal(a.d(0)))
                        .output("d", () -> new double[N]).valid().done();
            } else {
                t.add(name + "jacobianDiagonal", "no diagonal description", UnsupportedDerivativeException.class,
                        "diagonal", () -> linearized.get().jacobianDiagonal(new double[N]));
            }
            // (±∞ may legitimately map to a finite limit: the non-negative forms send −∞ to 0)
            t.propagates(name + "apply", "v[1] = NaN (not scanned)", () -> {
                double[] x = v.get();
                x[1] = Double.NaN;
                double[] out = new double[N];
                form.make().get().apply(x, form.theta().clone(), 0.5, out);
                return new double[] {out[1]};
            });
        }
        t.add("Prox.lasso(weights)", "a negative weight", InvalidOptionException.class, "weights",
                () -> Prox.lasso(new double[] {1, -1}));
        t.add("Prox.lasso(weights)", "null", DimensionMismatchException.class, "weights", () -> Prox.lasso((double[]) null));
        t.add("Prox.groupLasso", "boundaries not increasing", InvalidOptionException.class, "boundaries|increasing",
                () -> Prox.groupLasso(new int[] {0, 2, 2}));
        t.add("Prox.groupLasso", "boundaries null", DimensionMismatchException.class, "boundaries",
                () -> Prox.groupLasso(null));
        t.add("Prox.groupLassoByIds", "a negative id", InvalidOptionException.class, "groupOf",
                () -> Prox.groupLassoByIds(new int[] {0, -1}));
        t.add("Prox.groupLassoByIds", "null", DimensionMismatchException.class, "groupOf",
                () -> Prox.groupLassoByIds(null));
        t.add("Prox.ridge", "n = 0", InvalidOptionException.class, "dimension", () -> Prox.ridge(0));
        t.add("Prox.of", "projection null", DimensionMismatchException.class, "projection", () -> Prox.of(null));
        t.add("Prox.lasso apply", "negative strength", InvalidOptionException.class, "strength|theta",
                () -> Prox.lasso(N).apply(new double[N], new double[] {-1}, 1, new double[N]));
        for (String name : new String[] {"none", "lasso", "elasticNet", "ridge", "nonNegative", "box"}) {
            t.add("SeparableProx." + name, "n = -1", org.rootgrad.error.RootgradException.class, "dimension|n", () -> {
                switch (name) {
                    case "none" -> SeparableProx.none(-1);
                    case "lasso" -> SeparableProx.lasso(-1);
                    case "elasticNet" -> SeparableProx.elasticNet(-1);
                    case "ridge" -> SeparableProx.ridge(-1);
                    case "nonNegative" -> SeparableProx.nonNegative(-1);
                    default -> SeparableProx.box(-1);
                }
            });
        }
        t.add("SeparableProx.checkParameters", "a negative strength", InvalidOptionException.class, "theta",
                () -> SeparableProx.lasso(N).checkParameters(new double[] {-0.5}));
        t.add("SeparableProx.checkParameters", "NaN", NonFiniteException.class, "theta",
                () -> SeparableProx.lasso(N).checkParameters(new double[] {Double.NaN}));
        t.add("SeparableProx.checkParameters", "theta too long", DimensionMismatchException.class, "theta",
                () -> SeparableProx.lasso(N).checkParameters(new double[2]));
    }

    // ---- projections --------------------------------------------------------------------------------

    private static List<Form<Projection>> projectionForms() {
        List<Form<Projection>> forms = new ArrayList<>();
        forms.add(new Form<>("Projection.nonNegative", () -> Projection.nonNegative(N), new double[0]));
        forms.add(new Form<>("Projection.box", () -> Projection.box(N), new double[] {-1, 1}));
        forms.add(new Form<>("Projection.boxPerCoordinate", () -> Projection.boxPerCoordinate(N),
                new double[] {-1, -1, -1, -1, 1, 1, 1, 1}));
        forms.add(new Form<>("Projection.hypercube", () -> Projection.hypercube(N), new double[0]));
        forms.add(new Form<>("Projection.simplex", () -> Projection.simplex(N), new double[] {1}));
        forms.add(new Form<>("Projection.simplexRows", () -> Projection.simplexRows(2, 2), new double[] {1}));
        forms.add(new Form<>("Projection.l1Ball", () -> Projection.l1Ball(N), new double[] {1}));
        forms.add(new Form<>("Projection.l2Ball", () -> Projection.l2Ball(N), new double[] {1}));
        forms.add(new Form<>("Projection.l2Sphere", () -> Projection.l2Sphere(N), new double[] {1}));
        forms.add(new Form<>("Projection.lInfBall", () -> Projection.lInfBall(N), new double[] {1}));
        forms.add(new Form<>("Projection.hyperplane", () -> Projection.hyperplane(N), new double[] {1, 1, 1, 1, 0.5}));
        forms.add(new Form<>("Projection.halfspace", () -> Projection.halfspace(N), new double[] {1, 1, 1, 1, 0.5}));
        return forms;
    }

    private static void projections(BadInputTable t) {
        Supplier<double[]> v = vector(N, -1.5, 1.1);
        for (Form<Projection> form : projectionForms()) {
            String name = form.name() + " ";
            Projection probe = form.make().get();
            int k = probe.parameterDimension();
            double[] theta = k == form.theta().length ? form.theta() : constant(k, 1).get();
            Supplier<Projection> linearized = () -> {
                Projection p = form.make().get();
                p.linearize(v.get(), theta.clone());
                return p;
            };
            var project = t.entry(name + "project", a -> form.make().get().project(a.d(0), a.d(1), a.d(2)))
                    .output("v", v);
            boolean infiniteOk = form.name().startsWith("Projection.box");
            (k == 0 ? project.fixed(new double[0]) : infiniteOk ? project.inputMayBeInfinite("theta", theta::clone)
                    : project.input("theta", theta::clone))
                    .output("out", () -> new double[N]).valid().done();
            var lin = t.entry(name + "linearize", a -> form.make().get().linearize(a.d(0), a.d(1))).output("v", v);
            (k == 0 ? lin.fixed(new double[0]) : infiniteOk ? lin.inputMayBeInfinite("theta", theta::clone)
                    : lin.input("theta", theta::clone)).valid().done();
            t.entry(name + "jvpV", a -> linearized.get().jvpV(a.d(0), a.d(1)))
                    .output("dv", v).output("out", () -> new double[N]).valid().done();
            t.entry(name + "vjpV", a -> linearized.get().vjpV(a.d(0), a.d(1)))
                    .output("w", v).output("out", () -> new double[N]).valid().done();
            if (k > 0) {
                t.entry(name + "jvpTheta", a -> linearized.get().jvpTheta(a.d(0), a.d(1)))
                        .output("dTheta", theta::clone).output("out", () -> new double[N]).valid().done();
                t.entry(name + "vjpTheta", a -> linearized.get().vjpTheta(a.d(0), a.d(1)))
                        .output("w", v).output("out", () -> new double[k]).valid().done();
            }
            t.add(name + "jvpV", "before linearize", InvalidOptionException.class, "linearize",
                    () -> form.make().get().jvpV(new double[N], new double[N]));
            if (probe.jacobianStructure().hasDiagonalDescription()) {
                t.entry(name + "jacobianDiagonal", a -> linearized.get().jacobianDiagonal(a.d(0)))
                        .output("d", () -> new double[N]).valid().done();
                t.entry(name + "jacobianRankOne", a -> linearized.get().jacobianRankOne(a.d(0)))
                        .output("u", () -> new double[N]).valid().done();
            } else {
                t.add(name + "jacobianDiagonal", "no diagonal description", UnsupportedDerivativeException.class,
                        "diagonal", () -> linearized.get().jacobianDiagonal(new double[N]));
            }
            t.propagates(name + "project", "v[1] = NaN (not scanned)", () -> {
                double[] x = v.get();
                x[1] = Double.NaN;
                double[] out = new double[N];
                form.make().get().project(x, theta.clone(), out);
                return out;
            });
        }
        t.add("Projection.box", "n = -1", InvalidOptionException.class, "dimension", () -> Projection.box(-1));
        t.add("Projection.simplexRows", "0 columns", InvalidOptionException.class, "cols|columns|dimension",
                () -> Projection.simplexRows(2, 0));
        t.add("Projection.box project", "lower > upper", InvalidOptionException.class, "lower",
                () -> Projection.box(N).project(new double[N], new double[] {1, 0}, new double[N]));
        t.add("Projection.l2Ball project", "negative radius", InvalidOptionException.class, "radius",
                () -> Projection.l2Ball(N).project(new double[N], new double[] {-1}, new double[N]));
        t.add("Projection.hyperplane project", "zero normal", InvalidOptionException.class, "normal",
                () -> Projection.hyperplane(N).project(new double[N], new double[] {0, 0, 0, 0, 1}, new double[N]));

        t.add("BoxHyperplaneProjection.create", "n = 0", InvalidOptionException.class, "n",
                () -> BoxHyperplaneProjection.create(0));
        t.add("BoxHyperplaneProjection.parameters", "a null", DimensionMismatchException.class, "a",
                () -> BoxHyperplaneProjection.parameters(new double[N], new double[N], null, 1));
        t.add("BoxHyperplaneProjection.parameters", "lower too short", DimensionMismatchException.class, "lower",
                () -> BoxHyperplaneProjection.parameters(new double[N - 1], new double[N], new double[N], 1));
        double[] boxPlane = BoxHyperplaneProjection.parameters(constant(N, -1).get(), constant(N, 1).get(),
                constant(N, 1).get(), 0.5);
        t.entry("BoxHyperplaneProjection.project", a -> BoxHyperplaneProjection.create(N).project(a.d(0), a.d(1), a.d(2)))
                .output("v", v).output("theta", boxPlane::clone).output("out", () -> new double[N])
                .valid().done();
        t.add("BoxHyperplaneProjection.project", "an upper bound NaN", NonFiniteException.class, "NaN", () -> {
            double[] theta = boxPlane.clone();
            theta[N + 2] = Double.NaN;
            BoxHyperplaneProjection.create(N).project(v.get(), theta, new double[N]);
        });
        t.add("BoxHyperplaneProjection.jvpV", "before linearize", InvalidOptionException.class, "linearize",
                () -> BoxHyperplaneProjection.create(N).jvpV(new double[N], new double[N]));
        t.add("PolyhedronProjection.create", "p = -1", DimensionMismatchException.class, "p",
                () -> PolyhedronProjection.create(N, -1, 0));
        t.add("PolyhedronProjection.jvpV", "before linearize", InvalidOptionException.class, "linearize",
                () -> PolyhedronProjection.create(N, 1, 0).jvpV(new double[N], new double[N]));
        t.add("TransportProjection.transport", "rows = 0", InvalidOptionException.class, "rows",
                () -> TransportProjection.transport(0, 3));
        t.add("TransportProjection.birkhoff", "n = -1", InvalidOptionException.class, "n|rows",
                () -> TransportProjection.birkhoff(-1));
        t.add("TransportProjection.jvpV", "before linearize", InvalidOptionException.class, "linearize",
                () -> TransportProjection.birkhoff(2).jvpV(new double[4], new double[4]));
    }

    // ---- objectives ---------------------------------------------------------------------------------

    private static final int ROWS = 5;

    private static void objectives(BadInputTable t) {
        Supplier<double[]> x = vector(ROWS * N, -1, 0.37);
        Supplier<double[]> y = vector(ROWS, -0.4, 0.3);
        Supplier<double[]> signs = () -> new double[] {1, -1, 1, 1, -1};
        int[] classes = {0, 1, 2, 1, 0};
        t.entry("Objectives.leastSquares", a -> Objectives.leastSquares(a.d(0), ROWS, N, a.d(1), false))
                .input("x", x).input("y", y).valid().done();
        t.entry("Objectives.ridge", a -> Objectives.ridge(a.d(0), ROWS, N, a.d(1), true))
                .input("x", x).input("y", y).valid().done();
        t.entry("Objectives.binaryLogistic", a -> Objectives.binaryLogistic(a.d(0), ROWS, N, a.d(1), false))
                .input("x", x).output("labels", signs).valid().done();
        t.entry("Objectives.binaryLogisticL2", a -> Objectives.binaryLogisticL2(a.d(0), ROWS, N, a.d(1), true))
                .input("x", x).output("labels", signs).valid().done();
        t.entry("Objectives.huber", a -> Objectives.huber(a.d(0), ROWS, N, a.d(1), a.x(2), false))
                .input("x", x).input("y", y).option("delta", 1, 0, -1).valid().done();
        t.entry("Objectives.huberL2", a -> Objectives.huberL2(a.d(0), ROWS, N, a.d(1), a.x(2), false))
                .input("x", x).input("y", y).option("delta", 1, 0).valid().done();
        t.entry("Objectives.multiclassLogistic", a -> Objectives.multiclassLogistic(a.d(0), ROWS, N, classes, 3, false))
                .input("x", x).valid().done();
        t.entry("Objectives.multiclassSvmDual", a -> Objectives.multiclassSvmDual(a.d(0), ROWS, N, classes, 3))
                .input("x", x).valid().done();
        t.entry("TapeObjectives.ridge", a -> TapeObjectives.ridge(a.d(0), ROWS, N, a.d(1), false))
                .input("x", x).input("y", y).valid().done();
        t.entry("TapeObjectives.binaryLogistic", a -> TapeObjectives.binaryLogistic(a.d(0), ROWS, N, a.d(1), true))
                .input("x", x).output("labels", signs).valid().done();
        t.entry("TapeObjectives.huber", a -> TapeObjectives.huber(a.d(0), ROWS, N, a.d(1), a.x(2), false))
                .input("x", x).input("y", y).option("delta", 1, 0).valid().done();
        t.add("Objectives.leastSquares", "rows = 0", InvalidOptionException.class, "rows",
                () -> Objectives.leastSquares(new double[0], 0, N, new double[0], false));
        t.add("Objectives.leastSquares", "features = -1", org.rootgrad.error.RootgradException.class, "features",
                () -> Objectives.leastSquares(x.get(), ROWS, -1, y.get(), false));
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 0.5}) {
            t.add("Objectives.binaryLogistic", "labels[3] = " + bad, InvalidOptionException.class, "labels", () -> {
                double[] labels = signs.get();
                labels[3] = bad;
                Objectives.binaryLogistic(x.get(), ROWS, N, labels, false);
            });
            t.add("TapeObjectives.binaryLogistic", "labels[3] = " + bad, InvalidOptionException.class, "labels", () -> {
                double[] labels = signs.get();
                labels[3] = bad;
                TapeObjectives.binaryLogistic(x.get(), ROWS, N, labels, true);
            });
        }
        t.add("Objectives.binaryLogistic", "a label that is not ±1", InvalidOptionException.class, "labels",
                () -> Objectives.binaryLogistic(x.get(), ROWS, N, new double[] {1, 0, 1, 1, -1}, false));
        t.add("Objectives.multiclassLogistic", "a label out of range", InvalidOptionException.class, "labels",
                () -> Objectives.multiclassLogistic(x.get(), ROWS, N, new int[] {0, 1, 3, 1, 0}, 3, false));
        t.add("Objectives.multiclassLogistic", "labels null", DimensionMismatchException.class, "labels",
                () -> Objectives.multiclassLogistic(x.get(), ROWS, N, null, 3, false));
        t.add("Objectives.multiclassSvmDual", "classes = 0", org.rootgrad.error.RootgradException.class, "classes|labels",
                () -> Objectives.multiclassSvmDual(x.get(), ROWS, N, new int[ROWS], 0));

        Supplier<Objective> ridge = () -> Objectives.ridge(x.get(), ROWS, N, y.get(), false);
        Supplier<double[]> w = vector(N, 0.1, 0.2);
        Supplier<double[]> lambda = () -> new double[] {0.5};
        t.entry("Objective.value (ridge)", a -> ridge.get().value(a.d(0), a.d(1)))
                .output("w", w).input("theta", lambda).valid().done();
        t.entry("Objective.valueAndGradient (ridge)", a -> ridge.get().valueAndGradient(a.d(0), a.d(1), a.d(2)))
                .output("w", w).input("theta", lambda).output("gradient", () -> new double[N]).valid().done();
        t.entry("Objective.linearize (ridge)", a -> ridge.get().linearize(a.d(0), a.d(1)))
                .output("w", w).input("theta", lambda).valid().done();
        Supplier<Objective> linearized = () -> {
            Objective o = ridge.get();
            o.linearize(w.get(), lambda.get());
            return o;
        };
        t.entry("Objective.hessianVector (ridge)", a -> linearized.get().hessianVector(a.d(0), a.d(1)))
                .output("v", w).output("out", () -> new double[N]).valid().done();
        t.entry("Objective.mixedVector (ridge)", a -> linearized.get().mixedVector(a.d(0), a.d(1)))
                .output("u", lambda).output("out", () -> new double[N]).valid().done();
        t.entry("Objective.mixedTransposeVector (ridge)", a -> linearized.get().mixedTransposeVector(a.d(0), a.d(1)))
                .output("w", w).output("out", () -> new double[1]).valid().done();
        t.add("Objective.hessianVector (ridge)", "before linearize", InvalidOptionException.class, "linearize",
                () -> ridge.get().hessianVector(new double[N], new double[N]));
        t.add("Objective.value (ridge)", "λ < 0", InvalidOptionException.class, "λ",
                () -> ridge.get().value(w.get(), new double[] {-1}));
        t.propagates("Objective.value (ridge)", "w[2] = NaN (not scanned)", () -> {
            double[] point = w.get();
            point[2] = Double.NaN;
            return new double[] {ridge.get().value(point, lambda.get())};
        });
        t.propagates("Objective.valueAndGradient (ridge)", "w[0] = +Infinity (not scanned)", () -> {
            double[] point = w.get();
            point[0] = Double.POSITIVE_INFINITY;
            double[] g = new double[N];
            ridge.get().valueAndGradient(point, lambda.get(), g);
            return g;
        });
        t.add("CoordinateObjective.coordinateGradient", "before startCoordinates", InvalidOptionException.class,
                "startCoordinates", () -> Objectives.ridge(x.get(), ROWS, N, y.get(), false).coordinateGradient(0));
        t.entry("CoordinateObjective.startCoordinates",
                        a -> Objectives.ridge(x.get(), ROWS, N, y.get(), false).startCoordinates(a.d(0), a.d(1)))
                .output("x", w).input("theta", lambda).valid().done();
    }

    // ---- problems and conditions --------------------------------------------------------------------

    private static void problemsAndConditions(BadInputTable t) {
        t.add("LeastSquaresProblem.record", "dimension 0", DimensionMismatchException.class, "dimension",
                () -> LeastSquaresProblem.record(0, 1, (tape, x, theta) -> x));
        t.add("LeastSquaresProblem.record", "parameterDimension -1", DimensionMismatchException.class,
                "parameterDimension", () -> LeastSquaresProblem.record(2, -1, (tape, x, theta) -> x));
        t.add("LeastSquaresProblem.record", "model null", InvalidOptionException.class, "model",
                () -> LeastSquaresProblem.record(2, 1, null));
        t.add("LeastSquaresProblem.record", "a model returning null", InvalidOptionException.class, "tape|tensor",
                () -> LeastSquaresProblem.record(2, 1, (tape, x, theta) -> null));
        t.add("LeastSquaresProblem.record", "matrix residuals", DimensionMismatchException.class, "vector",
                () -> LeastSquaresProblem.record(4, 1, (tape, x, theta) -> x.reshape(2, 2)));
        t.add("LeastSquaresProblem.of", "residuals null", DimensionMismatchException.class, "null",
                () -> LeastSquaresProblem.of(null, SolverFamily.quadratic(DenseReference.identity(2))));
        Objective f = SolverFamily.quadratic(DenseReference.identity(N));
        t.add("ProximalGradientCondition.of", "objective null", DimensionMismatchException.class, "objective|f",
                () -> ProximalGradientCondition.of(null, Prox.lasso(N), 0.5));
        t.add("ProximalGradientCondition.of", "prox null", DimensionMismatchException.class, "prox",
                () -> ProximalGradientCondition.of(f, null, 0.5));
        t.entry("ProximalGradientCondition.of", a -> ProximalGradientCondition.of(f, Prox.lasso(N), a.x(0)))
                .option("step", 0.5, 0, -1).valid().done();
        t.add("KktConditions.builder", "objective null", DimensionMismatchException.class, "objective|f",
                () -> KktConditions.builder(null));
    }

    private static void buildingBlocks(BadInputTable t) {
        Objective f = SolverFamily.quadratic(DenseReference.identity(N));
        t.add("new StrongWolfeLineSearch", "dimension -1", DimensionMismatchException.class, "dimension",
                () -> new StrongWolfeLineSearch(-1, 1e-4, 0.9, 20));
        t.add("new StrongWolfeLineSearch", "c1 > c2", InvalidOptionException.class, "c1",
                () -> new StrongWolfeLineSearch(N, 0.95, 0.9, 20));
        t.add("new StrongWolfeLineSearch", "maxEvaluations 0", InvalidOptionException.class, "maxEvaluations",
                () -> new StrongWolfeLineSearch(N, 1e-4, 0.9, 0));
        t.entry("StrongWolfeLineSearch.search", a -> new StrongWolfeLineSearch(N, 1e-4, 0.9, 20)
                        .search(a.o(0), a.d(1), a.d(2), 0.0, -1.0, a.d(3), 1.0))
                .object("f", () -> f, "f").output("theta", () -> new double[N]).output("x", () -> new double[N])
                .output("d", constant(N, 0.1)).valid().done();
        t.add("StrongWolfeLineSearch.search", "an objective of another dimension", DimensionMismatchException.class,
                "dimension", () -> new StrongWolfeLineSearch(N, 1e-4, 0.9, 20).search(
                        SolverFamily.quadratic(DenseReference.identity(N + 1)), new double[N + 1], new double[N], 0,
                        -1, new double[N], 1));
        Projection box = Projection.box(N);
        t.add("new ActiveSetReduction", "objective null", DimensionMismatchException.class, "objective",
                () -> new org.rootgrad.solvers.constrained.ActiveSetReduction(null, box,
                        org.rootgrad.implicit.ImplicitDiff.defaults()));
        t.add("new ActiveSetReduction", "projection of another dimension", DimensionMismatchException.class,
                "projection", () -> new org.rootgrad.solvers.constrained.ActiveSetReduction(f, Projection.box(N + 1),
                        org.rootgrad.implicit.ImplicitDiff.defaults()));
        t.add("ActiveSetReduction.jvp", "before linearize", InvalidOptionException.class, "linearize",
                () -> new org.rootgrad.solvers.constrained.ActiveSetReduction(f, box,
                        org.rootgrad.implicit.ImplicitDiff.defaults()).jvp(new double[N], new double[N]));
        t.add("ActiveSetReduction.linearize", "step 0", InvalidOptionException.class, "step",
                () -> new org.rootgrad.solvers.constrained.ActiveSetReduction(f, box,
                        org.rootgrad.implicit.ImplicitDiff.defaults()).linearize(new double[N], new double[N],
                        new double[] {-1, 1}, 0));
        t.add("Constraints.affine", "b too short", DimensionMismatchException.class, "b",
                () -> org.rootgrad.solvers.constrained.Constraints.affine(2, N, new double[2 * N], new double[1]));
        t.add("Constraints.affine", "A holds NaN", NonFiniteException.class, "A",
                () -> org.rootgrad.solvers.constrained.Constraints.affine(1, N, new double[] {1, Double.NaN, 0, 0},
                        new double[1]));
        var svm = Objectives.multiclassSvmDual(vector(ROWS * N, -1, 0.37).get(), ROWS, N, new int[] {0, 1, 2, 1, 0}, 3);
        t.entry("MulticlassSvmDual.value", a -> svm.fork().value(a.d(0), a.d(1)))
                .output("beta", () -> new double[ROWS * 3]).input("theta", () -> new double[] {0.5}).valid().done();
        t.add("MulticlassSvmDual.value", "λ = 0", InvalidOptionException.class, "λ",
                () -> svm.fork().value(new double[ROWS * 3], new double[] {0}));
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
