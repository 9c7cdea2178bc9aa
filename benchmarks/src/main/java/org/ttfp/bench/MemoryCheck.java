package org.ttfp.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.tt.TensorTrain;

/**
 * The memory of W2 at r = 100 (target: within 1 GiB, heap and off-heap together), measured in
 * JVMs of its own that {@link BenchmarkSuite} starts with a small heap ({@code -Xmx}{@value #HEAP_MIB}m:
 * on the native backend the cores live off-heap): once with a large off-heap cap, to report the
 * peaks, and once with JavaCPP's off-heap cap ({@code org.bytedeco.javacpp.maxBytes}) at 1 GiB minus
 * the heap, which decides the target. Under that cap JavaCPP runs the garbage collector to free
 * unreachable native buffers before it gives up, so the capped run completes exactly when the live
 * data fits.
 *
 * <p>The JVM builds Y and Y+Y, lets Y go, rounds Y+Y once, and records (a) the peak of heap-in-use
 * plus JavaCPP's off-heap bytes, sampled every millisecond (heap-in-use counts garbage not yet
 * collected, so this is an upper bound of the live data; it is what the verdict uses), and (b) the
 * peak resident set (VmHWM), which also holds the JVM itself and memory native code allocates
 * outside JavaCPP (OpenBLAS's thread buffers). Afterwards, with Y+Y gone, it rebuilds Y and checks
 * ranks and error.
 *
 * <p>Usage: {@code MemoryCheck BACKEND R FIGURE_FILE}.
 */
public final class MemoryCheck {
    /** Workload name of the table row. */
    public static final String WORKLOAD = "W2 memory";
    /** Heap cap in MiB the suite gives the check's JVM. */
    public static final int HEAP_MIB = 256;
    /** Off-heap cap in MiB of the measuring run (far above the target: the peak is measured, not enforced). */
    public static final int OFF_HEAP_MIB = 8192;

    private MemoryCheck() {}

    /** Peak resident set size of this process in bytes (VmHWM of /proc/self/status), or −1 if unknown. */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:")) {
                    String[] f = line.trim().split("\\s+");
                    return Long.parseLong(f[1]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Samples heap-in-use plus JavaCPP's off-heap bytes in a daemon thread and keeps the peak. */
    static final class Sampler implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        Sampler() {
            MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
            thread = new Thread(() -> {
                while (running) {
                    long v = mx.getHeapMemoryUsage().getUsed() + Pointer.totalBytes();
                    peak.accumulateAndGet(v, Math::max);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "memory-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        long peak() { return peak.get(); }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs the check in this JVM and returns its figure (values: peakSampledBytes, peakRssBytes,
     * maxHeapBytes, maxOffHeapBytes, seconds; checks of ranks and accuracy).
     */
    public static Figure measure(Backend backend, int d, int n, int r) {
        long peakSampled;
        long inputBytes;
        int[] sumRanks;
        int[] got;
        TensorTrain rounded;
        double sec;
        try (Sampler s = new Sampler()) {
            TensorTrain y = W2Rounding.y(backend, d, n, r);
            TensorTrain sum = W2Rounding.input(y);
            y = null; // only Y+Y is the workload's input
            sumRanks = sum.ranks();
            inputBytes = sum.memoryBytes();
            long t0 = System.nanoTime();
            rounded = W2Rounding.round(sum);
            sec = (System.nanoTime() - t0) * 1e-9;
            sum = null;
            peakSampled = s.peak();
        }
        long rss = peakRss();
        got = rounded.ranks();
        TensorTrain y = W2Rounding.y(backend, d, n, r);
        int[] expected = W2Rounding.expectedRanks(y.modeSizes(), r);
        double err = TtDistance.relative(rounded, y, 2.0);
        double mib = 1024.0 * 1024;
        return Figure.of(String.format(Locale.ROOT, "peak heap+off-heap %.0f MiB (sampled), peak RSS %.0f MiB (%s, -Xmx%.0fm); input Y+Y %.0f MiB",
                        peakSampled / mib, rss / mib, backend.name(), Runtime.getRuntime().maxMemory() / mib, inputBytes / mib))
                .withValue("peakSampledBytes", peakSampled)
                .withValue("peakRssBytes", rss)
                .withValue("maxHeapBytes", Runtime.getRuntime().maxMemory())
                .withValue("maxOffHeapBytes", Pointer.maxBytes())
                .withValue("inputBytes", inputBytes)
                .withValue("seconds", sec)
                .withFlops(W2Rounding.roundingFlops(y.modeSizes(), sumRanks, got))
                .withCheck("rank", Arrays.equals(expected, got), "ranks " + Workloads.ranksText(got)
                        + (Arrays.equals(expected, got) ? " = " : " != expected ") + Workloads.ranksText(expected))
                .withCheck("accuracy", err < W2Rounding.EPS, String.format(Locale.ROOT, "rel. error %.2e < %.0e", err, W2Rounding.EPS));
    }

    /**
     * The verdicts of the memory row: its checks (ranks, accuracy and, added by the suite, whether the
     * run under 1 GiB of caps completed) and, for information, the sampled peak and the peak RSS of the
     * uncapped run.
     */
    static List<Targets.Verdict> verdicts(Figure f) {
        List<Targets.Verdict> out = new ArrayList<>();
        if (f == null) {
            out.add(new Targets.Verdict(false, "no figure recorded"));
            return out;
        }
        for (Figure.Check c : f.checks()) {
            out.add(new Targets.Verdict(c.pass(), c.name() + ": " + c.detail()));
        }
        out.add(new Targets.Verdict(null, String.format(Locale.ROOT, "uncapped: sampled peak %.0f MiB, peak RSS incl. JVM %.0f MiB",
                f.value("peakSampledBytes") / (1 << 20), f.value("peakRssBytes") / (1 << 20))));
        return out;
    }

    /** Entry point of the check's JVM: {@code BACKEND R FIGURE_FILE}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: MemoryCheck BACKEND R FIGURE_FILE");
            System.exit(2);
        }
        int r = Integer.parseInt(args[1]);
        Backend be = Backends.byName(args[0]);
        Figure f = measure(be, W2Rounding.D, W2Rounding.N, r);
        System.out.println("# figure W2 memory r=" + r + ": " + f);
        f.writeTo(Path.of(args[2]));
    }
}
