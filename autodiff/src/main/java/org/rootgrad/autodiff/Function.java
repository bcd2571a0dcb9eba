package org.rootgrad.autodiff;

import java.util.Arrays;
import org.rootgrad.engine.LossKernels;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.UnsupportedDerivativeException;

/**
 * A recorded function of tensor inputs (see {@link Tape}), replayed from flat arrays: an
 * {@code int[]} of op codes, an {@code int[]} of argument indices, {@code int[]}/{@code double[]}
 * parameters and an {@code Object[]} of constant references. Forward, reverse, tangent and
 * second-order sweeps are switches over the op codes; nothing is allocated per call.
 *
 * <p><b>Evaluation.</b> Every method takes the {@link Workspace} to compute in: set the inputs
 * on it ({@link Workspace#setInput}), then ask for what you need. Inputs are numbered in the
 * order the tape created them. Derivative products:
 * <ul>
 *   <li>{@link #gradient}: ∇_k f for a scalar output, one reverse sweep (which also yields the
 *       gradients of all inputs: {@link #valueAndGradients});</li>
 *   <li>{@link #jvp} J_k·v (forward tangent sweep) and {@link #vjp} J_kᵀ·w (reverse sweep) for
 *       any output;</li>
 *   <li>{@link #secondOrder}: d/dε ∇_g f(…, x_t + ε·v, …), forward-over-reverse, which is the
 *       Hessian-vector product when t = g ({@link #hessianVector}) and the mixed products
 *       ∇²_{gt}f·v otherwise; for vector outputs with a cotangent w, the tangent of J_gᵀw;</li>
 *   <li>{@link #jacobian} and {@link #hessian}: dense matrices for small sizes.</li>
 * </ul>
 * Forward values are cached in the workspace while its inputs are unchanged, and so are the
 * adjoints of the last reverse sweep, so repeated products at one point (a Krylov solve) pay one
 * tangent sweep and one second-order reverse sweep each.
 *
 * <p><b>Errors.</b> Wrong array lengths throw {@link DimensionMismatchException} naming the
 * argument, the input and its shape; a bad input index or a workspace of another function throws
 * {@link InvalidOptionException}; a second-order product through a custom primitive without a
 * second-order rule throws {@link UnsupportedDerivativeException} naming the primitive. Inputs
 * are not checked for NaN on the hot path (see {@link Workspace#checkFinite}).
 *
 * <p><b>Threading.</b> Immutable and shareable between threads (its constants are held by
 * reference and must not be modified while it is evaluated); each thread evaluates in its own
 * workspace.
 */
public final class Function {
    /** {@link #constantOf} marker: the node's value lives in the workspace. */
    static final int WORKSPACE = -1;
    /** {@link #constantOf} marker: the node does not contribute to the output. */
    static final int DEAD = -2;

    final int nodeCount;
    final int[] op;
    final int[] argStart;
    final int[] args;
    final int[] iparam;
    final double[] dparam;
    final Shape[] shapes;
    final int[] size;
    final int[] rows;
    final int[] cols;
    final long[] dep;
    /** Index into {@link #constants} of the array holding the node's value, or a marker. */
    final int[] constantOf;
    /** Offset of the node's first element in its array (workspace or constant). */
    final int[] offset;
    final int[] scratchOffset;
    final Object[] constants;
    /** Live nodes, in recording (topological) order. */
    final int[] live;
    /** Live nodes that compute something (no inputs, constants or views), in order. */
    final int[] program;
    /** Live nodes that own a workspace slot (inputs and computed nodes), for zeroing. */
    final int[] slotNodes;
    final int[] inputNode;
    final String[] inputNames;
    final int output;
    final int outputSize;
    final int valueLength;
    final int scratchLength;
    final int tempLength;
    final boolean hasLocalGradients;

    Function(int nodeCount, int[] op, int[] argStart, int[] args, int[] iparam, double[] dparam,
             Shape[] shapes, long[] dep, int[] root, int[] rootOffset, Object[] constants,
             int[] inputNode, String[] inputNames, int output) {
        this.nodeCount = nodeCount;
        this.op = op;
        this.argStart = argStart;
        this.args = args;
        this.iparam = iparam;
        this.dparam = dparam;
        this.shapes = shapes;
        this.dep = dep;
        this.constants = constants;
        this.inputNode = inputNode;
        this.inputNames = inputNames;
        this.output = output;
        size = new int[nodeCount];
        rows = new int[nodeCount];
        cols = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            size[i] = shapes[i].size();
            rows[i] = shapes[i].rows();
            cols[i] = shapes[i].cols();
        }
        outputSize = size[output];

