package org.ttfp.bench.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.ttfp.bench.Figure;
import org.ttfp.bench.W2Rounding;
import org.ttfp.bench.W4Evaluate;
import org.ttfp.bench.W5Dot;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.BackendUnavailableException;
import org.ttfp.linalg.Backends;
import org.ttfp.linalg.CublasBackend;
import org.ttfp.linalg.Mat;
import org.ttfp.linalg.QR;
import org.ttfp.linalg.SVD;
import org.ttfp.linalg.TallSkinnyQr;
import org.ttfp.linalg.OpenBlasBackend;
import org.ttfp.tt.LogScalar;
import org.ttfp.tt.TensorTrain;

/**
 * The GPU check run on a lent GPU machine (benchmarks/gpu/run-on-gpu.sh): kernel parity of the
 * cuBLAS backend against the CPU backend, GEMM and tall-skinny timings of both, and the reference
 * workloads W2 (rounding, r = 50, 100, 200), W4 (evaluation) and W5 (inner product) on both.
 * Writes {@code gpu-parity.md} and {@code gpu-parity.json} to the output folder and prints the
 * Markdown. Exit status: 0 when every check passed, 1 when one failed, 2 when no GPU was usable.
 *
 * <p>Usage: {@code GpuParityCheck [--out DIR] [--quick] [--device NAME] [--no-workloads]}.
 * {@code --quick} shrinks every size (a dry run of the harness); {@code --device ejml} (or
 * openblas) puts a CPU backend in the GPU's place, which exercises all of the harness without a GPU.
 *
 * <p>Timing: GPU work is asynchronous, so every timed region ends with a device-to-host read of one
 * element, which waits for all queued work. Each time is the median of several runs after warm-up.
 * Parity tolerances: 1e-12 relative (Frobenius) for GEMM-based kernels and singular values;
 * orthogonality ‖QᵀQ − I‖_F of the GPU QR at most max(2e-14, 4 × the CPU's), residual
 * ‖A − QR‖_F / ‖A‖_F at most 1e-14.
 */
public final class GpuParityCheck {
    private static final double GEMM_TOL = 1e-12;

    private final Backend dev;
    private final Backend cpu;
    private final boolean quick;
    private final List<Row> parity = new ArrayList<>();
    private final List<Timing> timings = new ArrayList<>();
    private final List<Work> work = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Path out;
    private final long start = System.nanoTime();

    /** One parity check: measured value against a tolerance. */
    record Row(String kernel, String shape, String measure, double value, double tolerance, boolean pass) {}

    /** One timed operation on both backends (seconds; NaN when skipped). */
    record Timing(String op, String shape, double flops, double devSec, double cpuSec) {}

    /** One workload run on one backend. */
    record Work(String id, String backend, String params, double seconds, Figure figure) {}

    private GpuParityCheck(Backend dev, Backend cpu, boolean quick, Path out) {
        this.dev = dev;
        this.cpu = cpu;
        this.quick = quick;
        this.out = out;
    }

    /** A progress line with the elapsed time (the log shows how far a run got if it is cut off). */
    private void log(String msg) {
        System.out.printf(Locale.ROOT, "[%7.1f s] %s%n", (System.nanoTime() - start) * 1e-9, msg);
    }

