package org.rootgrad.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.UnsupportedDerivativeException;

/**
 * Records a function of tensor inputs, once, into flat arrays (op codes, argument indices,
 * parameters, constant references: the Wengert list as arrays, like CppAD's ADFun). {@link
 * #build} turns the recording into an immutable {@link Function} that replays values, gradients,
 * JVPs, VJPs and second-order products with per-thread {@link Workspace}s, allocation-free.
 *
 * <pre>{@code
 * Tape tape = new Tape();
 * Tensor w = tape.input("w", p);
 * Tensor lambda = tape.input("lambda");
 * Tensor X = tape.constant(data, n, p);          // held by reference, not copied
 * Tensor y = tape.constant(labels);
 * Tensor f = tape.binaryLogisticLoss(X, w, y).add(lambda.mul(w.squaredNorm()).mul(0.5));
 * Function fn = tape.build(f);
 * }</pre>
 *
 * <p><b>Shapes.</b> Tensors are scalars, vectors or row-major matrices ({@link Shape}). Shapes
 * are checked as each op is recorded; a mismatch throws {@link DimensionMismatchException} naming
 * the op and the shapes. Element-wise binary ops need equal shapes, except that an operand with
 * one element is broadcast to the other's shape (a broadcast op is recorded for it).
 *
 * <p><b>Constants</b> ({@link #constant(double[], int...)}) are held by reference: a data matrix
 * is never copied, and changing its contents changes later evaluations (call {@link
 * Workspace#invalidate()} on workspaces that cached values computed from the old contents).
 *
 * <p><b>Cost.</b> Recording allocates (a handle per op, amortised doubling of the arrays), so
 * record once and evaluate many times; a recording of unrolled solver iterations with many
 * thousands of ops is fine. Reshapes and contiguous slices are views that cost nothing at replay.
 * A tape may record several outputs and {@link #build} each; it is not thread-safe.
 */
public final class Tape {
    /** Inputs are tracked as bits of a {@code long} in the derivative masks. */
    public static final int MAX_INPUTS = 64;

    private int count;
    private int[] op = new int[64];
    private int[] argStart = new int[65];
    private int[] args = new int[128];
    private int[] iparam = new int[64];
    private double[] dparam = new double[64];
    private Shape[] shapes = new Shape[64];
    private long[] dep = new long[64];
    private int[] root = new int[64];
    private int[] rootOffset = new int[64];
    private final List<Object> constants = new ArrayList<>();
    private final List<Integer> inputNodes = new ArrayList<>();
    private final List<String> inputNames = new ArrayList<>();

    /** An empty tape. */
    public Tape() {}

    /** Number of nodes recorded so far (inputs, constants and ops). */
    public int size() {
        return count;
    }

    // ---- inputs and constants -----------------------------------------------------------------

    /**
     * A new input: {@code input("x", n)} is a vector, {@code input("X", r, c)} a matrix,
     * {@code input("t")} a scalar. Inputs are numbered 0, 1, ... in the order they are created;
     * that index selects the input in every {@link Function} method.
     *
     * @throws InvalidOptionException if the name is already used or there are already
     *     {@link #MAX_INPUTS} inputs
     */
    public Tensor input(String name, int... dims) {
        notNull(name, "input name");
        if (inputNames.contains(name)) {
            throw new InvalidOptionException("input name '" + name + "' is already used");
        }
        if (inputNodes.size() == MAX_INPUTS) {
            throw InvalidOptionException.of("number of inputs", MAX_INPUTS + 1,
                    "at most " + MAX_INPUTS + " (concatenate inputs or use slices)");
        }
        int input = inputNodes.size();
        Tensor t = record(Op.INPUT, Shape.of(dims), input, 0);
        dep[t.node] = 1L << input;
        inputNodes.add(t.node);
        inputNames.add(name);
        return t;
    }

