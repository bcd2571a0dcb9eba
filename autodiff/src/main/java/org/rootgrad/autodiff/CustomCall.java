package org.rootgrad.autodiff;

/**
 * The per-workspace side of one custom-primitive node: the primitive's state and the plain
 * arrays it is called with, allocated once when the workspace is created. The {@code *View}
 * arrays hold either the buffer or {@code null} (a zero tangent, an adjoint not needed), reset
 * before every call without allocating.
 */
final class CustomCall {
    final Primitive<Object> primitive;
    final Object state;
    final double[][] inputs;
    final double[] output;
    final double[][] tangentBuffers;
    final double[][] tangentView;
    final double[] outputTangent;
    final double[] outputAdjoint;
    final double[] outputAdjointTangent;
    final double[][] adjointBuffers;
    final double[][] adjointView;

    @SuppressWarnings("unchecked")
    CustomCall(Function f, int node) {
        primitive = (Primitive<Object>) f.constants[f.iparam[node]];
        state = primitive.newState();
        int count = f.argStart[node + 1] - f.argStart[node];
        inputs = new double[count][];
        tangentBuffers = new double[count][];
        tangentView = new double[count][];
        adjointBuffers = new double[count][];
        adjointView = new double[count][];
        for (int k = 0; k < count; k++) {
            int n = f.size[f.args[f.argStart[node] + k]];
            inputs[k] = new double[n];
            tangentBuffers[k] = new double[n];
            adjointBuffers[k] = new double[n];
        }
        int m = f.size[node];
        output = new double[m];
        outputTangent = new double[m];
        outputAdjoint = new double[m];
        outputAdjointTangent = new double[m];
    }
}
