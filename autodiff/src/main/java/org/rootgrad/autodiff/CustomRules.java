package org.rootgrad.autodiff;

import java.util.Arrays;

/**
 * Rules of custom primitives: copy the arguments into the node's plain arrays ({@link CustomCall}),
 * call the user's rule, copy or add the result back.
 */
final class CustomRules {
    private CustomRules() {}

    static void value(Function f, Workspace w, int i) {
        CustomCall call = w.custom[i];
        int start = f.argStart[i];
        for (int k = 0; k < call.inputs.length; k++) {
            int a = f.args[start + k];
            System.arraycopy(w.val[a], f.offset[a], call.inputs[k], 0, f.size[a]);
        }
        call.primitive.value(call.state, call.inputs, call.output);
        System.arraycopy(call.output, 0, w.values, f.offset[i], f.size[i]);
    }

    /** Points the tangent view at the buffers of inputs with a tangent, null elsewhere. */
    private static boolean loadTangents(Function f, Workspace w, int i, CustomCall call) {
        int start = f.argStart[i];
        boolean any = false;
        for (int k = 0; k < call.inputs.length; k++) {
            int a = f.args[start + k];
            if (w.tanMask[a]) {
                System.arraycopy(w.tangents, f.offset[a], call.tangentBuffers[k], 0, f.size[a]);
                call.tangentView[k] = call.tangentBuffers[k];
                any = true;
            } else {
                call.tangentView[k] = null;
            }
        }
        return any;
    }

    static void tangent(Function f, Workspace w, int i) {
        CustomCall call = w.custom[i];
        loadTangents(f, w, i, call);
        Arrays.fill(call.outputTangent, 0);
        call.primitive.jvp(call.state, call.inputs, call.output, call.tangentView, call.outputTangent);
        System.arraycopy(call.outputTangent, 0, w.tangents, f.offset[i], f.size[i]);
    }

    static void reverse(Function f, Workspace w, int i, boolean second) {
        CustomCall call = w.custom[i];
        int start = f.argStart[i];
        int m = f.size[i];
        int zo = f.offset[i];
        for (int k = 0; k < call.inputs.length; k++) {
            int a = f.args[start + k];
            if (w.adjMask[a]) {
                Arrays.fill(call.adjointBuffers[k], 0);
                call.adjointView[k] = call.adjointBuffers[k];
            } else {
                call.adjointView[k] = null;
            }
        }
        double[] d = second ? w.adjointTangents : w.adjoints;
        if (!second) {
            System.arraycopy(d, zo, call.outputAdjoint, 0, m);
            call.primitive.vjp(call.state, call.inputs, call.output, call.outputAdjoint, call.adjointView);
        } else if (!loadTangents(f, w, i, call)) {
            // inputs fixed: the tangent of Jᵀ·Az is Jᵀ·Dz, a plain VJP
            System.arraycopy(d, zo, call.outputAdjoint, 0, m);
            call.primitive.vjp(call.state, call.inputs, call.output, call.outputAdjoint, call.adjointView);
        } else {
            System.arraycopy(w.adjoints, zo, call.outputAdjoint, 0, m);
            System.arraycopy(d, zo, call.outputAdjointTangent, 0, m);
            double[] outputTangent = null;
            if (w.tanMask[i]) {
                System.arraycopy(w.tangents, zo, call.outputTangent, 0, m);
                outputTangent = call.outputTangent;
            }
            call.primitive.vjpTangent(call.state, call.inputs, call.output, call.tangentView,
                    outputTangent, call.outputAdjoint, call.outputAdjointTangent, call.adjointView);
        }
        for (int k = 0; k < call.inputs.length; k++) {
            double[] buffer = call.adjointView[k];
            if (buffer != null) {
                int a = f.args[start + k];
                int ao = f.offset[a];
                for (int j = 0; j < buffer.length; j++) {
                    d[ao + j] += buffer[j];
                }
            }
        }
    }
}