    /**
     * A constant tensor backed by {@code data}, held by reference (not copied). With no
     * {@code dims} it is a vector of {@code data.length} elements.
     *
     * @throws DimensionMismatchException if the shape's size differs from {@code data.length}
     * @throws org.rootgrad.error.NonFiniteException if {@code data} holds a NaN or an infinity
     */
    public Tensor constant(double[] data, int... dims) {
        notNull(data, "constant data");
        notNull(dims, "dims");
        Tensor t = constantOf(data, dims.length == 0 ? Shape.vector(data.length) : Shape.of(dims));
        // checked once here, at record time; held by reference, so later changes are the caller's
        Checks.finite("constant data", data);
        return t;
    }

    /** A scalar constant. */
    public Tensor constant(double value) {
        Checks.finite("constant", value);
        return constantOf(new double[] {value}, Shape.scalar());
    }

    private Tensor constantOf(double[] data, Shape shape) {
        if (shape.size() != data.length) {
            throw new DimensionMismatchException("constant: shape " + shape + " needs "
                    + shape.size() + " elements but the data array has " + data.length);
        }
        int index = constants.size();
        constants.add(data);
        return record(Op.CONSTANT, shape, index, 0);
    }

    // ---- element-wise binary --------------------------------------------------------------------

    /** a + b, element-wise (a one-element operand is broadcast). */
    public Tensor add(Tensor a, Tensor b) {
        return elementwise(Op.ADD, a, b);
    }

    /** a − b, element-wise. */
    public Tensor sub(Tensor a, Tensor b) {
        return elementwise(Op.SUB, a, b);
    }

    /** a ∘ b, element-wise. */
    public Tensor mul(Tensor a, Tensor b) {
        return elementwise(Op.MUL, a, b);
    }

    /** a / b, element-wise. */
    public Tensor div(Tensor a, Tensor b) {
        return elementwise(Op.DIV, a, b);
    }

    /** max(a, b), element-wise; at ties the derivative follows a. */
    public Tensor max(Tensor a, Tensor b) {
        return elementwise(Op.MAX, a, b);
    }

    /** min(a, b), element-wise; at ties the derivative follows a. */
    public Tensor min(Tensor a, Tensor b) {
        return elementwise(Op.MIN, a, b);
    }

    // ---- element-wise unary -----------------------------------------------------------------

    /** x + c. */
    public Tensor add(Tensor x, double c) {
        Checks.finite("shift c", c);
        return unary(Op.SHIFT, x, c);
    }

    /** −x. */
    public Tensor neg(Tensor x) {
        return unary(Op.NEG, x, -1);
    }

    /** c·x. */
    public Tensor scale(Tensor x, double c) {
        Checks.finite("scale factor c", c);
        return unary(Op.SCALE, x, c);
    }

    /**
     * xᶜ element-wise. An integral exponent (e.g. 3) is exact for negative x; a non-integral one
     * gives NaN there, like {@link Math#pow}.
     */
    public Tensor pow(Tensor x, double exponent) {
        Checks.finite("exponent", exponent);
        return unary(Op.POW, x, exponent);
    }

    public Tensor square(Tensor x) {
        return unary(Op.SQUARE, x, 0);
    }

    public Tensor sqrt(Tensor x) {
        return unary(Op.SQRT, x, 0);
    }

    /** |x|; its derivative at 0 is taken as 0. */
    public Tensor abs(Tensor x) {
        return unary(Op.ABS, x, 0);
    }

    public Tensor exp(Tensor x) {
        return unary(Op.EXP, x, 0);
    }

    public Tensor log(Tensor x) {
        return unary(Op.LOG, x, 0);
    }

    /** log(1 + x), accurate for small x. */
    public Tensor log1p(Tensor x) {
        return unary(Op.LOG1P, x, 0);
    }

    /** eˣ − 1, accurate for small x. */
    public Tensor expm1(Tensor x) {
        return unary(Op.EXPM1, x, 0);
    }

    public Tensor tanh(Tensor x) {
        return unary(Op.TANH, x, 0);
    }

    /** 1 / (1 + e⁻ˣ), accurate in both tails. */
    public Tensor sigmoid(Tensor x) {
        return unary(Op.SIGMOID, x, 0);
    }

    /** log(1 + eˣ), without overflow. */
    public Tensor softplus(Tensor x) {
        return unary(Op.SOFTPLUS, x, 0);
    }

