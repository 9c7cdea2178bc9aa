package org.ttfp.bench.gpu;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ttfp.bench.Figure;
import org.ttfp.bench.W2Rounding;
import org.ttfp.bench.W4Evaluate;
import org.ttfp.bench.W5Dot;
import org.ttfp.linalg.Backend;
import org.ttfp.tt.LogScalar;
import org.ttfp.tt.TensorTrain;

/** The reference workloads W2 (rounding), W4 (evaluation) and W5 (inner product) on both backends. */
final class WorkloadRuns extends Stage {
    WorkloadRuns(GpuParityCheck owner) {
        super(owner);
    }

    /** W2 at each rank (the CPU skipped when predicted over budget), W4 and W5 on both backends. */
    @Override
    void run() {
        // warm-up of both backends on a small instance (JIT, cuBLAS kernels, OpenBLAS threads)
        owner.guard("workloads: warm-up", () -> {
            for (Backend b : List.of(dev, cpu)) {
                TensorTrain y = W2Rounding.y(b, 8, 16, 12);
                W2Rounding.round(W2Rounding.input(y));
                W5Dot.dot(W5Dot.a(b, 8, 16, 12), W5Dot.b(b, 8, 16, 12));
            }
        });
        int d = quick ? 10 : W2Rounding.D, n = quick ? 8 : W2Rounding.N;
        int[] ranks = quick ? new int[] {5, 10} : new int[] {50, 100, 200};
        double cpuBudget = quick ? 30 : 60; // seconds a CPU W2 run may be predicted to take
        double[] last = {Double.NaN, Double.NaN}; // seconds and flops of the last CPU W2 run
        for (int r : ranks) {
            owner.guard("W2 r=" + r + " on " + dev.name(), () -> runW2(dev, d, n, r));
            double flops = flopsW2(d, n, r);
            double predicted = Double.isNaN(last[0]) ? 0 : last[0] * flops / last[1];
            if (predicted <= cpuBudget) {
                owner.guard("W2 r=" + r + " on " + cpu.name(), () -> {
                    ParityReport.Work w = runW2(cpu, d, n, r);
                    last[0] = w.seconds();
                    last[1] = flops;
                });
            } else {
                report.notes.add(String.format(Locale.ROOT, "W2 r=%d on the CPU skipped: predicted %.0f s > budget %.0f s", r, predicted,
                        cpuBudget));
            }
        }
        int wd = W4Evaluate.D, wn = W4Evaluate.N, wr = W4Evaluate.R, count = quick ? 20_000 : W4Evaluate.COUNT;
        for (Backend b : List.of(dev, cpu)) {
            owner.guard("W4 on " + b.name(), () -> {
                TensorTrain tt = W4Evaluate.tensor(b, wd, wn, wr);
                int[] idx = W4Evaluate.indices(wd, wn, count);
                int warm = Math.min(count, 1000);
                W4Evaluate.evaluate(tt, Arrays.copyOf(idx, warm * wd), warm);
                double[][] v = new double[1][];
                double sec = KernelTimings.median(0, 3, () -> v[0] = W4Evaluate.evaluate(tt, idx, count), () -> { });
                Figure f = W4Evaluate.figure(tt, idx, count, v[0]);
                report.work.add(new ParityReport.Work("W4", b.name(), "d=" + wd + " n=" + wn + " r=" + wr + " N=" + count, sec, f));
            });
        }
        int vd = quick ? 10 : W5Dot.D, vn = quick ? 8 : W5Dot.N, vr = quick ? 10 : W5Dot.R;
        for (Backend b : List.of(dev, cpu)) {
            owner.guard("W5 on " + b.name(), () -> {
                TensorTrain a = W5Dot.a(b, vd, vn, vr), bb = W5Dot.b(b, vd, vn, vr);
                LogScalar[] v = new LogScalar[1];
                double sec = KernelTimings.median(1, 5, () -> v[0] = W5Dot.dot(a, bb), () -> { });
                report.work.add(new ParityReport.Work("W5", b.name(), "d=" + vd + " n=" + vn + " r=" + vr, sec, W5Dot.figure(a, bb, v[0])));
            });
        }
    }

    private static double flopsW2(int d, int n, int r) {
        int[] shape = new int[d];
        Arrays.fill(shape, n);
        int[] in = W2Rounding.expectedRanks(shape, 2 * r);
        return W2Rounding.roundingFlops(shape, in, W2Rounding.expectedRanks(shape, r));
    }

    private ParityReport.Work runW2(Backend b, int d, int n, int r) {
        TensorTrain y = W2Rounding.y(b, d, n, r);
        TensorTrain sum = W2Rounding.input(y);
        KernelTimings.syncOn(b, () -> sum.core(d - 1)).run();
        long t0 = System.nanoTime();
        TensorTrain rounded = W2Rounding.round(sum);
        KernelTimings.syncOn(b, () -> rounded.core(d - 1)).run();
        double sec = (System.nanoTime() - t0) * 1e-9;
        ParityReport.Work w = new ParityReport.Work("W2", b.name(), "d=" + d + " n=" + n + " r=" + r, sec, W2Rounding.figure(sum, rounded, y, r));
        report.work.add(w);
        owner.log(String.format(Locale.ROOT, "W2 r=%d on %s: %.3f s, %s", r, b.name(), sec, w.figure().summary()));
        return w;
    }
}
