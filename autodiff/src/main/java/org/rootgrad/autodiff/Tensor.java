package org.rootgrad.autodiff;

/**
 * A handle to one value recorded on a {@link Tape}: an input, a constant or the result of an op.
 * It holds no data, only the tape, the node it names and its shape; the data lives in a
 * {@link Workspace} when the recorded {@link Function} is evaluated.
 *
 * <p>The fluent methods below record one op each and are shorthands for the {@link Tape} methods
 * of the same name (see there for shapes and broadcasting); e.g.
 * {@code X.matvec(w).mul(y).neg().softplus().mean()}.
 *
 * <p>Immutable; but recording on a tape is not thread-safe (see {@link Tape}).
 */
public final class Tensor {
    final Tape tape;
    final int node;
    private final Shape shape;

    Tensor(Tape tape, int node, Shape shape) {
        this.tape = tape;
        this.node = node;
        this.shape = shape;
    }

    /** The tape this tensor was recorded on. */
    public Tape tape() {
        return tape;
    }

    public Shape shape() {
        return shape;
    }

    /** Number of elements. */
    public int size() {
        return shape.size();
    }

    /** True when this tensor's value depends on no input (its derivatives are zero). */
    public boolean isConstant() {
        return tape.dependencies(node) == 0;
    }

    // ---- element-wise arithmetic ------------------------------------------------------------

    public Tensor add(Tensor other) {
        return tape.add(this, other);
    }

    public Tensor add(double c) {
        return tape.add(this, c);
    }

    public Tensor sub(Tensor other) {
        return tape.sub(this, other);
    }

    public Tensor sub(double c) {
        return tape.add(this, -c);
    }

    public Tensor mul(Tensor other) {
        return tape.mul(this, other);
    }

    public Tensor mul(double c) {
        return tape.scale(this, c);
    }

    public Tensor div(Tensor other) {
        return tape.div(this, other);
    }

    public Tensor div(double c) {
        if (c == 0) {
            throw org.rootgrad.error.InvalidOptionException.of("divisor c", c, "non-zero");
        }
        return tape.scale(this, 1 / c);
    }

    public Tensor neg() {
        return tape.neg(this);
    }

    public Tensor scale(double c) {
        return tape.scale(this, c);
    }

    public Tensor max(Tensor other) {
        return tape.max(this, other);
    }

    public Tensor min(Tensor other) {
        return tape.min(this, other);
    }

    // ---- element-wise math ------------------------------------------------------------------

    public Tensor pow(double exponent) {
        return tape.pow(this, exponent);
    }

    public Tensor square() {
        return tape.square(this);
    }

    public Tensor sqrt() {
        return tape.sqrt(this);
    }

    public Tensor abs() {
        return tape.abs(this);
    }

    public Tensor exp() {
        return tape.exp(this);
    }

    public Tensor log() {
        return tape.log(this);
    }

    public Tensor log1p() {
        return tape.log1p(this);
    }

    public Tensor expm1() {
        return tape.expm1(this);
    }

    public Tensor tanh() {
        return tape.tanh(this);
    }

    public Tensor sigmoid() {
        return tape.sigmoid(this);
    }

    public Tensor softplus() {
        return tape.softplus(this);
    }

    public Tensor relu() {
        return tape.relu(this);
    }

    // ---- reductions ---------------------------------------------------------------------------

    public Tensor sum() {
        return tape.sum(this);
    }

    public Tensor mean() {
        return tape.mean(this);
    }

    public Tensor dot(Tensor other) {
        return tape.dot(this, other);
    }

    public Tensor squaredNorm() {
        return tape.squaredNorm(this);
    }

    public Tensor logSumExp() {
        return tape.logSumExp(this);
    }

    public Tensor softmax() {
        return tape.softmax(this);
    }

    // ---- linear algebra and shape -------------------------------------------------------------

    /** this · x, with this a matrix. */
    public Tensor matvec(Tensor x) {
        return tape.matvec(this, x);
    }

    /** thisᵀ · x, with this a matrix, without forming the transpose. */
    public Tensor transposeMatvec(Tensor x) {
        return tape.transposeMatvec(this, x);
    }

    public Tensor matmul(Tensor other) {
        return tape.matmul(this, other);
    }

    public Tensor outer(Tensor other) {
        return tape.outer(this, other);
    }

    public Tensor transpose() {
        return tape.transpose(this);
    }

    public Tensor reshape(int... dims) {
        return tape.reshape(this, dims);
    }

    public Tensor slice(int from, int to) {
        return tape.slice(this, from, to);
    }

    public Tensor rows(int from, int to) {
        return tape.rows(this, from, to);
    }

    public Tensor element(int index) {
        return tape.element(this, index);
    }

    @Override
    public String toString() {
        return "Tensor#" + node + shape;
    }
}