    /** max(x, 0); its derivative at 0 is taken as 0. */
    public Tensor relu(Tensor x) {
        return unary(Op.RELU, x, 0);
    }

    /**
     * Element-wise selection: condition &gt; 0 ? ifPositive : otherwise, for piecewise functions
     * (e.g. Huber: {@code where(delta − |r|, r²/2, delta·(|r| − delta/2))}). One-element operands
     * are broadcast. Derivatives flow to the selected branch only, never to the condition.
     */
    public Tensor where(Tensor condition, Tensor ifPositive, Tensor otherwise) {
        own(condition);
        own(ifPositive);
        own(otherwise);
        Shape target = null;
        for (Tensor t : new Tensor[] {ifPositive, otherwise, condition}) {
            if (!t.shape().isScalarLike()) {
                if (target != null && !target.equals(t.shape())) {
                    throw new DimensionMismatchException("where: shapes " + condition.shape()
                            + " (condition), " + ifPositive.shape() + " and " + otherwise.shape()
                            + " differ; they must be equal or have one element");
                }
                target = t.shape();
            }
        }
        if (target == null) {
            target = ifPositive.shape();
        } else {
            condition = broadcastIfScalar(condition, target);
            ifPositive = broadcastIfScalar(ifPositive, target);
            otherwise = broadcastIfScalar(otherwise, target);
        }
        Tensor t = record(Op.WHERE, target, 0, 0, condition.node, ifPositive.node, otherwise.node);
        dep[t.node] = dep[ifPositive.node] | dep[otherwise.node]; // no derivative through the condition
        return t;
    }

    /**
     * A tensor of the given shape with every element equal to the one-element tensor {@code s}.
     */
    public Tensor broadcast(Tensor s, int... dims) {
        own(s);
        Shape shape = Shape.of(dims);
        if (!s.shape().isScalarLike()) {
            throw new DimensionMismatchException("broadcast: needs a one-element tensor, got "
                    + s.shape());
        }
        return record(Op.BROADCAST, shape, 0, 0, s.node);
    }

    // ---- reductions -----------------------------------------------------------------------------

    /** Σ x over all elements (a scalar). */
    public Tensor sum(Tensor x) {
        own(x);
        return record(Op.SUM, Shape.scalar(), 0, 0, x.node);
    }

    /** The mean of all elements (a scalar); NaN for an empty tensor. */
    public Tensor mean(Tensor x) {
        own(x);
        return record(Op.MEAN, Shape.scalar(), 0, 0, x.node);
    }

    /** Σ aᵢbᵢ (a scalar); a and b need equal shapes. */
    public Tensor dot(Tensor a, Tensor b) {
        own(a);
        own(b);
        if (!a.shape().equals(b.shape())) {
            throw new DimensionMismatchException("dot: shapes " + a.shape() + " and " + b.shape()
                    + " differ");
        }
        return record(Op.DOT, Shape.scalar(), 0, 0, a.node, b.node);
    }

    /** ‖x‖² = Σ xᵢ² (a scalar). */
    public Tensor squaredNorm(Tensor x) {
        own(x);
        return record(Op.SQUARED_NORM, Shape.scalar(), 0, 0, x.node);
    }

    /** log Σ exp(xᵢ) over all elements (a scalar), computed stably. */
    public Tensor logSumExp(Tensor x) {
        own(x);
        return record(Op.LOG_SUM_EXP, Shape.scalar(), 0, 0, x.node);
    }

    /** exp(xᵢ − logΣexp(x)) over all elements; same shape as x. */
    public Tensor softmax(Tensor x) {
        own(x);
        return record(Op.SOFTMAX, x.shape(), 0, 0, x.node);
    }

    // ---- linear algebra -------------------------------------------------------------------------

    /** A·x for a matrix A [m×n] and a vector x [n]; the result is [m]. A may be variable. */
    public Tensor matvec(Tensor a, Tensor x) {
        own(a);
        own(x);
        if (a.shape().rank() != 2 || x.shape().rank() > 1 || x.size() != a.shape().cols()) {
            throw new DimensionMismatchException("matvec: matrix " + a.shape() + " times vector "
                    + x.shape() + "; needs A [m×n] and x [n]");
        }
        return record(Op.MATVEC, Shape.vector(a.shape().rows()), 0, 0, a.node, x.node);
    }

