package org.ttfp.bench.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ttfp.bench.Workloads;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.BackendUnavailableException;
import org.ttfp.linalg.Backends;
import org.ttfp.linalg.CublasBackend;
import org.ttfp.linalg.OpenBlasBackend;

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
 *
 * <p>Layout: this class parses the arguments, runs the steps and saves the reports;
 * {@link KernelParity}, {@link KernelTimings} and {@link WorkloadRuns} are the three stages,
 * {@link ParityReport} holds the results and renders them.
 */
public final class GpuParityCheck {
    private final Backend dev;
    private final Backend cpu;
    private final boolean quick;
    private final ParityReport report = new ParityReport();
    private final Path out;
    private final long start = System.nanoTime();

    private GpuParityCheck(Backend dev, Backend cpu, boolean quick, Path out) {
        this.dev = dev;
        this.cpu = cpu;
        this.quick = quick;
        this.out = out;
    }

    /** The backend under test (cuBLAS, or a CPU backend standing in for it). */
    Backend dev() { return dev; }

    /** The CPU reference backend. */
    Backend cpu() { return cpu; }

    /** True for the shrunken sizes of a dry run. */
    boolean quick() { return quick; }

    /** The results so far. */
    ParityReport report() { return report; }

    /** A progress line with the elapsed time (the log shows how far a run got if it is cut off). */
    void log(String msg) {
        System.out.printf(Locale.ROOT, "[%7.1f s] %s%n", (System.nanoTime() - start) * 1e-9, msg);
    }

    /**
     * Runs one step; an exception becomes a failed parity row (the run goes on, so one broken kernel
     * does not cost the rest of a device session), and the reports are rewritten after every step.
     */
    void guard(String what, Runnable step) {
        log(what);
        try {
            step.run();
        } catch (Throwable t) {
            String msg = t.getClass().getSimpleName() + ": " + String.valueOf(t.getMessage()).replace('\n', ' ');
            report.parity.add(new ParityReport.Row(what, "-", "exception " + (msg.length() > 300 ? msg.substring(0, 300) + "..." : msg),
                    Double.NaN, Double.NaN, false));
            t.printStackTrace(System.out);
        }
        try {
            save();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String markdown() {
        return report.markdown(describe(dev), describe(cpu), quick);
    }

    private void save() throws IOException {
        Files.writeString(out.resolve("gpu-parity.md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("gpu-parity.json"), report.json(describe(dev), describe(cpu), quick), StandardCharsets.UTF_8);
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
            Files.writeString(out.resolve("gpu-parity.json"), "{\"gpu\": null, \"error\": " + ParityReport.json(msg) + "}\n",
                    StandardCharsets.UTF_8);
            System.exit(2);
            return;
        }
        GpuParityCheck c = new GpuParityCheck(dev, cpu, quick, out);
        System.out.println("device backend: " + describe(dev) + "\nCPU backend:    " + describe(cpu));
        new KernelParity(c).run();
        new KernelTimings(c).run();
        if (workloads) {
            new WorkloadRuns(c).run();
        }
        c.save();
        System.out.println(c.markdown());
        boolean ok = c.report.allPass();
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

    static double[] random(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = 2 * rnd.nextDouble() - 1;
        }
        return a;
    }

    /** ‖x − y‖_F / ‖y‖_F, scaled so no square overflows (‖x‖_F / max|x_i| when y = 0, ∞ when the lengths differ). */
    static double relDiff(double[] x, double[] y) {
        if (x.length != y.length) {
            return Double.POSITIVE_INFINITY;
        }
        double[] q = Workloads.scaledSquares(x, y);
        return q[1] == 0 ? Math.sqrt(q[0]) : Math.sqrt(q[0] / q[1]);
    }
}
