package org.ttfp.tt;

import java.util.Arrays;
import java.util.List;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.linalg.Mat;

/**
 * An immutable tensor in tensor-train (TT) format:
 * <pre>
 *   A(i_1, ..., i_d) = G_1[:, i_1, :] G_2[:, i_2, :] ... G_d[:, i_d, :]
 * </pre>
 * with cores G_k of shape r_{k−1} x n_k x r_k and r_0 = r_d = 1. Indices are 0-based.
 *
 * <p><b>Memory layout.</b> Core k is a column-major {@link Mat} of shape (r_{k−1} n_k) x r_k owned by
 * the tensor's {@link Backend}: element (a, i, b) sits at a + r_{k−1}(i + n_k b). So the left
 * unfolding (r_{k−1} n_k) x r_k and the right unfolding r_{k−1} x (n_k r_k) are both free reshapes,
 * and G_k[:, i, :] is a strided view (ld = r_{k−1} n_k). Full tensors (in {@link #full()} and
 * {@link #fromFull}) are flat arrays with the <em>first</em> index fastest:
 * offset = i_1 + n_1 (i_2 + n_2 (i_3 + ...)).
 *
 * <p>Operations return new tensors and never modify this one. Binary operations require both
 * operands on the same backend ({@link #toBackend} moves one). Costs are quoted with
 * r = max rank, n = max mode size.
 */
public final class TensorTrain {
    private final Backend backend;
    private final int[] n;
    private final int[] r;
    private final Mat[] cores;

    /** Trusted constructor: arguments already validated, arrays owned by the new tensor. */
    TensorTrain(Backend backend, int[] n, int[] r, Mat[] cores) {
        this.backend = backend;
        this.n = n;
        this.r = r;
        this.cores = cores;
    }

    // ------------------------------------------------------------------ construction

    /**
     * A TT from its cores, given as backend matrices (core k of shape (r_{k−1} n_k) x r_k).
     *
     * <p>Every core is checked to hold finite values: one {@link Backend#maxAbs} pass over the data
     * on its backend (Σ r_{k−1} n_k r_k reads), and a transfer to the heap only to name the first
     * bad entry when there is one.
     *
     * @throws IllegalArgumentException if the list is empty or holds null, cores belong to different
     *                                  backends, ranks do not chain, r_0 or r_d is not 1, or a core
     *                                  has a NaN or infinite entry (the message names the core
     *                                  index and the position (a, i, b) of the first one)
     */
    public static TensorTrain ofCores(List<Mat> cores, int[] modeSizes) {
        return TtConstruction.fromCores(cores, modeSizes, true);
    }

    /**
     * {@link #ofCores(List, int[])} for cores computed by this package's arithmetic from finite
     * tensors: shapes are checked, values are not (an overflow stays an infinity, as in
     * {@link #hadamard}).
     */
    static TensorTrain ofComputedCores(List<Mat> cores, int[] modeSizes) {
        return TtConstruction.fromCores(cores, modeSizes, false);
    }

    /**
     * A TT from host arrays: {@code cores[k]} holds core k column-major, element (a, i, b) at
     * a + r_{k−1}(i + n_k b), with ranks {@code ranks} (length d+1, r_0 = r_d = 1).
     *
     * <p>Cost of the checks: one pass over the arrays (finiteness, naming the first bad entry).
     *
     * @throws IllegalArgumentException on mismatched lengths, ranks that do not chain or NaN/Inf entries
     */
    public static TensorTrain ofCores(Backend backend, double[][] cores, int[] modeSizes, int[] ranks) {
        return TtConstruction.ofHostCores(backend, cores, modeSizes, ranks);
    }

    /**
     * The rank-1 tensor A(i_1..i_d) = v_1(i_1) ... v_d(i_d); mode sizes are the vector lengths.
     */
    public static TensorTrain rankOne(Backend backend, double[]... vectors) {
        return TtConstruction.rankOne(backend, vectors);
    }

    /** The constant tensor of the given mode sizes (rank 1). */
    public static TensorTrain constant(Backend backend, int[] modeSizes, double value) {
        int[] n = Checks.modeSizes("modeSizes", modeSizes);
        Checks.finite("value", value);
        double[][] v = new double[n.length][];
        for (int k = 0; k < n.length; k++) {
            v[k] = new double[n[k]];
            Arrays.fill(v[k], k == 0 ? value : 1.0);
        }
        return rankOne(backend, v);
    }

    /**
     * A random TT: cores with independent entries uniform in [−1, 1] from {@code seed}, filled core
     * by core in storage order.
     *
     * @param ranks d+1 ranks with r_0 = r_d = 1
     */
    public static TensorTrain random(Backend backend, int[] modeSizes, int[] ranks, long seed) {
        return TtConstruction.random(backend, modeSizes, ranks, seed);
    }