    /** Aᵀ·x for a matrix A [m×n] and a vector x [m], without forming Aᵀ; the result is [n]. */
    public Tensor transposeMatvec(Tensor a, Tensor x) {
        own(a);
        own(x);
        if (a.shape().rank() != 2 || x.shape().rank() > 1 || x.size() != a.shape().rows()) {
            throw new DimensionMismatchException("transposeMatvec: matrix " + a.shape()
                    + " transposed times vector " + x.shape() + "; needs A [m×n] and x [m]");
        }
        return record(Op.MATVEC_T, Shape.vector(a.shape().cols()), 0, 0, a.node, x.node);
    }

    /** A·B for matrices A [m×k] and B [k×n]; the result is [m×n]. */
    public Tensor matmul(Tensor a, Tensor b) {
        own(a);
        own(b);
        if (a.shape().rank() != 2 || b.shape().rank() != 2 || a.shape().cols() != b.shape().rows()) {
            throw new DimensionMismatchException("matmul: " + a.shape() + " times " + b.shape()
                    + "; needs A [m×k] and B [k×n]");
        }
        return record(Op.MATMUL, Shape.matrix(a.shape().rows(), b.shape().cols()), 0, 0,
                a.node, b.node);
    }

    /** x·yᵀ for vectors x [m] and y [n]; the result is [m×n]. */
    public Tensor outer(Tensor x, Tensor y) {
        own(x);
        own(y);
        if (x.shape().rank() > 1 || y.shape().rank() > 1) {
            throw new DimensionMismatchException("outer: needs two vectors, got " + x.shape()
                    + " and " + y.shape());
        }
        return record(Op.OUTER, Shape.matrix(x.size(), y.size()), 0, 0, x.node, y.node);
    }

    /** Aᵀ for a matrix A [m×n]; the result is [n×m] (a copy). */
    public Tensor transpose(Tensor a) {
        own(a);
        if (a.shape().rank() != 2) {
            throw new DimensionMismatchException("transpose: needs a matrix, got " + a.shape());
        }
        return record(Op.TRANSPOSE, Shape.matrix(a.shape().cols(), a.shape().rows()), 0, 0, a.node);
    }

    // ---- shape --------------------------------------------------------------------------------

    /** The same elements under another shape of equal size (a free view). */
    public Tensor reshape(Tensor x, int... dims) {
        own(x);
        Shape shape = Shape.of(dims);
        if (shape.size() != x.size()) {
            throw new DimensionMismatchException("reshape: cannot view " + x.shape() + " ("
                    + x.size() + " elements) as " + shape + " (" + shape.size() + " elements)");
        }
        return view(x, 0, shape);
    }

    /** Elements [from, to) of x in storage order, as a vector (a free view). */
    public Tensor slice(Tensor x, int from, int to) {
        own(x);
        if (from < 0 || to < from || to > x.size()) {
            throw new DimensionMismatchException("slice: range [" + from + ", " + to
                    + ") is outside " + x.shape() + " (" + x.size() + " elements)");
        }
        return view(x, from, Shape.vector(to - from));
    }

    /** Rows [from, to) of a matrix, as a matrix (a free view). */
    public Tensor rows(Tensor x, int from, int to) {
        own(x);
        if (x.shape().rank() != 2 || from < 0 || to < from || to > x.shape().rows()) {
            throw new DimensionMismatchException("rows: rows [" + from + ", " + to
                    + ") of " + x.shape() + " (needs a matrix and a range within its rows)");
        }
        int cols = x.shape().cols();
        return view(x, from * cols, Shape.matrix(to - from, cols));
    }

    /** Element {@code index} of x in storage order, as a scalar (a free view). */
    public Tensor element(Tensor x, int index) {
        own(x);
        if (index < 0 || index >= x.size()) {
            throw new DimensionMismatchException("element: index " + index + " is outside "
                    + x.shape() + " (" + x.size() + " elements)");
        }
        return view(x, index, Shape.scalar());
    }

