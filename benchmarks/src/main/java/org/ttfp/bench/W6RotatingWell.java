package org.ttfp.bench;

import java.util.Locale;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.fp.FpMethod;
import org.ttfp.fp.FpProblem;
import org.ttfp.fp.FpSolver;
import org.ttfp.fp.Problems;
import org.ttfp.fp.Solution;
import org.ttfp.fp.StepDiagnostics;
import org.ttfp.fp.sde.RotatingWellSde;

/**
 * The rotating-well target of issue 17 as a command (not a timed test): the rotating double well
 * f = −(I + A)∇V ({@link Problems#rotatingWell}) in d dimensions relaxed from its two-Gaussian start
 * to T, and the largest relative error of its second moments E[x_i x_j] against the exact
 * stationary m₂ I ({@link RotatingWellSde#stationarySecondMoment()}, an independent 1-D quadrature).
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.ttfp.bench.W6RotatingWell [d n steps eps method substeps
 * T reuse]}; defaults: d = 3, n = 40, 100 steps, eps 1e−7, EXTRAPOLATED, 2 characteristic sub-steps,
 * T = 10, index reuse on; box [−3, 3]^d, rank cap 40, mass and negativity tolerance 1e−3 (the mass
 * drifts by about 1.5e−4 over T = 10, measured). Prints the time (wall and this JVM's CPU), max
 * rank, evaluations per step and the moment error. Why these settings: h = T/steps ≤ 0.1 because
 * a convection sub-step of length h maps the outside of the box onto |x| ≳ 1/√(2h) (the backward
 * characteristics of −x³ blow up), a steep edge of the convected density that the grid does not
 * resolve, so the mass drifts as h grows (1e−3 by t = 2.5 at h = 0.125); n = 36 or one sub-step
 * drift it by 1e−3 before t = 4 (docs/fp-time-stepping.md).
 */
public final class W6RotatingWell {
    private W6RotatingWell() {}

    public static void main(String[] args) {
        int d = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        double eps = args.length > 3 ? Double.parseDouble(args[3]) : 1e-7;
        FpMethod method = args.length > 4 ? FpMethod.valueOf(args[4]) : FpMethod.EXTRAPOLATED;
        int sub = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        double t = args.length > 6 ? Double.parseDouble(args[6]) : 10;
        boolean reuse = args.length <= 7 || Boolean.parseBoolean(args[7]);
        Workloads.checkSize("d", d, 1);
        Workloads.checkSize("n", n, 3);
        Workloads.checkSize("steps", steps, 1);
        Problems.Preset p = Problems.rotatingWell(d, n, 1);
        FpProblem pr = FpProblem.builder(p.sde(), ChebyshevBox.cube(d, -3, 3, n)).initial(p.initial()).finalTime(t)
                .steps(steps).snapshotTimes(t).build();
        FpSolver.Settings st = FpSolver.Settings.defaults().withEps(eps).withMaxRank(40).withMethod(method)
                .withCharacteristicSubsteps(sub).withMassTolerance(1e-3).withNegativityTolerance(1e-3)
                .withCrossIndexReuse(reuse);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        Solution sol = FpSolver.solve(pr, st);
        double wall = (System.nanoTime() - t0) * 1e-9, cpu = (processCpuNanos() - cpu0) * 1e-9;
        double m2 = ((RotatingWellSde) p.sde()).stationarySecondMoment();
        int last = sol.snapshotCount() - 1;
        double[] c = sol.covariance(last), mu = sol.mean(last);
        double err = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                err = Math.max(err, Math.abs(c[i * d + j] + mu[i] * mu[j] - (i == j ? m2 : 0)) / m2);
            }
        }
        long evals = 0;
        int maxRank = 0;
        for (StepDiagnostics s : sol.diagnostics()) {
            evals += s.step() > 0 ? s.crossEvaluations() : 0;
            maxRank = Math.max(maxRank, s.maxRank());
        }
        System.out.printf(Locale.ROOT, "rotating well d=%d n=%d %s steps=%d eps=%.0e substeps=%d T=%g reuse=%s: wall %.1f s, "
                + "CPU %.1f s, %.2f s wall per unit time, max rank %d, %.0f evaluations per step, second-moment error %.2e, "
                + "final mass %.6f%n", d, n, method, steps, eps, sub, t, reuse, wall, cpu, wall / t, maxRank,
                (double) evals / steps, err, sol.mass(last));
    }

    /** CPU time of this JVM (all threads), or 0 when the platform does not report it. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? Math.max(0, s.getProcessCpuTime()) : 0;
    }
}
