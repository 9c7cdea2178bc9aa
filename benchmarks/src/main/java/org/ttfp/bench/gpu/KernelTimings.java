package org.ttfp.bench.gpu;

import static org.ttfp.bench.gpu.GpuParityCheck.random;

import java.util.Arrays;
import java.util.function.Supplier;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;
import org.ttfp.linalg.QR;
import org.ttfp.linalg.SVD;

/**
 * Kernel timings of the device and the CPU backend. GPU work is asynchronous, so every timed region
 * ends with a device-to-host read of one element, which waits for all queued work; each time is
 * the median of several runs after warm-up.
 */
final class KernelTimings extends Stage {
    KernelTimings(GpuParityCheck owner) {
        super(owner);
    }

    /** Median wall time of {@code reps} runs after {@code warm} warm-ups; the sync waits for queued device work. */
    static double median(int warm, int reps, Runnable body, Runnable sync) {
        for (int i = 0; i < warm; i++) {
            body.run();
        }
        sync.run();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            body.run();
            sync.run();
            t[i] = (System.nanoTime() - t0) * 1e-9;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    static Runnable syncOn(Backend b, Supplier<Mat> m) {
        return () -> {
            Mat x = m.get();
            if (x.size() > 0) {
                b.get(x, 0, 0); // a device-to-host read waits for all queued work
            }
        };
    }

    /** GEMM, Gram, tall x square, thin QR and thin SVD on both backends. */
    @Override
    void run() {
        int[] sizes = quick ? new int[] {128, 256} : new int[] {512, 1024, 2048, 4096};
        for (int n : sizes) {
            owner.guard("timing: DGEMM " + n, () -> {
                double[] a = random(n * n, 50), b = random(n * n, 51);
                double dt = timeGemm(dev, a, b, n, n, n, false, 3, 7);
                double ct = timeGemm(cpu, a, b, n, n, n, false, 1, 3);
                report.timings.add(new ParityReport.Timing("DGEMM", n + "^3", 2.0 * n * n * n, dt, ct));
            });
        }
        if (!quick) {
            owner.guard("timing: DGEMM 8192 (device only)", () -> {
                int n = 8192;
                double[] a = random(n * n, 52), b = random(n * n, 53);
                report.timings.add(new ParityReport.Timing("DGEMM", n + "^3 (device only)", 2.0 * n * n * n, timeGemm(dev, a, b, n, n, n, false, 2, 5),
                        Double.NaN));
            });
        }
        int tm = quick ? 6400 : 200_000, tn = quick ? 50 : 200;
        double[] t = random(tm * tn, 54);
        owner.guard("timing: Gram", () -> report.timings.add(new ParityReport.Timing("Gram AᵀA", tm + "x" + tn, 2.0 * tm * tn * tn,
                timeGemm(dev, t, t, tn, tm, tn, true, 3, 7), timeGemm(cpu, t, t, tn, tm, tn, true, 1, 3))));
        owner.guard("timing: tall x square", () -> {
            double[] sq = random(tn * tn, 55);
            report.timings.add(new ParityReport.Timing("A·B tall x square", tm + "x" + tn + " · " + tn + "x" + tn, 2.0 * tm * tn * tn,
                    timeGemm(dev, t, sq, tm, tn, tn, false, 3, 7), timeGemm(cpu, t, sq, tm, tn, tn, false, 1, 3)));
        });
        owner.guard("timing: thin QR", () -> {
            Mat qd = dev.fromArray(t, tm, tn), qcpu = cpu.fromArray(t, tm, tn);
            QR[] hold = new QR[2];
            double qrFlops = 4.0 * tm * tn * tn - 4.0 * tn * tn * tn / 3;
            double dq = median(1, 5, () -> hold[0] = dev.qr(qd), syncOn(dev, () -> hold[0].q()));
            double cq = median(1, 3, () -> hold[1] = cpu.qr(qcpu), syncOn(cpu, () -> hold[1].q()));
            report.timings.add(new ParityReport.Timing("thin QR (Q and R)", tm + "x" + tn, qrFlops, dq, cq));
        });
        owner.guard("timing: thin SVD", () -> {
            int sm = quick ? 400 : 2000, sn = quick ? 100 : 400;
            double[] sv = random(sm * sn, 56);
            Mat svd = dev.fromArray(sv, sm, sn), svc = cpu.fromArray(sv, sm, sn);
            SVD[] sh = new SVD[2];
            double ds = median(1, 3, () -> sh[0] = dev.svd(svd), syncOn(dev, () -> sh[0].u()));
            double cs = median(1, 3, () -> sh[1] = cpu.svd(svc), syncOn(cpu, () -> sh[1].u()));
            report.timings.add(new ParityReport.Timing("thin SVD", sm + "x" + sn, Double.NaN, ds, cs));
        });
    }

    /** C (m x n) = Aᵀ B (trans) or A B with A stored as p x m (trans) or m x p. */
    private static double timeGemm(Backend b, double[] a, double[] bb, int m, int p, int n, boolean trans, int warm, int reps) {
        Mat am = trans ? b.fromArray(a, p, m) : b.fromArray(a, m, p);
        Mat bm = b.fromArray(bb, p, n);
        Mat c = b.zeros(m, n);
        return median(warm, reps, () -> b.gemm(trans, false, 1.0, am, bm, 0.0, c), syncOn(b, () -> c));
    }
}
