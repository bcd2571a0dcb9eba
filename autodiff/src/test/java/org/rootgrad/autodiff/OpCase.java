package org.rootgrad.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * One op (or small composition) under test: its input shapes, a generator of points inside its
 * domain (away from kinks), and how to record it. {@link #all()} lists one case per op.
 */
record OpCase(String name, Shape[] shapes, PointGenerator points,
              BiFunction<Tape, Tensor[], Tensor> recorder) {

    interface PointGenerator {
        double[][] next(SplittableRandom rnd);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Records the case on a fresh tape: element 0 the raw function, 1 a nonlinear scalarisation. */
    Function[] build(SplittableRandom rnd) {
        Tape tape = new Tape();
        Tensor[] in = new Tensor[shapes.length];
        for (int k = 0; k < shapes.length; k++) {
            in[k] = tape.input("in" + k, dims(shapes[k]));
        }
        Tensor out = recorder.apply(tape, in);
        Function raw = tape.build(out);
        // S = Σ c1∘F + ½ Σ c2∘F∘F: nonlinear in F, so the second-order rules see varying adjoints
        int[] outDims = dims(out.shape());
        Tensor c1 = tape.constant(TestSupport.gaussian(rnd, out.size()), outDims);
        Tensor c2 = tape.constant(TestSupport.gaussian(rnd, out.size()), outDims);
        Tensor s = out.mul(c1).sum().add(out.mul(out).mul(c2).sum().mul(0.5));
        return new Function[] {raw, tape.build(s)};
    }

    static int[] dims(Shape s) {
        return switch (s.rank()) {
            case 0 -> new int[0];
            case 1 -> new int[] {s.rows()};
            default -> new int[] {s.rows(), s.cols()};
        };
    }

    // ---- the cases --------------------------------------------------------------------------------

    private static final Shape V6 = Shape.vector(6);

    private static OpCase unary(String name, double lo, double hi, boolean signs,
                                java.util.function.UnaryOperator<Tensor> op) {
        return new OpCase(name, new Shape[] {V6},
                rnd -> new double[][] {signs ? TestSupport.awayFromZero(rnd, 6, lo, hi)
                        : TestSupport.uniform(rnd, 6, lo, hi)},
                (t, in) -> op.apply(in[0]));
    }

    private static OpCase binary(String name, PointGenerator points,
                                 java.util.function.BinaryOperator<Tensor> op, Shape a, Shape b) {
        return new OpCase(name, new Shape[] {a, b}, points, (t, in) -> op.apply(in[0], in[1]));
    }

    private static double[][] pair(SplittableRandom rnd, int n, int m) {
        return new double[][] {TestSupport.gaussian(rnd, n), TestSupport.gaussian(rnd, m)};
    }

    /** x and y = x ± [0.3, 1]: max and min are differentiable there. */
    private static double[][] separated(SplittableRandom rnd) {
        double[] x = TestSupport.gaussian(rnd, 6);
        double[] gap = TestSupport.awayFromZero(rnd, 6, 0.3, 1);
        double[] y = new double[6];
        for (int i = 0; i < 6; i++) {
            y[i] = x[i] + gap[i];
        }
        return new double[][] {x, y};
    }

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        // element-wise unary
        cases.add(unary("neg", -2, 2, false, Tensor::neg));
        cases.add(unary("scale", -2, 2, false, x -> x.scale(2.5)));
        cases.add(unary("shift", -2, 2, false, x -> x.add(1.5)));
        cases.add(unary("pow integer (negative bases)", 0.3, 2, true, x -> x.pow(3)));
        cases.add(unary("pow real", 0.5, 2, false, x -> x.pow(2.5)));
        cases.add(unary("pow negative real", 0.5, 2, false, x -> x.pow(-1.5)));
        cases.add(unary("square", -2, 2, false, Tensor::square));
        cases.add(unary("sqrt", 0.5, 3, false, Tensor::sqrt));
        cases.add(unary("abs", 0.2, 2, true, Tensor::abs));
        cases.add(unary("exp", -2, 2, false, Tensor::exp));
        cases.add(unary("log", 0.5, 3, false, Tensor::log));
        cases.add(unary("log1p", -0.5, 2, false, Tensor::log1p));
        cases.add(unary("expm1", -2, 2, false, Tensor::expm1));
        cases.add(unary("tanh", -2, 2, false, Tensor::tanh));
        cases.add(unary("sigmoid", -3, 3, false, Tensor::sigmoid));
        cases.add(unary("softplus", -3, 3, false, Tensor::softplus));
        cases.add(unary("relu", 0.2, 2, true, x -> x.relu().mul(x)));
        // element-wise binary, with and without broadcasting
        cases.add(binary("add", rnd -> pair(rnd, 6, 6), Tensor::add, V6, V6));
        cases.add(binary("sub", rnd -> pair(rnd, 6, 6), Tensor::sub, V6, V6));
        cases.add(binary("mul", rnd -> pair(rnd, 6, 6), Tensor::mul, V6, V6));
        cases.add(binary("mul self", rnd -> pair(rnd, 6, 6), (x, y) -> x.mul(x).mul(y), V6, V6));
        cases.add(binary("div", rnd -> new double[][] {TestSupport.gaussian(rnd, 6),
                TestSupport.awayFromZero(rnd, 6, 0.5, 2)}, Tensor::div, V6, V6));
        cases.add(binary("max", OpCase::separated, (x, y) -> x.max(y).mul(x), V6, V6));
        cases.add(binary("min", OpCase::separated, (x, y) -> x.min(y).mul(y), V6, V6));
        cases.add(binary("mul scalar broadcast", rnd -> pair(rnd, 6, 1), Tensor::mul, V6, Shape.scalar()));
        cases.add(binary("sub scalar broadcast (left)", rnd -> pair(rnd, 1, 6), Tensor::sub,
                Shape.scalar(), V6));
        cases.add(binary("div by scalar", rnd -> new double[][] {TestSupport.gaussian(rnd, 6),
                TestSupport.awayFromZero(rnd, 1, 0.5, 2)}, Tensor::div, V6, Shape.scalar()));
        cases.add(new OpCase("where (Huber)", new Shape[] {V6},
                rnd -> new double[][] {TestSupport.awayFromZero(rnd, 6, 0.2, 2)},
                (t, in) -> {
                    // Huber with δ = 1, inputs away from |r| = 1
                    Tensor r = in[0];
                    Tensor quadratic = r.square().mul(0.5);
                    Tensor linear = r.abs().sub(0.5);
                    return t.where(t.constant(1.0).sub(r.abs()), quadratic, linear);
                }));
        cases.add(binary("where on variable branches", OpCase::separated,
                (x, y) -> x.tape().where(x.sub(y), x.mul(y), y.exp()), V6, V6));
        cases.add(new OpCase("broadcast", new Shape[] {Shape.scalar(), V6},
                rnd -> pair(rnd, 1, 6), (t, in) -> t.broadcast(in[0], 6).mul(in[1])));
        // reductions
        cases.add(unary("sum", -2, 2, false, Tensor::sum));
        cases.add(unary("mean", -2, 2, false, Tensor::mean));
        cases.add(binary("dot", rnd -> pair(rnd, 6, 6), Tensor::dot, V6, V6));
        cases.add(unary("squaredNorm", -2, 2, false, Tensor::squaredNorm));
        cases.add(unary("logSumExp", -2, 2, false, Tensor::logSumExp));
        cases.add(unary("softmax", -2, 2, false, Tensor::softmax));
        // linear algebra
        Shape m34 = Shape.matrix(3, 4);
        cases.add(binary("matvec (variable A)", rnd -> pair(rnd, 12, 4), Tensor::matvec, m34, Shape.vector(4)));
        double[] constantA = TestSupport.gaussian(new SplittableRandom(5), 12);
        cases.add(new OpCase("matvec (constant A)", new Shape[] {Shape.vector(4)},
                rnd -> new double[][] {TestSupport.gaussian(rnd, 4)},
                (t, in) -> t.constant(constantA, 3, 4).matvec(in[0])));
        cases.add(binary("transposeMatvec", rnd -> pair(rnd, 12, 3), Tensor::transposeMatvec, m34,
                Shape.vector(3)));
        cases.add(binary("matmul", rnd -> pair(rnd, 12, 8), Tensor::matmul, m34, Shape.matrix(4, 2)));
        cases.add(new OpCase("matmul self (A·A)", new Shape[] {Shape.matrix(3, 3)},
                rnd -> new double[][] {TestSupport.gaussian(rnd, 9)}, (t, in) -> in[0].matmul(in[0])));
        cases.add(binary("outer", rnd -> pair(rnd, 3, 4), Tensor::outer, Shape.vector(3), Shape.vector(4)));
        cases.add(new OpCase("transpose", new Shape[] {m34},
                rnd -> new double[][] {TestSupport.gaussian(rnd, 12)},
                (t, in) -> in[0].transpose().mul(in[0].transpose())));
        cases.add(new OpCase("concat", new Shape[] {V6, Shape.scalar(), Shape.vector(2)},
                rnd -> new double[][] {TestSupport.gaussian(rnd, 6), TestSupport.gaussian(rnd, 1),
                        TestSupport.gaussian(rnd, 2)},
                (t, in) -> t.concat(in[0], in[1], in[2], in[1]).tanh()));
        cases.add(new OpCase("reshape, slice, rows, element (views)", new Shape[] {m34},
                rnd -> new double[][] {TestSupport.gaussian(rnd, 12)},
                (t, in) -> {
                    Tensor a = in[0];
                    Tensor flat = a.reshape(12);
                    Tensor middle = flat.slice(2, 8);
                    Tensor lastRows = a.rows(1, 3).reshape(8);
                    return middle.mul(lastRows.slice(0, 6)).add(a.element(5)).exp();
                }));
        // losses
        double[] labels = {1, -1, -1, 1, 1, -1};
        cases.add(new OpCase("binaryLogisticLoss(margins, y)", new Shape[] {V6},
                rnd -> new double[][] {TestSupport.gaussian(rnd, 6)},
                (t, in) -> t.binaryLogisticLoss(in[0], t.constant(labels))));
        int[] classes = {2, 0, 1, 2};
        cases.add(new OpCase("softmaxCrossEntropy(logits, labels)", new Shape[] {Shape.matrix(4, 3)},
                rnd -> new double[][] {TestSupport.gaussian(rnd, 12)},
                (t, in) -> t.softmaxCrossEntropy(in[0], classes)));
        cases.add(new OpCase("softmaxCrossEntropy(vector logits)", new Shape[] {Shape.vector(5)},
                rnd -> new double[][] {TestSupport.gaussian(rnd, 5)},
                (t, in) -> t.softmaxCrossEntropy(in[0], new int[] {3})));
        double[] data = TestSupport.gaussian(new SplittableRandom(9), 7 * 4);
        double[] pm = {1, -1, 1, 1, -1, -1, 1};
        cases.add(new OpCase("binaryLogisticLoss(X, w, y) fused", new Shape[] {Shape.vector(4)},
                rnd -> new double[][] {TestSupport.gaussian(rnd, 4)},
                (t, in) -> t.binaryLogisticLoss(t.constant(data, 7, 4), in[0], t.constant(pm))));
        cases.add(new OpCase("leastSquares(X, w, b) fused", new Shape[] {Shape.vector(4)},
                rnd -> new double[][] {TestSupport.gaussian(rnd, 4)},
                (t, in) -> t.leastSquares(t.constant(data, 7, 4), in[0], t.constant(pm))));
        int[] seven = {0, 2, 1, 1, 2, 0, 2};
        cases.add(new OpCase("softmaxCrossEntropy(X, W, labels) fused", new Shape[] {Shape.matrix(4, 3)},
                rnd -> new double[][] {TestSupport.gaussian(rnd, 12)},
                (t, in) -> t.softmaxCrossEntropy(t.constant(data, 7, 4), in[0], seven)));
        cases.add(new OpCase("fused logistic on a weight computed from two inputs",
                new Shape[] {Shape.vector(4), Shape.scalar()},
                rnd -> pair(rnd, 4, 1),
                (t, in) -> t.binaryLogisticLoss(t.constant(data, 7, 4), in[0].mul(in[1]).tanh(),
                        t.constant(pm)).add(in[0].squaredNorm().mul(in[1]))));
        return cases;
    }
}