    /** The elements of all parts, in order, as one vector (a copy). */
    public Tensor concat(Tensor... parts) {
        notNull(parts, "parts");
        if (parts.length == 0) {
            throw new DimensionMismatchException("concat: needs at least one tensor");
        }
        int[] nodes = new int[parts.length];
        long total = 0;
        for (int k = 0; k < parts.length; k++) {
            own(parts[k]);
            nodes[k] = parts[k].node;
            total += parts[k].size();
        }
        if (total > Integer.MAX_VALUE) {
            throw new DimensionMismatchException("concat: " + total + " elements is too many");
        }
        return record(Op.CONCAT, Shape.vector((int) total), 0, 0, nodes);
    }

    // ---- losses ---------------------------------------------------------------------------------

    /**
     * The mean binary logistic loss (1/n) Σᵢ log(1 + exp(−yᵢzᵢ)) of margins z [n] and constant
     * labels y [n] (usually ±1). A scalar.
     */
    public Tensor binaryLogisticLoss(Tensor margins, Tensor labels) {
        own(margins);
        own(labels);
        if (margins.shape().rank() > 1 || labels.shape().rank() > 1
                || margins.size() != labels.size()) {
            throw new DimensionMismatchException("binaryLogisticLoss: margins " + margins.shape()
                    + " and labels " + labels.shape() + " must be vectors of equal length");
        }
        requireConstant("binaryLogisticLoss", "labels y", labels);
        return record(Op.LOGISTIC, Shape.scalar(), 0, 0, margins.node, labels.node);
    }

    /**
     * The fused mean binary logistic loss (1/n) Σᵢ log(1 + exp(−yᵢ·xᵢᵀw)) for a constant data
     * matrix X [n×p], weights w [p] and constant labels y [n] (usually ±1): value, gradient and
     * Hessian-vector product each take one pass over X ({@link org.rootgrad.engine.LossKernels}).
     *
     * @throws UnsupportedDerivativeException if X or y depends on an input (record
     *     {@code binaryLogisticLoss(X.matvec(w), y)} instead)
     */
    public Tensor binaryLogisticLoss(Tensor data, Tensor weights, Tensor labels) {
        own(data);
        own(weights);
        own(labels);
        Shape x = data.shape();
        if (x.rank() != 2 || weights.shape().rank() > 1 || weights.size() != x.cols()
                || labels.shape().rank() > 1 || labels.size() != x.rows()) {
            throw new DimensionMismatchException("binaryLogisticLoss(X, w, y): X " + x + ", w "
                    + weights.shape() + ", y " + labels.shape() + "; needs X [n×p], w [p], y [n]");
        }
        requireConstant("binaryLogisticLoss(X, w, y)", "data matrix X", data);
        requireConstant("binaryLogisticLoss(X, w, y)", "labels y", labels);
        return record(Op.LOGISTIC_X, Shape.scalar(), 0, 0, data.node, weights.node, labels.node);
    }

    /**
     * The fused least-squares loss (1/(2n)) Σᵢ (xᵢᵀw − bᵢ)² for a constant X [n×p], weights
     * w [p] and constant targets b [n]; one pass over X per value, gradient or Hessian product.
     *
     * @throws UnsupportedDerivativeException if X or b depends on an input
     */
    public Tensor leastSquares(Tensor data, Tensor weights, Tensor targets) {
        own(data);
        own(weights);
        own(targets);
        Shape x = data.shape();
        if (x.rank() != 2 || weights.shape().rank() > 1 || weights.size() != x.cols()
                || targets.shape().rank() > 1 || targets.size() != x.rows()) {
            throw new DimensionMismatchException("leastSquares(X, w, b): X " + x + ", w "
                    + weights.shape() + ", b " + targets.shape() + "; needs X [n×p], w [p], b [n]");
        }
        requireConstant("leastSquares(X, w, b)", "data matrix X", data);
        requireConstant("leastSquares(X, w, b)", "targets b", targets);
        return record(Op.LEAST_SQUARES_X, Shape.scalar(), 0, 0, data.node, weights.node,
                targets.node);
    }