    /** A random TT with all interior ranks equal to {@code rank}; see {@link #random(Backend, int[], int[], long)}. */
    public static TensorTrain random(Backend backend, int[] modeSizes, int rank, long seed) {
        int[] n = Checks.modeSizes("modeSizes", modeSizes);
        Checks.atLeast("rank", rank, 1);
        int[] r = new int[n.length + 1];
        Arrays.fill(r, rank);
        r[0] = 1;
        r[n.length] = 1;
        return random(backend, n, r, seed);
    }

    /**
     * TT-SVD of a full tensor (first index fastest) to relative Frobenius accuracy {@code eps}:
     * ‖A − TT‖_F ≤ eps ‖A‖_F, each of the d−1 truncations discarding at most
     * eps/√(d−1)·‖A‖_F, ranks capped at {@code maxRank} (the bound then no longer holds).
     * Cost: O(n^{d} r) flops, dominated by the first SVD.
     */
    public static TensorTrain fromFull(Backend backend, double[] full, int[] modeSizes, double eps, int maxRank) {
        return TtSvd.decompose(backend, full, modeSizes, eps, maxRank);
    }

    /** TT-SVD with no rank cap; see {@link #fromFull(Backend, double[], int[], double, int)}. */
    public static TensorTrain fromFull(Backend backend, double[] full, int[] modeSizes, double eps) {
        return TtSvd.decompose(backend, full, modeSizes, eps, Integer.MAX_VALUE);
    }

    /** Same as {@link #fromFull(Backend, double[], int[], double, int)} on the default backend. */
    public static TensorTrain fromFull(double[] full, int[] modeSizes, double eps) {
        return fromFull(Backends.defaultBackend(), full, modeSizes, eps);
    }

    // ------------------------------------------------------------------ shape

    /** The backend that holds the cores. */
    public Backend backend() { return backend; }

    /** The number of modes d. */
    public int dim() { return n.length; }

    /** The mode sizes n_1..n_d (a copy). */
    public int[] modeSizes() { return n.clone(); }

    /** The mode size n_{k+1} of mode k (0-based). */
    public int modeSize(int k) { return n[k]; }

    /** The TT ranks r_0..r_d (a copy; r_0 = r_d = 1). */
    public int[] ranks() { return r.clone(); }

    /** The rank r_k between mode k−1 and mode k (0 ≤ k ≤ d). */
    public int rank(int k) { return r[k]; }

    /** The largest TT rank. */
    public int maxRank() {
        int m = 1;
        for (int v : r) {
            m = Math.max(m, v);
        }
        return m;
    }

    /**
     * The effective rank: the uniform rank ρ for which a TT with ranks (1, ρ, ..., ρ, 1) and the
     * same mode sizes has as many parameters as this one (the positive root of a quadratic).
     */
    public double effectiveRank() {
        int d = n.length;
        long params = parameterCount();
        if (d == 1) {
            return 1.0;
        }
        // params = a ρ² + b ρ, a = Σ_{middle} n_k, b = n_1 + n_d
        double a = 0;
        for (int k = 1; k < d - 1; k++) {
            a += n[k];
        }
        double b = n[0] + n[d - 1];
        if (a == 0) {
            return params / b;
        }
        return (-b + Math.sqrt(b * b + 4 * a * params)) / (2 * a);
    }

    /** The number of stored values, Σ r_{k−1} n_k r_k. */
    public long parameterCount() {
        long p = 0;
        for (int k = 0; k < n.length; k++) {
            p += (long) r[k] * n[k] * r[k + 1];
        }
        return p;
    }

    /** Memory the cores take, in bytes (8 per stored value). */
    public long memoryBytes() { return 8 * parameterCount(); }

    /** The number of entries of the full tensor, Π n_k, as a double (it may exceed a long). */
    public double fullSize() {
        double s = 1;
        for (int v : n) {
            s *= v;
        }
        return s;
    }

    /** Core k (0-based) as a backend matrix (r_{k−1} n_k) x r_k; treat as read-only. */
    public Mat core(int k) {
        checkMode(k);
        return cores[k];
    }

    /** Core k copied to a heap array, column-major (a transfer). */
    public double[] coreArray(int k) {
        checkMode(k);
        return cores[k].toArray();
    }