        // liveness: ancestors of the output, plus every input
        boolean[] isLive = new boolean[nodeCount];
        isLive[output] = true;
        for (int i = output; i >= 0; i--) {
            if (isLive[i]) {
                for (int a = argStart[i]; a < argStart[i + 1]; a++) {
                    isLive[args[a]] = true;
                }
            }
        }
        for (int node : inputNode) {
            isLive[node] = true;
        }

        // storage: constants (and views of them) stay in the constant's array; every other root
        // gets a slot in the workspace arrays, views share their root's slot
        constantOf = new int[nodeCount];
        offset = new int[nodeCount];
        scratchOffset = new int[nodeCount];
        int liveCount = 0;
        int programCount = 0;
        int slotCount = 0;
        int next = 0;
        int scratchNext = 0;
        int temp = 0;
        boolean local = false;
        for (int i = 0; i < nodeCount; i++) {
            if (!isLive[i]) {
                constantOf[i] = DEAD;
                offset[i] = -1;
                continue;
            }
            liveCount++;
            int r = root[i];
            if (op[r] == Op.CONSTANT) {
                constantOf[i] = iparam[r];
                offset[i] = rootOffset[i];
            } else if (r != i) {
                constantOf[i] = WORKSPACE;
                offset[i] = offset[r] + rootOffset[i];
            } else {
                constantOf[i] = WORKSPACE;
                offset[i] = next;
                next += size[i];
                slotCount++;
            }
            if (op[i] != Op.INPUT && op[i] != Op.CONSTANT && op[i] != Op.VIEW) {
                programCount++;
                scratchOffset[i] = scratchNext;
                scratchNext += scratchSize(i);
                temp = Math.max(temp, tempSize(i));
                local |= Op.hasLocalGradient(op[i]) && dep[i] != 0;
            }
        }
        live = new int[liveCount];
        program = new int[programCount];
        slotNodes = new int[slotCount];
        int l = 0;
        int p = 0;
        int s = 0;
        for (int i = 0; i < nodeCount; i++) {
            if (!isLive[i]) {
                continue;
            }
            live[l++] = i;
            if (op[i] != Op.INPUT && op[i] != Op.CONSTANT && op[i] != Op.VIEW) {
                program[p++] = i;
            }
            if (constantOf[i] == WORKSPACE && root[i] == i) {
                slotNodes[s++] = i;
            }
        }
        valueLength = next;
        scratchLength = scratchNext;
        tempLength = temp;
        hasLocalGradients = local;
    }

    private int arg(int node, int position) {
        return args[argStart[node] + position];
    }

    /** Op scratch kept from the forward sweep for the derivative sweeps. */
    private int scratchSize(int i) {
        return switch (op[i]) {
            case Op.LOG_SUM_EXP -> size[arg(i, 0)];
            case Op.LOGISTIC -> size[arg(i, 0)];
            case Op.SOFTMAX_CE -> size[arg(i, 0)];
            case Op.LOGISTIC_X -> cols[arg(i, 0)] + rows[arg(i, 0)];
            case Op.LEAST_SQUARES_X -> cols[arg(i, 0)];
            case Op.SOFTMAX_CE_X -> size[arg(i, 1)] + rows[arg(i, 0)] * cols[arg(i, 1)];
            default -> 0;
        };
    }

    /** Temporary buffers needed within one rule. */
    private int tempSize(int i) {
        if (Op.isNonlinearUnary(op[i])) {
            return size[i];
        }
        return switch (op[i]) {
            case Op.LOGISTIC -> size[arg(i, 0)];
            case Op.LOGISTIC_X -> LossKernels.logisticWorkLength(rows[arg(i, 0)], cols[arg(i, 0)]);
            case Op.SOFTMAX_CE_X -> LossKernels.softmaxWorkLength(rows[arg(i, 0)], cols[arg(i, 0)],
                    cols[arg(i, 1)]);
            default -> 0;
        };
    }

    // ---- description ----------------------------------------------------------------------------

    /** Number of inputs. */
    public int inputCount() {
        return inputNode.length;
    }

    /** The name given to input {@code input} when it was recorded. */
    public String inputName(int input) {
        checkInput(input);
        return inputNames[input];
    }

    public Shape inputShape(int input) {
        checkInput(input);
        return shapes[inputNode[input]];
    }

    /** Number of elements of input {@code input}. */
    public int inputSize(int input) {
        checkInput(input);
        return size[inputNode[input]];
    }

    /**
     * The index of the input with this name.
     *
     * @throws InvalidOptionException if there is none
     */
    public int inputIndex(String name) {
        for (int k = 0; k < inputNames.length; k++) {
            if (inputNames[k].equals(name)) {
                return k;
            }
        }
        throw new InvalidOptionException("no input named '" + name + "'; inputs are "
                + Arrays.toString(inputNames));
    }

    public Shape outputShape() {
        return shapes[output];
    }

    /** Number of elements of the output. */
    public int outputSize() {
        return outputSize;
    }

    /** Number of ops each forward sweep executes (inputs, constants and views excluded). */
    public int operationCount() {
        return program.length;
    }

    /** A new workspace for this function, with every buffer allocated; one per thread. */
    public Workspace newWorkspace() {
        return new Workspace(this);
    }

    // ---- adapters -------------------------------------------------------------------------------

    /**
     * This scalar function as an {@link Objective} f(x, θ) of input {@code xInput} and input
     * {@code thetaInput} (or −1 for no parameters), with its own workspaces; its {@code fork()}
     * gives an independent instance for another thread. The function may have no other inputs.
     *
     * @throws DimensionMismatchException if the output is not a single element
     * @throws InvalidOptionException if the inputs are not exactly x and θ
     */
    public Objective objective(int xInput, int thetaInput) {
        requireScalarOutput("objective");
        checkTwoInputs("objective", xInput, thetaInput);
        return new TapeObjective(this, xInput, thetaInput);
    }

    /** {@link #objective(int, int)} of a function of one input x (no parameters). */
    public Objective objective(int xInput) {
        return objective(xInput, -1);
    }

    /**
     * This function as a vector map F(x, θ) of input {@code xInput} and input
     * {@code thetaInput} (or −1), with JVPs and VJPs with respect to either at a linearisation
     * point: the shape of the implicit module's root functions.
     *
     * @throws InvalidOptionException if the inputs are not exactly x and θ
     */
    public VectorMap vectorMap(int xInput, int thetaInput) {
        checkTwoInputs("vectorMap", xInput, thetaInput);
        return new VectorMap(this, xInput, thetaInput);
    }

    private void checkTwoInputs(String what, int xInput, int thetaInput) {
        checkInput(xInput);
        if (thetaInput != -1) {
            checkInput(thetaInput);
            if (thetaInput == xInput) {
                throw new InvalidOptionException(what + ": x and θ must be different inputs, both are "
                        + xInput);
            }
        }
        int expected = thetaInput == -1 ? 1 : 2;
        if (inputCount() != expected) {
            throw new InvalidOptionException(what + ": the function has " + inputCount()
                    + " inputs " + Arrays.toString(inputNames) + " but x and θ account for "
                    + expected);
        }
    }

    // ---- values ---------------------------------------------------------------------------------

    /**
     * f at the workspace's inputs, for a function with one output element.
     *
     * @throws DimensionMismatchException if the output has more than one element
     */
    public double value(Workspace ws) {
        check(ws);
        requireScalarOutput("value");
        ensureForward(ws, 1);
        return outputValue(ws);
    }

    /** out ← F at the workspace's inputs (any output shape; out has the output's size). */
    public void value(Workspace ws, double[] out) {
        check(ws);
        checkOutputLength("out", out);
        ensureForward(ws, 1);
        System.arraycopy(ws.val[output], offset[output], out, 0, outputSize);
    }

    // ---- first order ------------------------------------------------------------------------------

    /**
     * Writes ∇_{wrt} f into {@code gradient} (length of input {@code wrt}) and returns f.
     *
     * @throws DimensionMismatchException if the output has more than one element or the length is
     *     wrong
     */
    public double valueAndGradient(Workspace ws, int wrt, double[] gradient) {
        check(ws);
        requireScalarOutput("gradient");
        checkInput(wrt);
        checkInputLength("gradient", gradient, wrt);
        ensureAdjoints(ws, 1L << wrt, null);
        copyInputAdjoint(ws, wrt, gradient);
        return outputValue(ws);
    }

    /** Writes ∇_{wrt} f into {@code gradient} (length of input {@code wrt}). */
    public void gradient(Workspace ws, int wrt, double[] gradient) {
        valueAndGradient(ws, wrt, gradient);
    }

    /**
     * One reverse sweep for the gradients of all inputs: {@code gradients[k]} receives ∇_k f
     * (null entries are skipped and cost nothing). Returns f.
     */
    public double valueAndGradients(Workspace ws, double[][] gradients) {
        check(ws);
        requireScalarOutput("gradients");
        long bits = gradientBits("gradients", gradients);
        if (bits != 0) {
            ensureAdjoints(ws, bits, null);
            copyAdjoints(ws, gradients);
        } else {
            ensureForward(ws, 1);
        }
        return outputValue(ws);
    }

    /**
     * out ← J_{wrt}·direction, the directional derivative of the output along input {@code wrt}
     * (direction has that input's size, out the output's size).
     */
    public void jvp(Workspace ws, int wrt, double[] direction, double[] out) {
        check(ws);
        checkInput(wrt);
        checkInputLength("direction", direction, wrt);
        checkOutputLength("out", out);
        jvpInto(ws, wrt, direction, out, 0);
    }

    /**
     * out ← J_{wrt}ᵀ·cotangent (cotangent has the output's size, out the size of input
     * {@code wrt}).
     */
    public void vjp(Workspace ws, double[] cotangent, int wrt, double[] out) {
        check(ws);
        checkInput(wrt);
        checkOutputLength("cotangent", cotangent);
        checkInputLength("out", out, wrt);
        ensureAdjoints(ws, 1L << wrt, cotangent);
        copyInputAdjoint(ws, wrt, out);
    }

    /** One reverse sweep for the VJPs of all inputs: {@code outs[k]} ← J_kᵀ·cotangent (nulls skipped). */
    public void vjps(Workspace ws, double[] cotangent, double[][] outs) {
        check(ws);
        checkOutputLength("cotangent", cotangent);
        long bits = gradientBits("outs", outs);
        if (bits != 0) {
            ensureAdjoints(ws, bits, cotangent);
            copyAdjoints(ws, outs);
        }
    }

    // ---- second order ---------------------------------------------------------------------------

    /** out ← ∇²_{wrt,wrt} f · v for a scalar output (v and out have the size of input {@code wrt}). */
    public void hessianVector(Workspace ws, int wrt, double[] v, double[] out) {
        secondOrder(ws, wrt, v, wrt, out);
    }

    /**
     * out ← d/dε ∇_{gradInput} f(…, x_{tangentInput} + ε·direction, …) at ε = 0 for a scalar
     * output: the Hessian-vector product when the two inputs are the same, the mixed product
     * ∇²_{g,t}f · direction otherwise (e.g. gradInput = x, tangentInput = θ gives ∇²ₓθf·u, and
     * gradInput = θ, tangentInput = x gives (∇²ₓθf)ᵀ·w). direction has the size of
     * {@code tangentInput}, out the size of {@code gradInput}.
     *
     * @throws UnsupportedDerivativeException if a custom primitive on the path has no
     *     second-order rule
     */
    public void secondOrder(Workspace ws, int tangentInput, double[] direction, int gradInput,
                            double[] out) {
        check(ws);
        requireScalarOutput("secondOrder");
        checkSecondOrder(tangentInput, direction, gradInput, out);
        secondOrderInto(ws, null, tangentInput, direction, gradInput, out, 0);
    }

    /**
     * The second-order product of a vector output along a cotangent w: out ← d/dε
     * [J_{gradInput}(…, x_t + ε·direction, …)ᵀ · w] at ε = 0.
     */
    public void secondOrder(Workspace ws, double[] cotangent, int tangentInput, double[] direction,
                            int gradInput, double[] out) {
        check(ws);
        checkOutputLength("cotangent", cotangent);
        checkSecondOrder(tangentInput, direction, gradInput, out);
        secondOrderInto(ws, cotangent, tangentInput, direction, gradInput, out, 0);
    }

    private void checkSecondOrder(int tangentInput, double[] direction, int gradInput, double[] out) {
        checkInput(tangentInput);
        checkInput(gradInput);
        checkInputLength("direction", direction, tangentInput);
        checkInputLength("out", out, gradInput);
    }

    // ---- dense ------------------------------------------------------------------------------------

    /**
     * out ← the Jacobian ∂F/∂x_{wrt}, row-major (output size)×(input size), built from JVPs or VJPs
     * whichever needs fewer sweeps. For small sizes.
     */
    public void jacobian(Workspace ws, int wrt, double[] out) {
        check(ws);
        checkInput(wrt);
        int n = size[inputNode[wrt]];
        int m = outputSize;
        if (out == null || out.length != m * n) {
            throw lengthMismatch("out", out, m * n, "the " + m + "×" + n + " Jacobian");
        }
        double[] e = ws.direction;
        if (m <= n) {
            Arrays.fill(e, 0, m, 0);
            for (int r = 0; r < m; r++) {
                e[r] = 1; // the cotangent e_r, read over the output's m elements
                ensureAdjoints(ws, 1L << wrt, e);
                e[r] = 0;
                System.arraycopy(ws.adjoints, offset[inputNode[wrt]], out, r * n, n);
            }
        } else {
            Arrays.fill(e, 0, n, 0);
            for (int c = 0; c < n; c++) {
                e[c] = 1;
                jvpInto(ws, wrt, e, ws.column, 0);
                e[c] = 0;
                for (int r = 0; r < m; r++) {
                    out[r * n + c] = ws.column[r];
                }
            }
        }
    }

    /** out ← ∇²_{wrt,wrt} f, row-major, for a scalar output and a small input. */
    public void hessian(Workspace ws, int wrt, double[] out) {
        hessian(ws, wrt, wrt, out);
    }

    /**
     * out ← the block ∂²f/∂x_{gradInput}∂x_{tangentInput}, row-major (size of gradInput)×(size of
     * tangentInput), for a scalar output, one second-order sweep per column.
     */
    public void hessian(Workspace ws, int gradInput, int tangentInput, double[] out) {
        check(ws);
        requireScalarOutput("hessian");
        checkInput(gradInput);
        checkInput(tangentInput);
        int rowsG = size[inputNode[gradInput]];
        int colsT = size[inputNode[tangentInput]];
        if (out == null || out.length != rowsG * colsT) {
            throw lengthMismatch("out", out, rowsG * colsT, "the " + rowsG + "×" + colsT + " Hessian block");
        }
        double[] e = ws.direction;
        Arrays.fill(e, 0, colsT, 0);
        for (int c = 0; c < colsT; c++) {
            e[c] = 1;
            secondOrderInto(ws, null, tangentInput, e, gradInput, ws.column, 0);
            e[c] = 0;
            for (int r = 0; r < rowsG; r++) {
                out[r * colsT + c] = ws.column[r];
            }
        }
    }

    // ---- the sweeps, unchecked --------------------------------------------------------------------

    void ensureForward(Workspace ws, int level) {
        if (ws.forwardLevel >= level) {
            return;
        }
        ws.requireInputsSet();
        ws.gradientMode = level >= 2;
        ws.adjointBits = 0;
        ws.forwardLevel = 0; // stays stale if a primitive throws midway
        Sweeps.forward(this, ws);
        ws.forwardLevel = hasLocalGradients ? level : 2;
    }

    /**
     * Makes the workspace hold the adjoints of every node depending on the inputs in
     * {@code bits}, for the seed 1 (cotangent null) or the given cotangent, reusing the cached
     * ones when they cover the request.
     */
    void ensureAdjoints(Workspace ws, long bits, double[] cotangent) {
        ensureForward(ws, 2);
        if ((ws.adjointBits & bits) == bits && sameSeed(ws, cotangent)) {
            return;
        }
        adjointMask(ws, bits);
        boolean[] mask = ws.adjMask;
        double[] adj = ws.adjoints;
        for (int i : slotNodes) {
            if (mask[i]) {
                Arrays.fill(adj, offset[i], offset[i] + size[i], 0);
            }
        }
        ws.adjointBits = 0;
        if (mask[output]) {
            if (cotangent == null) {
                adj[offset[output]] = 1;
            } else {
                System.arraycopy(cotangent, 0, adj, offset[output], outputSize);
            }
            Sweeps.reverse(this, ws);
        }
        if (cotangent == null) {
            ws.adjointSeedOne = true;
        } else {
            ws.adjointSeedOne = false;
            System.arraycopy(cotangent, 0, ws.seed, 0, outputSize);
        }
        ws.adjointBits = bits;
    }

    private boolean sameSeed(Workspace ws, double[] cotangent) {
        if (cotangent == null) {
            return ws.adjointSeedOne;
        }
        if (ws.adjointSeedOne) {
            return false;
        }
        double[] seed = ws.seed;
        for (int i = 0; i < outputSize; i++) {
            if (Double.doubleToRawLongBits(seed[i]) != Double.doubleToRawLongBits(cotangent[i])) {
                return false;
            }
        }
        return true;
    }

    void adjointMask(Workspace ws, long bits) {
        if (ws.adjMaskBits == bits) {
            return;
        }
        boolean[] mask = ws.adjMask;
        for (int i = 0; i < nodeCount; i++) {
            mask[i] = (dep[i] & bits) != 0 && constantOf[i] != DEAD;
        }
        ws.adjMaskBits = bits;
        ws.tanMaskValid = false; // second-order tangent masks depend on the adjoint mask
    }

    /**
     * Marks the nodes whose tangents (along input t) some later rule reads: the output for a JVP
     * ({@code gradBits == 0}), or, for a second-order sweep of the inputs in {@code gradBits},
     * the arguments whose tangents the second-order rules read. Requires the adjoint mask of
     * {@code gradBits} when it is non-zero.
     */
    private void tangentMask(Workspace ws, int t, long gradBits) {
        if (ws.tanMaskValid && ws.tanMaskInput == t && ws.tanMaskBits == gradBits) {
            return;
        }
        long tb = 1L << t;
        boolean[] m = ws.tanMask;
        boolean[] adj = ws.adjMask;
        Arrays.fill(m, false);
        if (gradBits == 0 && (dep[output] & tb) != 0) {
            m[output] = true;
        }
        for (int idx = live.length - 1; idx >= 0; idx--) {
            int i = live[idx];
            int code = op[i];
            boolean second = gradBits != 0 && adj[i];
            if (second && code == Op.CUSTOM && (dep[i] & tb) != 0) {
                m[i] = true; // the custom second-order rule receives its output tangent
            }
            boolean tangentRuns = m[i];
            if (!tangentRuns && !second) {
                continue;
            }
            int start = argStart[i];
            int count = argStart[i + 1] - start;
            for (int k = 0; k < count; k++) {
                int a = args[start + k];
                if ((dep[a] & tb) == 0 || (code == Op.WHERE && k == 0)) {
                    continue;
                }
                if (tangentRuns || (second && readsTangent(code, k, i, adj))) {
                    m[a] = true;
                }
            }
        }
        ws.tanMaskValid = true;
        ws.tanMaskInput = t;
        ws.tanMaskBits = gradBits;
    }

    private boolean readsTangent(int code, int position, int node, boolean[] adj) {
        return switch (code) {
            case Op.ADD, Op.SUB, Op.MAX, Op.MIN, Op.NEG, Op.SCALE, Op.SHIFT, Op.WHERE, Op.BROADCAST,
                    Op.SUM, Op.MEAN, Op.TRANSPOSE, Op.CONCAT, Op.VIEW,
                    Op.ABS, Op.RELU -> false; // (piecewise) linear: no second derivative
            // bilinear: the second-order rule of one factor reads the other factor's tangent
            case Op.MUL, Op.DOT, Op.MATVEC, Op.MATVEC_T, Op.MATMUL, Op.OUTER ->
                    adj[arg(node, 1 - position)];
            default -> true;
        };
    }

    void jvpInto(Workspace ws, int t, double[] direction, double[] out, int outOff) {
        tangentSweep(ws, t, direction, 0);
        if (ws.tanMask[output]) {
            System.arraycopy(ws.tangents, offset[output], out, outOff, outputSize);
        } else {
            Arrays.fill(out, outOff, outOff + outputSize, 0);
        }
    }

    private void tangentSweep(Workspace ws, int t, double[] direction, long gradBits) {
        ensureForward(ws, 2);
        tangentMask(ws, t, gradBits);
        int in = inputNode[t];
        if (ws.tanMask[in]) {
            System.arraycopy(direction, 0, ws.tangents, offset[in], size[in]);
        }
        Sweeps.tangent(this, ws);
    }

    void secondOrderInto(Workspace ws, double[] cotangent, int t, double[] direction, int g,
                         double[] out, int outOff) {
        long gb = 1L << g;
        ensureAdjoints(ws, gb, cotangent);
        adjointMask(ws, gb);
        tangentSweep(ws, t, direction, gb);
        boolean[] mask = ws.adjMask;
        double[] at = ws.adjointTangents;
        for (int i : slotNodes) {
            if (mask[i]) {
                Arrays.fill(at, offset[i], offset[i] + size[i], 0);
            }
        }
        if (mask[output]) {
            Sweeps.secondOrder(this, ws);
        }
        int in = inputNode[g];
        System.arraycopy(at, offset[in], out, outOff, size[in]);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private double outputValue(Workspace ws) {
        return ws.val[output][offset[output]];
    }

    private void copyInputAdjoint(Workspace ws, int input, double[] out) {
        int node = inputNode[input];
        System.arraycopy(ws.adjoints, offset[node], out, 0, size[node]);
    }

    private void copyAdjoints(Workspace ws, double[][] outs) {
        for (int k = 0; k < outs.length; k++) {
            if (outs[k] != null) {
                copyInputAdjoint(ws, k, outs[k]);
            }
        }
    }

    private long gradientBits(String name, double[][] outs) {
        if (outs == null || outs.length != inputNode.length) {
            throw new DimensionMismatchException(name + " needs one (possibly null) array per input, "
                    + inputNode.length + " in all, got " + (outs == null ? "null" : outs.length));
        }
        long bits = 0;
        for (int k = 0; k < outs.length; k++) {
            if (outs[k] != null) {
                if (outs[k].length != size[inputNode[k]]) {
                    checkInputLength(name + "[" + k + "]", outs[k], k);
                }
                bits |= 1L << k;
            }
        }
        return bits;
    }

    void check(Workspace ws) {
        if (ws == null || ws.f != this) {
            throw new InvalidOptionException(ws == null ? "workspace is null"
                    : "the workspace belongs to another Function; create one with newWorkspace()");
        }
    }

    void checkInput(int input) {
        if (input < 0 || input >= inputNode.length) {
            throw new InvalidOptionException("input index " + input + " is out of range; the function has "
                    + inputNode.length + " inputs " + Arrays.toString(inputNames));
        }
    }

    // Messages are built only on failure: these checks run on every hot-path call.
    private void checkInputLength(String name, double[] array, int input) {
        int node = inputNode[input];
        if (array == null || array.length != size[node]) {
            throw lengthMismatch(name, array, size[node], "input " + input + " '" + inputNames[input]
                    + "' " + shapes[node]);
        }
    }

    private void checkOutputLength(String name, double[] array) {
        if (array == null || array.length != outputSize) {
            throw lengthMismatch(name, array, outputSize, "the output " + shapes[output]);
        }
    }

    private static DimensionMismatchException lengthMismatch(String name, double[] array, int expected,
                                                             String what) {
        return new DimensionMismatchException(name + " has length "
                + (array == null ? "null" : String.valueOf(array.length)) + " but " + what
                + " needs " + expected);
    }

    private void requireScalarOutput(String what) {
        if (outputSize != 1) {
            throw new DimensionMismatchException(what + " needs a one-element output but this function's output is "
                    + shapes[output] + "; use jvp/vjp (or secondOrder with a cotangent)");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Function(");
        for (int k = 0; k < inputNode.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(inputNames[k]).append(' ').append(shapes[inputNode[k]]);
        }
        return sb.append(") -> ").append(shapes[output]).append(", ").append(program.length)
                .append(" ops").toString();
    }
}
