package org.rootgrad.examples;

import com.google.gson.JsonObject;
import java.util.concurrent.Callable;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.Blas;
import org.rootgrad.examples.data.Csv;
import org.rootgrad.examples.data.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A small tour of the engine: ridge regression on the diabetes data by conjugate gradients on
 * the normal equations (XᵀX/n + λI) w = Xᵀy/n, every step an engine kernel.
 */
@Command(name = "kernels", mixinStandardHelpOptions = true,
        description = "Show the active kernels and solve ridge regression on the diabetes data with them.")
final class KernelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--lambda", defaultValue = "0.01", description = "ridge strength λ > 0 (default ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--json", description = "print one JSON document with the results on stdout")
    boolean json;

    @Override
    public Integer call() {
        org.rootgrad.error.Checks.positive("--lambda", lambda);
        Output report = new Output(spec, json);
        Dataset d = Csv.bundled("diabetes.csv");
        int n = d.rows();
        int p = d.cols();
        report.line("kernels: %s", ArrayKernels.active().name());
        report.line("data: %s, %d rows × %d features", d.name(), n, p);

        double[] gram = new double[p * p];
        Blas.syrk(true, p, n, 1.0 / n, d.x(), 0, p, 0, gram, 0, p);
        for (int j = 0; j < p; j++) {
            gram[j * p + j] += lambda;
        }
        double[] rhs = new double[p];
        Blas.gemvT(n, p, 1.0 / n, d.x(), 0, p, d.y(), 0, 0, rhs, 0);

        double[] w = new double[p];
        double[] r = rhs.clone();
        double[] dir = rhs.clone();
        double[] q = new double[p];
        double rr = Blas.dot(r, r);
        double stop = 1e-24 * rr;
        int it = 0;
        while (rr > stop && it < 10 * p) {
            double pq = Blas.gemvDot(p, p, gram, 0, p, dir, 0, q, 0, dir, 0);
            double alpha = rr / pq;
            double next = Blas.cgUpdate(p, alpha, dir, 0, q, 0, w, 0, r, 0);
            Blas.xpby(p, r, 0, next / rr, dir, 0);
            rr = next;
            it++;
        }
        double[] check = new double[p];
        double res = Math.sqrt(Blas.residual(p, p, gram, 0, p, w, 0, rhs, 0, check, 0));
        report.line("ridge λ = %g: conjugate gradients %s in %d iterations, ‖(XᵀX/n + λI)w − Xᵀy/n‖ = %.2e",
                lambda, rr <= stop ? "converged" : "stopped without converging", it, res);
        for (int j = 0; j < p; j++) {
            report.line("  w[%-4s] = %12.4f", d.features()[j], w[j]);
        }
        JsonObject doc = new JsonObject();
        doc.addProperty("kernels", ArrayKernels.active().name());
        doc.addProperty("iterations", it);
        doc.add("residual", Output.number(res));
        doc.add("solution", Output.numbers(w));
        report.document(doc);
        return 0;
    }
}