    /** The same tensor with its cores on another backend (a copy through the heap; this if same). */
    public TensorTrain toBackend(Backend target) {
        if (target == backend) {
            return this;
        }
        Mat[] cs = new Mat[cores.length];
        for (int k = 0; k < cores.length; k++) {
            cs[k] = target.fromArray(cores[k].toArray(), cores[k].rows(), cores[k].cols());
        }
        return new TensorTrain(target, n.clone(), r.clone(), cs);
    }

    void checkMode(int k) {
        if (k < 0 || k >= n.length) {
            throw new IndexOutOfBoundsException("mode " + k + " outside 0.." + (n.length - 1));
        }
    }

    Mat[] coresInternal() { return cores; }

    int[] nInternal() { return n; }

    int[] rInternal() { return r; }

    // ------------------------------------------------------------------ evaluation

    /** The entry A(i_1, ..., i_d). Cost: 2 Σ r_{k−1} r_k flops. */
    public double get(int... index) {
        if (index == null || index.length != n.length) {
            throw new IllegalArgumentException("index must have d = " + n.length + " entries, got "
                    + (index == null ? "null" : index.length));
        }
        return evaluate(index, 1)[0];
    }

    /**
     * Entries at {@code count} multi-indices given row-major in {@code indices}
     * (indices[s·d + k] = i_k of sample s). Cost: 2 N Σ r_{k−1} r_k flops.
     *
     * @throws IllegalArgumentException if the array length is not count·d
     * @throws IndexOutOfBoundsException if an index is outside 0..n_k−1 (the message names sample and mode)
     */
    public double[] evaluate(int[] indices, int count) {
        int d = n.length;
        Checks.atLeast("count", count, 0);
        if (indices == null || indices.length != (long) count * d) {
            throw new IllegalArgumentException("indices must have count*d = " + count + "*" + d + " = "
                    + (long) count * d + " entries, got " + (indices == null ? "null" : indices.length));
        }
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < d; k++) {
                int i = indices[s * d + k];
                if (i < 0 || i >= n[k]) {
                    throw new IndexOutOfBoundsException("index " + i + " of sample " + s + " in mode " + k
                            + " is outside 0.." + (n[k] - 1));
                }
            }
        }
        return backend.evaluate(cores, n, r, indices, count);
    }

    /** Entries at the multi-indices {@code indices[s]} (N x d). */
    public double[] evaluate(int[][] indices) {
        int d = n.length;
        int[] flat = new int[Math.multiplyExact(indices.length, d)];
        for (int s = 0; s < indices.length; s++) {
            if (indices[s] == null || indices[s].length != d) {
                throw new IllegalArgumentException("indices[" + s + "] must have d = " + d + " entries");
            }
            System.arraycopy(indices[s], 0, flat, s * d, d);
        }
        return evaluate(flat, indices.length);
    }

    /**
     * The full tensor, first index fastest. Cost: O(Π n_k · r²) flops.
     *
     * @throws IllegalArgumentException if it has more than 2^28 entries
     */
    public double[] full() { return TtContractions.full(this); }

    // ------------------------------------------------------------------ algebra

    /** this + other (ranks add). */
    public TensorTrain add(TensorTrain other) { return TtAlgebra.add(this, other, 1.0); }

    /** this − other (ranks add). */
    public TensorTrain subtract(TensorTrain other) { return TtAlgebra.add(this, other, -1.0); }

    /** alpha · this (same ranks). */
    public TensorTrain scale(double alpha) { return TtAlgebra.scale(this, alpha); }

    /** The elementwise (Hadamard) product; ranks multiply. Cost: O(d n r⁴) moves. */
    public TensorTrain hadamard(TensorTrain other) { return TtAlgebra.hadamard(this, other); }

    /**
     * Applies an n'_k x n_k matrix along mode k: B(.., j, ..) = Σ_i M(j, i) A(.., i, ..). Ranks stay.
     * {@code matrix} is column-major n'_k x n_k. Cost: 2 r² n n' flops.
     */
    public TensorTrain applyAlongMode(int k, double[] matrix, int rows) {
        return TtAlgebra.applyAlongMode(this, k, matrix, rows);
    }

    /** Same as {@link #applyAlongMode(int, double[], int)} with a backend matrix. */
    public TensorTrain applyAlongMode(int k, Mat matrix) {
        return TtAlgebra.applyAlongMode(this, k, matrix);
    }

    // ------------------------------------------------------------------ contractions

    /**
     * The inner product Σ A(i) B(i) as a {@link LogScalar} (no overflow for any d).
     * Cost: 4 d n r³ flops.
     */
    public LogScalar dotLog(TensorTrain other) { return TtContractions.dot(this, other); }

    /**
     * The inner product as a double.
     *
     * @throws ArithmeticException if it overflows a double (use {@link #dotLog})
     */
    public double dot(TensorTrain other) { return dotLog(other).value(); }

    /**
     * log ‖A‖_F, computed by left-orthogonalization (QR, not a Gram matrix), so it is accurate and
     * neither overflows nor underflows. Cost: about 4 d n r³ flops.
     */
    public double logNorm() { return TtRounding.leftOrthogonal(this).logNorm(); }

    /**
     * The Frobenius norm ‖A‖_F.
     *
     * @throws ArithmeticException if it overflows a double (use {@link #logNorm})
     */
    public double norm() { return LogScalar.of(1.0, logNorm()).value(); }

    /** The sum of all entries, as a {@link LogScalar}. Cost: 2 d n r² flops. */
    public LogScalar sumLog() {
        double[][] w = new double[n.length][];
        for (int k = 0; k < n.length; k++) {
            w[k] = new double[n[k]];
            Arrays.fill(w[k], 1.0);
        }
        return contractLog(w);
    }

    /** The sum of all entries. */
    public double sum() { return sumLog().value(); }

    /**
     * Σ_i A(i_1..i_d) w_1(i_1) ... w_d(i_d), e.g. a quadrature with weights per mode.
     * Cost: 2 d n r² flops.
     */
    public LogScalar contractLog(double[][] weights) { return TtContractions.contract(this, weights); }

    /** {@link #contractLog} as a double. */
    public double contract(double[][] weights) { return contractLog(weights).value(); }

    /**
     * Contracts every mode except {@code keep} with its weight vector and returns the TT of the
     * kept modes, in increasing mode order (weights of kept modes are ignored and may be null).
     * With quadrature weights this gives marginals of a density.
     */
    public TensorTrain contractExcept(double[][] weights, int... keep) {
        return TtContractions.contractExcept(this, weights, keep);
    }

    // ------------------------------------------------------------------ orthogonalization, rounding

    /**
     * The same tensor with cores 1..d−1 left-orthogonal (their left unfoldings have orthonormal
     * columns) and the norm in the last core. Cost: about 4 d n r³ flops (Householder QR).
     */
    public TensorTrain orthogonalizeLeft() { return TtRounding.leftOrthogonal(this).toTensor(); }

    /** The same tensor with cores 2..d right-orthogonal and the norm in the first core. */
    public TensorTrain orthogonalizeRight() { return TtRounding.rightOrthogonal(this); }

    /**
     * TT rounding to relative accuracy {@code eps} ({@link Rounding#DETERMINISTIC}): a left sweep
     * that orthogonalizes every core and drops the directions its left unfolding does not have, then
     * a right-to-left sweep of truncated SVDs, each discarding at most eps/√(d−1)·‖A‖_F, so that
     * ‖A − round(A)‖_F ≤ eps ‖A‖_F; ranks are capped at {@code maxRank} (the bound then no longer
     * holds). Both sweeps factor each unfolding by GEMMs on its Gram matrix (pivoted Cholesky,
     * one CholeskyQR pass, an explicit residual check), with Householder QR and the full SVD as
     * fallbacks where the residual shows content the Gram matrix cannot resolve.
     * Cost: for input rank 2r and output rank r about 48 d n r³ flops, nearly all in GEMMs (the
     * Householder/SVD sweep needs about 80 d n r³ at a fraction of the GEMM rate).
     *
     * @throws IllegalArgumentException if eps is not a finite number &gt; 0 or maxRank &lt; 1
     */
    public TensorTrain round(double eps, int maxRank) { return TtRounding.round(this, eps, maxRank); }

    /**
     * TT rounding by the given method; see {@link Rounding}. Both keep ‖A − round(A)‖_F ≤ eps ‖A‖_F
     * (unless maxRank caps a rank); {@link Rounding#RANDOMIZED} falls back to the deterministic
     * sweep when its a posteriori check fails.
     *
     * @throws IllegalArgumentException if eps is not a finite number &gt; 0, maxRank &lt; 1 or method is null
     */
    public TensorTrain round(double eps, int maxRank, Rounding method) {
        if (method == null) {
            throw new IllegalArgumentException("method must be DETERMINISTIC or RANDOMIZED, got null");
        }
        return method == Rounding.RANDOMIZED ? RandomizedRounding.round(this, eps, maxRank) : TtRounding.round(this, eps, maxRank);
    }

    /** Rounding with no rank cap. */
    public TensorTrain round(double eps) { return round(eps, Integer.MAX_VALUE); }

    @Override
    public String toString() {
        return "TensorTrain[d=" + n.length + ", n=" + Arrays.toString(n) + ", r=" + Arrays.toString(r)
                + ", backend=" + backend.name() + "]";
    }
}