    /**
     * Runs one step; an exception becomes a failed parity row (the run goes on, so one broken kernel
     * does not cost the rest of a device session), and the reports are rewritten after every step.
     */
    private void guard(String what, Runnable step) {
        log(what);
        try {
            step.run();
        } catch (Throwable t) {
            String msg = t.getClass().getSimpleName() + ": " + String.valueOf(t.getMessage()).replace('\n', ' ');
            parity.add(new Row(what, "-", "exception " + (msg.length() > 300 ? msg.substring(0, 300) + "..." : msg), Double.NaN,
                    Double.NaN, false));
            t.printStackTrace(System.out);
        }
        try {
            save();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void save() throws IOException {
        Files.writeString(out.resolve("gpu-parity.md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("gpu-parity.json"), json(), StandardCharsets.UTF_8);
    }

    private boolean allPass() {
        return parity.stream().allMatch(Row::pass) && work.stream().allMatch(w -> w.figure().allChecksPass());
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(System.getenv().getOrDefault("OUT", "out/gpu"));
        boolean quick = false, workloads = true;
        String device = "cublas";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(requireValue(args, ++i, "--out"));
                case "--quick" -> quick = true;
                case "--no-workloads" -> workloads = false;
                case "--device" -> device = requireValue(args, ++i, "--device");
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "': expected --out DIR, --quick, --device NAME, --no-workloads");
            }
        }
        Files.createDirectories(out);
        Backend cpu = Backends.byName("cpu");
        Backend dev;
        try {
            dev = device.equals("cublas") ? CublasBackend.create() : Backends.byName(device);
        } catch (BackendUnavailableException e) {
            String msg = "GPU unavailable: " + e.getMessage();
            System.out.println(msg);
            Files.writeString(out.resolve("gpu-parity.md"), "# GPU parity check\n\n" + msg + "\n", StandardCharsets.UTF_8);
            Files.writeString(out.resolve("gpu-parity.json"), "{\"gpu\": null, \"error\": " + json(msg) + "}\n",
                    StandardCharsets.UTF_8);
            System.exit(2);
            return;
        }
        GpuParityCheck c = new GpuParityCheck(dev, cpu, quick, out);
        System.out.println("device backend: " + describe(dev) + "\nCPU backend:    " + describe(cpu));
        c.kernelParity();
        c.kernelTimings();
        if (workloads) {
            c.workloads();
        }
        c.save();
        System.out.println(c.markdown());
        boolean ok = c.allPass();
        System.out.println(ok ? "ALL CHECKS PASSED" : "SOME CHECKS FAILED");
        System.exit(ok ? 0 : 1);
    }

    private static String requireValue(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static String describe(Backend b) {
        if (b instanceof CublasBackend g) {
            return "cublas: " + g.description();
        }
        if (b instanceof OpenBlasBackend o) {
            return "openblas: " + o.config() + ", " + o.maxThreads() + " threads";
        }
        return b.name() + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }

    // ------------------------------------------------------------------ data

    private static double[] random(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = 2 * rnd.nextDouble() - 1;
        }
        return a;
    }

    /** U diag(σ) Vᵀ (m x n, m ≥ n) with σ from 1 down to 1/kappa, built on the CPU backend. */
    private double[] withCondition(int m, int n, double kappa, long seed) {
        Mat u = cpu.qr(cpu.fromArray(random(m * n, seed), m, n)).q();
        Mat v = cpu.qr(cpu.fromArray(random(n * n, seed + 1), n, n)).q();
        double[] s = new double[n];
        for (int j = 0; j < n; j++) {
            s[j] = Math.pow(kappa, -(double) j / Math.max(1, n - 1));
        }
        Mat us = cpu.copy(u);
        cpu.scaleColumns(us, s);
        return cpu.mul(us, false, v, true).toArray();
    }

    /** ‖x − y‖_F / ‖y‖_F, scaled so no square overflows. */
    static double relDiff(double[] x, double[] y) {
        if (x.length != y.length) {
            return Double.POSITIVE_INFINITY;
        }
        double scale = 0;
        for (int i = 0; i < x.length; i++) {
            scale = Math.max(scale, Math.max(Math.abs(x[i]), Math.abs(y[i])));
        }
        if (scale == 0) {
            return 0;
        }
        double num = 0, den = 0;
        for (int i = 0; i < x.length; i++) {
            double e = (x[i] - y[i]) / scale, v = y[i] / scale;
            num += e * e;
            den += v * v;
        }
        return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }

    private void check(String kernel, String shape, String measure, double value, double tol) {
        parity.add(new Row(kernel, shape, measure, value, tol, value <= tol));
    }

    private void parity(String kernel, String shape, Mat devResult, Mat cpuResult, double tol) {
        boolean sameShape = devResult.rows() == cpuResult.rows() && devResult.cols() == cpuResult.cols();
        double d = sameShape ? relDiff(devResult.toArray(), cpuResult.toArray()) : Double.POSITIVE_INFINITY;
        check(kernel, shape, "rel. diff vs CPU", d, tol);
    }

    private Mat up(Backend b, double[] a, int m, int n) {
        return b.fromArray(a, m, n);
    }

    // ------------------------------------------------------------------ parity

    void kernelParity() {
        int s = quick ? 1 : 4;
        guard("parity: gemm", () -> gemmParity(s));
        guard("parity: level-1 kernels", () -> level1Parity(s));
        qrParity(s);
        svdParity(s);
        ttKernelParity();
    }

    /** GEMM, all transposes, on interior views (offset, ld != rows). */
    private void gemmParity(int s) {
        int m = 170 * s, p = 130 * s, n = 150 * s;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int ar = ta ? p : m, ac = ta ? m : p, br = tb ? n : p, bc = tb ? p : n;
                double[] a = random((ar + 3) * (ac + 2), 1), b = random((br + 5) * (bc + 1), 2), c = random(m * n, 3);
                Mat ad = up(dev, a, ar + 3, ac + 2).rowRange(3, 3 + ar).columns(2, 2 + ac);
                Mat acpu = up(cpu, a, ar + 3, ac + 2).rowRange(3, 3 + ar).columns(2, 2 + ac);
                Mat bd = up(dev, b, br + 5, bc + 1).rowRange(1, 1 + br).columns(1, 1 + bc);
                Mat bcpu = up(cpu, b, br + 5, bc + 1).rowRange(1, 1 + br).columns(1, 1 + bc);
                Mat cd = up(dev, c, m, n), cc = up(cpu, c, m, n);
                dev.gemm(ta, tb, 0.75, ad, bd, -0.5, cd);
                cpu.gemm(ta, tb, 0.75, acpu, bcpu, -0.5, cc);
                parity("gemm " + (ta ? "T" : "N") + (tb ? "T" : "N"), m + "x" + p + "x" + n + " views", cd, cc, GEMM_TOL);
            }
        }
    }

    private void level1Parity(int s) {
        double[] x = random(300 * s * 200 * s, 4), y = random(300 * s * 200 * s, 5);
        Mat xd = up(dev, x, 300 * s, 200 * s), xc = up(cpu, x, 300 * s, 200 * s);
        Mat yd = up(dev, y, 300 * s, 200 * s), yc = up(cpu, y, 300 * s, 200 * s);
        String sh = 300 * s + "x" + 200 * s;
        parity("transpose", sh, dev.transpose(xd), cpu.transpose(xc), 0);
        check("dot", sh, "rel. diff vs CPU", Math.abs(dev.dot(xd, yd) - cpu.dot(xc, yc)) / Math.abs(cpu.dot(xc, yc)), GEMM_TOL);
        check("normF", sh, "rel. diff vs CPU", Math.abs(dev.normF(xd) - cpu.normF(xc)) / cpu.normF(xc), GEMM_TOL);
        check("maxAbs", sh, "abs. diff vs CPU", Math.abs(dev.maxAbs(xd) - cpu.maxAbs(xc)), 0);
        Mat sd = dev.copy(xd), sc = cpu.copy(xc);
        dev.axpy(-0.3, yd, sd);
        cpu.axpy(-0.3, yc, sc);
        double[] rs = random(300 * s, 6), cs = random(200 * s, 7);
        dev.scaleRows(sd, rs);
        cpu.scaleRows(sc, rs);
        dev.scaleColumns(sd.rowRange(5, 100), cs);
        cpu.scaleColumns(sc.rowRange(5, 100), cs);
        dev.scale(1.5, sd.columns(3, 50));
        cpu.scale(1.5, sc.columns(3, 50));
        parity("axpy+scaleRows/Columns+scale", sh + " (views)", sd, sc, 1e-14);
        int[] idx = new int[70_000];
        SplittableRandom rnd = new SplittableRandom(8);
        for (int t = 0; t < idx.length; t++) {
            idx[t] = rnd.nextInt(300 * s);
        }
        parity("gatherRows", idx.length + " of " + sh, dev.gatherRows(xd.columns(0, 7), idx), cpu.gatherRows(xc.columns(0, 7), idx), 0);
    }

    private TallSkinnyQr.Result devQr(Mat a) {
        return dev instanceof CublasBackend g ? g.qrWithPath(a) : TallSkinnyQr.factorWithPath(dev, a, cpu);
    }

    /** ‖QᵀQ − I‖_F computed on the CPU backend from the downloaded Q. */
    private double orthError(Mat q) {
        Mat qc = cpu.fromArray(q.toArray(), q.rows(), q.cols());
        Mat g = cpu.mul(qc, true, qc, false);
        double[] e = g.toArray();
        for (int i = 0; i < q.cols(); i++) {
            e[i + i * q.cols()] -= 1;
        }
        return cpu.normF(cpu.fromArray(e, q.cols(), q.cols()));
    }

    private double residual(double[] a, QR qr, int m, int n) {
        Mat prod = cpu.mul(cpu.fromArray(qr.q().toArray(), m, qr.q().cols()), cpu.fromArray(qr.r().toArray(), qr.r().rows(), n));
        return relDiff(prod.toArray(), a);
    }

    private void qrCase(String name, double[] a, int m, int n, TallSkinnyQr.Path expected) {
        String shape = m + "x" + n;
        QR qc = cpu.qr(cpu.fromArray(a, m, n));
        double cpuOrth = orthError(qc.q());
        QR qd;
        String label = "qr " + name;
        if (m >= n) {
            TallSkinnyQr.Result r = devQr(dev.fromArray(a, m, n));
            qd = r.qr();
            label += " [" + r.path() + "]";
            if (expected != null) {
                check(label, shape, "path is " + expected + " (1 = yes)", r.path() == expected ? 0 : 1, 0);
            }
        } else {
            qd = dev.qr(dev.fromArray(a, m, n));
        }
        check(label, shape, String.format(Locale.ROOT, "||QtQ-I||_F (CPU %.1e)", cpuOrth), orthError(qd.q()),
                Math.max(2e-14, 4 * cpuOrth));
        check(label, shape, "||A-QR||/||A||", residual(a, qd, m, n), 1e-14);
    }

    private void qrParity(int s) {
        int m = 5000 * s, n = 100;
        guard("parity: qr well-conditioned", () -> qrCase("well-conditioned", random(m * n, 20), m, n,
                TallSkinnyQr.Path.CHOLESKY_QR2));
        guard("parity: qr kappa=1e10", () -> qrCase("kappa=1e10", withCondition(m / 4, 60, 1e10, 21), m / 4, 60,
                TallSkinnyQr.Path.SHIFTED_CHOLESKY_QR3));
        guard("parity: qr [B B]", () -> {
            double[] b = random(m / 4 * 30, 22);
            double[] ab = new double[b.length * 2];
            System.arraycopy(b, 0, ab, 0, b.length);
            System.arraycopy(b, 0, ab, b.length, b.length);
            qrCase("[B B] rank-deficient", ab, m / 4, 60, TallSkinnyQr.Path.HOUSEHOLDER);
        });
        guard("parity: qr kappa=1e18", () -> qrCase("kappa=1e18", withCondition(m / 4, 60, 1e18, 23), m / 4, 60, null));
        guard("parity: qr wide", () -> qrCase("wide", random(60 * 900, 24), 60, 900, null));
    }

    private void svdParity(int s) {
        for (int[] shape : new int[][] {{1500 * s, 120}, {120, 1500 * s}}) {
            guard("parity: svd " + shape[0] + "x" + shape[1], () -> svdCase(shape[0], shape[1]));
        }
    }

    private void svdCase(int m, int n) {
        {
            double[] a = random(m * n, 30 + m);
            SVD sd = dev.svd(dev.fromArray(a, m, n));
            SVD sc = cpu.svd(cpu.fromArray(a, m, n));
            String sh = m + "x" + n;
            check("svd singular values", sh, "rel. diff vs CPU", relDiff(sd.s(), sc.s()), GEMM_TOL);
            Mat us = dev.copy(sd.u());
            dev.scaleColumns(us, sd.s());
            check("svd U S Vt", sh, "||A-USVt||/||A||", relDiff(dev.mul(us, sd.vt()).toArray(), a), 1e-13);
            check("svd U", sh, "||UtU-I||_F", orthError(sd.u()), 1e-13);
            check("svd V", sh, "||VtV-I||_F", orthError(dev.transpose(sd.vt())), 1e-13);
        }
    }

    private void ttKernelParity() {
        int r0 = 30, nn = 64, r1 = 30, np = 20;
        double[] g = random(r0 * nn * r1, 40), w = random(nn, 41), mm = random(np * nn, 42);
        Mat gd = up(dev, g, r0 * nn, r1), gc = up(cpu, g, r0 * nn, r1);
        String sh = r0 + "x" + nn + "x" + r1;
        guard("parity: contractMiddle", () -> parity("contractMiddle", sh, dev.contractMiddle(gd, r0, nn, r1, up(dev, w, nn, 1)),
                cpu.contractMiddle(gc, r0, nn, r1, up(cpu, w, nn, 1)), GEMM_TOL));
        guard("parity: modeProduct", () -> parity("modeProduct", sh + " by " + np + "x" + nn,
                dev.modeProduct(gd, r0, nn, r1, up(dev, mm, np, nn)), cpu.modeProduct(gc, r0, nn, r1, up(cpu, mm, np, nn)), GEMM_TOL));
        int ra = 6, rb = 7, sa = 5, sb = 4, hn = 16;
        double[] ha = random(ra * hn * rb, 43), hb = random(sa * hn * sb, 44);
        guard("parity: hadamardCore", () -> parity("hadamardCore", ra + "x" + hn + "x" + rb + " * " + sa + "x" + hn + "x" + sb,
                dev.hadamardCore(up(dev, ha, ra * hn, rb), ra, rb, up(dev, hb, sa * hn, sb), sa, sb, hn),
                cpu.hadamardCore(up(cpu, ha, ra * hn, rb), ra, rb, up(cpu, hb, sa * hn, sb), sa, sb, hn), 0));
        guard("parity: evaluate", () -> {
            int d = 10, count = quick ? 20_000 : W4Evaluate.COUNT;
            TensorTrain td = W4Evaluate.tensor(dev, d, nn, r0);
            TensorTrain tc = td.toBackend(cpu);
            int[] idx = W4Evaluate.indices(d, nn, count);
            check("evaluate", count + " points, d=10 n=64 r=30", "rel. diff vs CPU",
                    relDiff(td.evaluate(idx, count), tc.evaluate(idx, count)), GEMM_TOL);
        });
    }

    // ------------------------------------------------------------------ timings

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

    private static Runnable syncOn(Backend b, Supplier<Mat> m) {
        return () -> {
            Mat x = m.get();
            if (x.size() > 0) {
                b.get(x, 0, 0); // a device-to-host read waits for all queued work
            }
        };
    }

    void kernelTimings() {
        int[] sizes = quick ? new int[] {128, 256} : new int[] {512, 1024, 2048, 4096};
        for (int n : sizes) {
            guard("timing: DGEMM " + n, () -> {
                double[] a = random(n * n, 50), b = random(n * n, 51);
                double dt = timeGemm(dev, a, b, n, n, n, false, 3, 7);
                double ct = timeGemm(cpu, a, b, n, n, n, false, 1, 3);
                timings.add(new Timing("DGEMM", n + "^3", 2.0 * n * n * n, dt, ct));
            });
        }
        if (!quick) {
            guard("timing: DGEMM 8192 (device only)", () -> {
                int n = 8192;
                double[] a = random(n * n, 52), b = random(n * n, 53);
                timings.add(new Timing("DGEMM", n + "^3 (device only)", 2.0 * n * n * n, timeGemm(dev, a, b, n, n, n, false, 2, 5),
                        Double.NaN));
            });
        }
        int tm = quick ? 6400 : 200_000, tn = quick ? 50 : 200;
        double[] t = random(tm * tn, 54);
        guard("timing: Gram", () -> timings.add(new Timing("Gram AᵀA", tm + "x" + tn, 2.0 * tm * tn * tn,
                timeGemm(dev, t, t, tn, tm, tn, true, 3, 7), timeGemm(cpu, t, t, tn, tm, tn, true, 1, 3))));
        guard("timing: tall x square", () -> {
            double[] sq = random(tn * tn, 55);
            timings.add(new Timing("A·B tall x square", tm + "x" + tn + " · " + tn + "x" + tn, 2.0 * tm * tn * tn,
                    timeGemm(dev, t, sq, tm, tn, tn, false, 3, 7), timeGemm(cpu, t, sq, tm, tn, tn, false, 1, 3)));
        });
        guard("timing: thin QR", () -> {
            Mat qd = dev.fromArray(t, tm, tn), qcpu = cpu.fromArray(t, tm, tn);
            QR[] hold = new QR[2];
            double qrFlops = 4.0 * tm * tn * tn - 4.0 * tn * tn * tn / 3;
            double dq = median(1, 5, () -> hold[0] = dev.qr(qd), syncOn(dev, () -> hold[0].q()));
            double cq = median(1, 3, () -> hold[1] = cpu.qr(qcpu), syncOn(cpu, () -> hold[1].q()));
            timings.add(new Timing("thin QR (Q and R)", tm + "x" + tn, qrFlops, dq, cq));
        });
        guard("timing: thin SVD", () -> {
            int sm = quick ? 400 : 2000, sn = quick ? 100 : 400;
            double[] sv = random(sm * sn, 56);
            Mat svd = dev.fromArray(sv, sm, sn), svc = cpu.fromArray(sv, sm, sn);
            SVD[] sh = new SVD[2];
            double ds = median(1, 3, () -> sh[0] = dev.svd(svd), syncOn(dev, () -> sh[0].u()));
            double cs = median(1, 3, () -> sh[1] = cpu.svd(svc), syncOn(cpu, () -> sh[1].u()));
            timings.add(new Timing("thin SVD", sm + "x" + sn, Double.NaN, ds, cs));
        });
    }

    /** C (m x n) = Aᵀ B (trans) or A B with A stored as p x m (trans) or m x p. */
    private static double timeGemm(Backend b, double[] a, double[] bb, int m, int p, int n, boolean trans, int warm, int reps) {
        Mat am = trans ? b.fromArray(a, p, m) : b.fromArray(a, m, p);
        Mat bm = b.fromArray(bb, p, n);
        Mat c = b.zeros(m, n);
        return median(warm, reps, () -> b.gemm(trans, false, 1.0, am, bm, 0.0, c), syncOn(b, () -> c));
    }

    // ------------------------------------------------------------------ workloads

    void workloads() {
        // warm-up of both backends on a small instance (JIT, cuBLAS kernels, OpenBLAS threads)
        guard("workloads: warm-up", () -> {
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
            guard("W2 r=" + r + " on " + dev.name(), () -> runW2(dev, d, n, r));
            double flops = flopsW2(d, n, r);
            double predicted = Double.isNaN(last[0]) ? 0 : last[0] * flops / last[1];
            if (predicted <= cpuBudget) {
                guard("W2 r=" + r + " on " + cpu.name(), () -> {
                    Work w = runW2(cpu, d, n, r);
                    last[0] = w.seconds();
                    last[1] = flops;
                });
            } else {
                notes.add(String.format(Locale.ROOT, "W2 r=%d on the CPU skipped: predicted %.0f s > budget %.0f s", r, predicted,
                        cpuBudget));
            }
        }
        int wd = W4Evaluate.D, wn = W4Evaluate.N, wr = W4Evaluate.R, count = quick ? 20_000 : W4Evaluate.COUNT;
        for (Backend b : List.of(dev, cpu)) {
            guard("W4 on " + b.name(), () -> {
                TensorTrain tt = W4Evaluate.tensor(b, wd, wn, wr);
                int[] idx = W4Evaluate.indices(wd, wn, count);
                int warm = Math.min(count, 1000);
                W4Evaluate.evaluate(tt, Arrays.copyOf(idx, warm * wd), warm);
                double[][] v = new double[1][];
                double sec = median(0, 3, () -> v[0] = W4Evaluate.evaluate(tt, idx, count), () -> { });
                Figure f = W4Evaluate.figure(tt, idx, count, v[0]);
                work.add(new Work("W4", b.name(), "d=" + wd + " n=" + wn + " r=" + wr + " N=" + count, sec, f));
            });
        }
        int vd = quick ? 10 : W5Dot.D, vn = quick ? 8 : W5Dot.N, vr = quick ? 10 : W5Dot.R;
        for (Backend b : List.of(dev, cpu)) {
            guard("W5 on " + b.name(), () -> {
                TensorTrain a = W5Dot.a(b, vd, vn, vr), bb = W5Dot.b(b, vd, vn, vr);
                LogScalar[] v = new LogScalar[1];
                double sec = median(1, 5, () -> v[0] = W5Dot.dot(a, bb), () -> { });
                work.add(new Work("W5", b.name(), "d=" + vd + " n=" + vn + " r=" + vr, sec, W5Dot.figure(a, bb, v[0])));
            });
        }
    }

    private static double flopsW2(int d, int n, int r) {
        int[] shape = new int[d];
        Arrays.fill(shape, n);
        int[] in = W2Rounding.expectedRanks(shape, 2 * r);
        return W2Rounding.roundingFlops(shape, in, W2Rounding.expectedRanks(shape, r));
    }

    private Work runW2(Backend b, int d, int n, int r) {
        TensorTrain y = W2Rounding.y(b, d, n, r);
        TensorTrain sum = W2Rounding.input(y);
        syncOn(b, () -> sum.core(d - 1)).run();
        long t0 = System.nanoTime();
        TensorTrain rounded = W2Rounding.round(sum);
        syncOn(b, () -> rounded.core(d - 1)).run();
        double sec = (System.nanoTime() - t0) * 1e-9;
        Work w = new Work("W2", b.name(), "d=" + d + " n=" + n + " r=" + r, sec, W2Rounding.figure(sum, rounded, y, r));
        work.add(w);
        log(String.format(Locale.ROOT, "W2 r=%d on %s: %.3f s, %s", r, b.name(), sec, w.figure().summary()));
        return w;
    }

    // ------------------------------------------------------------------ report

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.2e", v);
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("# GPU parity check\n\n");
        sb.append("- device backend: ").append(describe(dev)).append('\n');
        sb.append("- CPU backend: ").append(describe(cpu)).append('\n');
        sb.append("- JVM: ").append(System.getProperty("java.version")).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores").append(quick ? ", QUICK sizes" : "").append("\n\n");
        sb.append("## Kernel parity (device vs CPU)\n\n| kernel | shape | measure | value | tolerance | result |\n|---|---|---|---|---|---|\n");
        for (Row r : parity) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", r.kernel(), r.shape(), r.measure(), fmt(r.value()),
                    fmt(r.tolerance()), r.pass() ? "PASS" : "**FAIL**"));
        }
        sb.append("\n## Kernel timings (median; device times include a sync)\n\n")
                .append("| operation | shape | device ms | device GFLOP/s | CPU ms | CPU GFLOP/s | speed-up |\n|---|---|---|---|---|---|---|\n");
        for (Timing t : timings) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", t.op(), t.shape(), fmt(t.devSec() * 1e3),
                    fmt(t.flops() / t.devSec() / 1e9), fmt(t.cpuSec() * 1e3), fmt(t.flops() / t.cpuSec() / 1e9),
                    fmt(t.cpuSec() / t.devSec())));
        }
        if (!work.isEmpty()) {
            sb.append("\n## Workloads (workloads.md)\n\n| id | backend | parameters | seconds | rate | figure | checks |\n|---|---|---|---|---|---|---|\n");
            for (Work w : work) {
                Figure f = w.figure();
                String rate = !Double.isNaN(f.rateCount()) ? fmt(f.rateCount() / w.seconds()) + " " + f.rateUnit()
                        : !Double.isNaN(f.flops()) ? fmt(f.flops() / w.seconds() / 1e9) + " GFLOP/s" : "–";
                StringBuilder checks = new StringBuilder();
                for (Figure.Check c : f.checks()) {
                    checks.append(checks.length() > 0 ? "; " : "").append(c.name()).append(": ").append(c.text());
                }
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", w.id(), w.backend(), w.params(),
                        fmt(w.seconds()), rate, f.summary(), checks));
            }
        }
        for (String n : notes) {
            sb.append("\n- ").append(n);
        }
        return sb.append('\n').toString();
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String jnum(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    String json() {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"device\": ").append(json(describe(dev))).append(",\n");
        sb.append("  \"cpu\": ").append(json(describe(cpu))).append(",\n");
        sb.append("  \"quick\": ").append(quick).append(",\n  \"parity\": [\n");
        for (int i = 0; i < parity.size(); i++) {
            Row r = parity.get(i);
            sb.append(String.format(Locale.ROOT, "    {\"kernel\": %s, \"shape\": %s, \"measure\": %s, \"value\": %s, \"tolerance\": %s, \"pass\": %s}%s%n",
                    json(r.kernel()), json(r.shape()), json(r.measure()), jnum(r.value()), jnum(r.tolerance()), r.pass(),
                    i + 1 < parity.size() ? "," : ""));
        }
        sb.append("  ],\n  \"timings\": [\n");
        for (int i = 0; i < timings.size(); i++) {
            Timing t = timings.get(i);
            sb.append(String.format(Locale.ROOT, "    {\"op\": %s, \"shape\": %s, \"flops\": %s, \"deviceSeconds\": %s, \"cpuSeconds\": %s}%s%n",
                    json(t.op()), json(t.shape()), jnum(t.flops()), jnum(t.devSec()), jnum(t.cpuSec()), i + 1 < timings.size() ? "," : ""));
        }
        sb.append("  ],\n  \"workloads\": [\n");
        for (int i = 0; i < work.size(); i++) {
            Work w = work.get(i);
            Figure f = w.figure();
            sb.append(String.format(Locale.ROOT, "    {\"id\": %s, \"backend\": %s, \"params\": %s, \"seconds\": %s, \"flops\": %s, "
                    + "\"rateCount\": %s, \"rateUnit\": %s, \"summary\": %s, \"checksPass\": %s}%s%n",
                    json(w.id()), json(w.backend()), json(w.params()), jnum(w.seconds()), jnum(f.flops()), jnum(f.rateCount()),
                    json(f.rateUnit()), json(f.summary()), f.allChecksPass(), i + 1 < work.size() ? "," : ""));
        }
        sb.append("  ],\n  \"notes\": [");
        for (int i = 0; i < notes.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(json(notes.get(i)));
        }
        return sb.append("]\n}\n").toString();
    }
}