    /**
     * The mean softmax cross-entropy (1/n) Σᵢ [logΣ_c exp(zᵢc) − zᵢ,labelᵢ] of logits Z [n×k] (or
     * a vector [k], one sample) with integer labels in [0, k), held by reference. A scalar.
     */
    public Tensor softmaxCrossEntropy(Tensor logits, int[] labels) {
        own(logits);
        notNull(labels, "labels");
        Shape z = logits.shape();
        int n = z.rank() == 2 ? z.rows() : 1;
        int k = z.rank() == 2 ? z.cols() : z.size();
        if (labels.length != n) {
            throw new DimensionMismatchException("softmaxCrossEntropy: logits " + z + " need "
                    + n + " labels, got " + labels.length);
        }
        checkLabels("softmaxCrossEntropy", labels, k);
        int index = constants.size();
        constants.add(labels);
        return record(Op.SOFTMAX_CE, Shape.scalar(), index, 0, logits.node);
    }

    /**
     * The fused mean softmax cross-entropy of logits XW for a constant X [n×p], weights W [p×k]
     * and integer labels [n] in [0, k) (held by reference): one pass over X per value, gradient
     * or Hessian product.
     *
     * @throws UnsupportedDerivativeException if X depends on an input
     */
    public Tensor softmaxCrossEntropy(Tensor data, Tensor weights, int[] labels) {
        own(data);
        own(weights);
        notNull(labels, "labels");
        Shape x = data.shape();
        Shape w = weights.shape();
        if (x.rank() != 2 || w.rank() != 2 || w.rows() != x.cols()) {
            throw new DimensionMismatchException("softmaxCrossEntropy(X, W, labels): X " + x
                    + ", W " + w + "; needs X [n×p] and W [p×k]");
        }
        if (labels.length != x.rows()) {
            throw new DimensionMismatchException("softmaxCrossEntropy(X, W, labels): X " + x
                    + " needs " + x.rows() + " labels, got " + labels.length);
        }
        checkLabels("softmaxCrossEntropy(X, W, labels)", labels, w.cols());
        requireConstant("softmaxCrossEntropy(X, W, labels)", "data matrix X", data);
        int index = constants.size();
        constants.add(labels);
        return record(Op.SOFTMAX_CE_X, Shape.scalar(), index, 0, data.node, weights.node);
    }

    // ---- custom primitives ----------------------------------------------------------------------

    /**
     * Records a call of a user-defined primitive on the given inputs, producing a tensor of
     * {@code outputShape}. See {@link Primitive} for the calling protocol.
     */
    public <S> Tensor apply(Primitive<S> primitive, Shape outputShape, Tensor... inputs) {
        notNull(primitive, "primitive");
        notNull(outputShape, "outputShape");
        notNull(inputs, "inputs");
        int[] nodes = new int[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            own(inputs[k]);
            nodes[k] = inputs[k].node;
        }
        int index = constants.size();
        constants.add(primitive);
        return record(Op.CUSTOM, outputShape, index, 0, nodes);
    }

    // ---- build ----------------------------------------------------------------------------------

    /**
     * The immutable function from this tape's inputs to {@code output}. Nodes that do not
     * contribute to {@code output} are left out of its sweeps; every input is kept.
     */
    public Function build(Tensor output) {
        own(output);
        int[] inputs = new int[inputNodes.size()];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = inputNodes.get(k);
        }
        return new Function(count, Arrays.copyOf(op, count), Arrays.copyOf(argStart, count + 1),
                Arrays.copyOf(args, argStart[count]), Arrays.copyOf(iparam, count),
                Arrays.copyOf(dparam, count), Arrays.copyOf(shapes, count),
                Arrays.copyOf(dep, count), Arrays.copyOf(root, count),
                Arrays.copyOf(rootOffset, count), constants.toArray(), inputs,
                inputNames.toArray(new String[0]), output.node);
    }

    // ---- internals ----------------------------------------------------------------------------

    long dependencies(int node) {
        return dep[node];
    }

    private void own(Tensor t) {
        notNull(t, "tensor");
        if (t.tape != this) {
            throw new InvalidOptionException("tensor " + t + " was recorded on another tape");
        }
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new DimensionMismatchException(name + " is null");
        }
        return value;
    }

    private Tensor elementwise(int code, Tensor a, Tensor b) {
        own(a);
        own(b);
        Shape sa = a.shape();
        Shape sb = b.shape();
        if (!sa.equals(sb)) {
            if (sa.isScalarLike() && !sb.isScalarLike()) {
                a = broadcastTo(a, sb);
            } else if (sb.isScalarLike() && !sa.isScalarLike()) {
                b = broadcastTo(b, sa);
            } else if (!(sa.isScalarLike() && sb.isScalarLike())) {
                throw new DimensionMismatchException(Op.name(code) + ": shapes " + sa + " and " + sb
                        + " differ; element-wise ops need equal shapes or a one-element operand");
            }
        }
        Shape out = a.shape().rank() >= b.shape().rank() ? a.shape() : b.shape();
        return record(code, out, 0, 0, a.node, b.node);
    }

    private Tensor unary(int code, Tensor x, double parameter) {
        own(x);
        return record(code, x.shape(), 0, parameter, x.node);
    }

    private Tensor broadcastTo(Tensor s, Shape shape) {
        return record(Op.BROADCAST, shape, 0, 0, s.node);
    }

    private Tensor broadcastIfScalar(Tensor t, Shape target) {
        return t.shape().isScalarLike() && !t.shape().equals(target) ? broadcastTo(t, target) : t;
    }

    private Tensor view(Tensor x, int offset, Shape shape) {
        Tensor t = record(Op.VIEW, shape, offset, 0, x.node);
        root[t.node] = root[x.node];
        rootOffset[t.node] = rootOffset[x.node] + offset;
        return t;
    }

    private void requireConstant(String opName, String what, Tensor t) {
        if (dep[t.node] != 0) {
            throw new UnsupportedDerivativeException(opName + ": the " + what + " " + t.shape()
                    + " must be constant but depends on input(s) " + describeInputs(dep[t.node])
                    + "; record the unfused ops (matvec and the elementwise loss) for a variable one");
        }
    }

    private String describeInputs(long bits) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < inputNames.size(); k++) {
            if ((bits & (1L << k)) != 0) {
                sb.append(sb.isEmpty() ? "" : ", ").append('\'').append(inputNames.get(k)).append('\'');
            }
        }
        return sb.toString();
    }

    private static void checkLabels(String opName, int[] labels, int classes) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new DimensionMismatchException(opName + ": labels[" + i + "] = " + labels[i]
                        + " is not a class index in [0, " + classes + ")");
            }
        }
    }

    private Tensor record(int code, Shape shape, int intParam, double doubleParam, int... argNodes) {
        ensureCapacity(argNodes.length);
        int node = count;
        op[node] = code;
        shapes[node] = shape;
        iparam[node] = intParam;
        dparam[node] = doubleParam;
        int start = argStart[node];
        long d = 0;
        for (int k = 0; k < argNodes.length; k++) {
            args[start + k] = argNodes[k];
            d |= dep[argNodes[k]];
        }
        argStart[node + 1] = start + argNodes.length;
        dep[node] = d;
        root[node] = node;
        rootOffset[node] = 0;
        count++;
        return new Tensor(this, node, shape);
    }

    private void ensureCapacity(int newArgs) {
        if (count + 1 >= op.length) {
            int cap = op.length * 2;
            op = Arrays.copyOf(op, cap);
            argStart = Arrays.copyOf(argStart, cap + 1);
            iparam = Arrays.copyOf(iparam, cap);
            dparam = Arrays.copyOf(dparam, cap);
            shapes = Arrays.copyOf(shapes, cap);
            dep = Arrays.copyOf(dep, cap);
            root = Arrays.copyOf(root, cap);
            rootOffset = Arrays.copyOf(rootOffset, cap);
        }
        int needed = argStart[count] + newArgs;
        if (needed > args.length) {
            args = Arrays.copyOf(args, Math.max(needed, args.length * 2));
        }
    }
}
