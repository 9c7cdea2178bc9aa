package org.ttfp.tt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;

/**
 * An immutable linear operator in TT-matrix format (a "TT operator", MPO):
 * <pre>
 *   A(i_1..i_d; j_1..j_d) = A_1[:, i_1, j_1, :] A_2[:, i_2, j_2, :] ... A_d[:, i_d, j_d, :]
 * </pre>
 * mapping tensors of mode sizes n_1..n_d (columns j) to tensors of mode sizes m_1..m_d (rows i),
 * with cores of shape R_{k−1} x (m_k x n_k) x R_k and R_0 = R_d = 1.
 *
 * <p><b>Layout.</b> The operator is stored as a {@link TensorTrain} with mode sizes m_k n_k, the
 * combined index being i + m_k j: core k is a (R_{k−1} m_k n_k) x R_k column-major matrix with
 * element (a, i, j, b) at a + R_{k−1}(i + m_k (j + n_k b)). So a per-mode matrix stored column-major
 * (element (i, j) at i + m j) is exactly a rank-1 core, and sums, scaling and rounding are those of
 * the underlying TT. Dense matrices ({@link #toDense}) index rows and columns with the first index
 * fastest, I = i_1 + m_1(i_2 + m_2(...)), like {@link TensorTrain#full()}; so {@link #kronecker}
 * of A_1..A_d is the matrix A_d ⊗ ... ⊗ A_1 in the usual Kronecker convention.
 *
 * <p>Applying one matrix along one mode of a TT without changing ranks is
 * {@link TensorTrain#applyAlongMode(int, double[], int)}; this class is for operators that act on
 * several modes at once (Kronecker products and their sums, e.g. a d-dimensional Laplacian).
 */
public final class TtMatrix {
    private final TensorTrain tt;
    private final int[] m;
    private final int[] n;

    private TtMatrix(TensorTrain tt, int[] m, int[] n) {
        this.tt = tt;
        this.m = m;
        this.n = n;
    }

    // ------------------------------------------------------------------ construction

    /**
     * The TT matrix whose cores are those of {@code tt}, read with combined mode index i + m_k j.
     *
     * @throws IllegalArgumentException if the mode sizes of tt are not m_k n_k
     */
    public static TtMatrix of(TensorTrain tt, int[] rows, int[] cols) {
        if (tt == null) {
            throw new IllegalArgumentException("tt must not be null");
        }
        int d = tt.dim();
        int[] mm = Checks.modeSizes("rows", rows);
        int[] nn = Checks.modeSizes("cols", cols);
        if (mm.length != d || nn.length != d) {
            throw new IllegalArgumentException("rows and cols must have d = " + d + " entries, got " + mm.length + " and " + nn.length);
        }
        for (int k = 0; k < d; k++) {
            if ((long) mm[k] * nn[k] != tt.modeSize(k)) {
                throw new IllegalArgumentException("mode " + k + " of tt has size " + tt.modeSize(k) + ", expected rows[" + k
                        + "]*cols[" + k + "] = " + mm[k] + "*" + nn[k]);
            }
        }
        return new TtMatrix(tt, mm, nn);
    }

    /**
     * The Kronecker product: A(i; j) = A_1(i_1, j_1) A_2(i_2, j_2) ... A_d(i_d, j_d) (TT ranks 1).
     * {@code matrices[k]} is rows[k] x cols[k], column-major.
     *
     * @throws IllegalArgumentException on mismatched lengths, sizes &lt; 1 or NaN/Inf entries
     */
    public static TtMatrix kronecker(Backend backend, double[][] matrices, int[] rows, int[] cols) {
        checkBackend(backend);
        int[] mm = Checks.modeSizes("rows", rows);
        int[] nn = Checks.modeSizes("cols", cols);
        int d = mm.length;
        if (nn.length != d) {
            throw new IllegalArgumentException("cols has " + nn.length + " entries but rows has " + d);
        }
        if (matrices == null || matrices.length != d) {
            throw new IllegalArgumentException("matrices must hold d = " + d + " matrices, got "
                    + (matrices == null ? "null" : matrices.length));
        }
        int[] sizes = new int[d];
        for (int k = 0; k < d; k++) {
            sizes[k] = Math.multiplyExact(mm[k], nn[k]);
            Checks.length("matrices[" + k + "] (" + mm[k] + " x " + nn[k] + ")", matrices[k], sizes[k]);
            Checks.allFinite("matrices[" + k + "]", matrices[k]);
        }
        int[] r = new int[d + 1];
        Arrays.fill(r, 1);
        return new TtMatrix(TensorTrain.ofCores(backend, matrices, sizes, r), mm, nn);
    }

    /**
     * Σ_t A_{t,1} ⊗ ... ⊗ A_{t,d}: {@code terms[t][k]} is the rows[k] x cols[k] factor of term t on
     * mode k (column-major). TT ranks add up to the number of terms (block construction, no rounding).
     */
    public static TtMatrix sumOfKroneckers(Backend backend, double[][][] terms, int[] rows, int[] cols) {
        if (terms == null || terms.length == 0) {
            throw new IllegalArgumentException("terms must hold at least one Kronecker product");
        }
        TtMatrix sum = null;
        for (int t = 0; t < terms.length; t++) {
            TtMatrix term;
            try {
                term = kronecker(backend, terms[t], rows, cols);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("terms[" + t + "]: " + e.getMessage(), e);
            }
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    /**
     * The identity on tensors of mode sizes {@code sizes} (TT ranks 1).
     */
    public static TtMatrix identity(Backend backend, int[] sizes) {
        int[] nn = Checks.modeSizes("sizes", sizes);
        double[][] mats = new double[nn.length][];
        for (int k = 0; k < nn.length; k++) {
            mats[k] = eye(nn[k]);
        }
        return kronecker(backend, mats, nn, nn);
    }

    /**
     * The "Laplacian-like" sum Σ_k I ⊗ ... ⊗ A_k ⊗ ... ⊗ I (A_k on mode k, identities elsewhere) of
     * square per-mode matrices A_k (n_k x n_k column-major, n_k inferred from the length n_k²), with
     * TT ranks 2 by the standard construction
     * <pre>
     *   [A_1  I] · [I 0; A_k I] · ... · [I; A_d]
     * </pre>
     * (rank 1 for d = 1). With A_k the second-derivative matrices this is the Laplacian.
     *
     * @throws IllegalArgumentException if a matrix is missing, not square (length not a perfect square) or not finite
     */
    public static TtMatrix laplacianLike(Backend backend, double[][] perModeMatrices) {
        checkBackend(backend);
        if (perModeMatrices == null || perModeMatrices.length == 0) {
            throw new IllegalArgumentException("perModeMatrices must hold at least one matrix");
        }
        int d = perModeMatrices.length;
        int[] nn = new int[d];
        for (int k = 0; k < d; k++) {
            double[] a = perModeMatrices[k];
            if (a == null || a.length == 0) {
                throw new IllegalArgumentException("perModeMatrices[" + k + "] must be a non-empty square matrix");
            }
            int s = (int) Math.round(Math.sqrt(a.length));
            if ((long) s * s != a.length) {
                throw new IllegalArgumentException("perModeMatrices[" + k + "] has length " + a.length
                        + ", expected n*n for a square n x n matrix");
            }
            Checks.allFinite("perModeMatrices[" + k + "]", a);
            nn[k] = s;
        }
        if (d == 1) {
            return kronecker(backend, perModeMatrices, nn, nn);
        }
        double[][] cores = new double[d][];
        int[] sizes = new int[d];
        int[] r = new int[d + 1];
        Arrays.fill(r, 2);
        r[0] = 1;
        r[d] = 1;
        for (int k = 0; k < d; k++) {
            int q = nn[k] * nn[k];
            sizes[k] = q;
            double[] a = perModeMatrices[k];
            double[] id = eye(nn[k]);
            if (k == 0) {                       // 1 x q x 2: [A I]
                cores[k] = concat(a, id);
            } else if (k == d - 1) {            // 2 x q x 1: [I; A], element (row, t) at row + 2t
                cores[k] = interleave(id, a);
            } else {                            // 2 x q x 2: [I 0; A I], (row, t, col) at row + 2(t + q col)
                cores[k] = concat(interleave(id, a), interleave(new double[q], id));
            }
        }
        return new TtMatrix(TensorTrain.ofCores(backend, cores, sizes, r), nn.clone(), nn);
    }

    private static double[] eye(int size) {
        double[] e = new double[size * size];
        for (int i = 0; i < size; i++) {
            e[i + size * i] = 1.0;
        }
        return e;
    }

    private static double[] concat(double[] x, double[] y) {
        double[] z = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, z, x.length, y.length);
        return z;
    }

    /** z[2t] = top[t], z[2t+1] = bottom[t]: a 2 x q block with rows top and bottom. */
    private static double[] interleave(double[] top, double[] bottom) {
        double[] z = new double[2 * top.length];
        for (int t = 0; t < top.length; t++) {
            z[2 * t] = top[t];
            z[2 * t + 1] = bottom[t];
        }
        return z;
    }

    private static void checkBackend(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("backend must not be null");
        }
    }

    // ------------------------------------------------------------------ shape

    /** The backend that holds the cores. */
    public Backend backend() { return tt.backend(); }

    /** The number of modes d. */
    public int dim() { return m.length; }

    /** The row sizes m_1..m_d (mode sizes of the result of {@link #apply}); a copy. */
    public int[] rowSizes() { return m.clone(); }

    /** The column sizes n_1..n_d (mode sizes of the tensors it applies to); a copy. */
    public int[] colSizes() { return n.clone(); }

    /** The TT ranks R_0..R_d (a copy). */
    public int[] ranks() { return tt.ranks(); }

    /** Core k as a backend matrix (R_{k−1} m_k n_k) x R_k; treat as read-only. */
    public Mat core(int k) { return tt.core(k); }

    /** The operator as a TT with mode sizes m_k n_k (combined index i + m_k j). */
    public TensorTrain asTensorTrain() { return tt; }

    // ------------------------------------------------------------------ algebra

    /** this + other (same row and column sizes, same backend); ranks add. */
    public TtMatrix add(TtMatrix other) {
        checkSameShape(other, "add");
        return new TtMatrix(tt.add(other.tt), m, n);
    }

    /** this − other; ranks add. */
    public TtMatrix subtract(TtMatrix other) {
        checkSameShape(other, "subtract");
        return new TtMatrix(tt.subtract(other.tt), m, n);
    }

    /** alpha · this (same ranks). */
    public TtMatrix scale(double alpha) { return new TtMatrix(tt.scale(alpha), m, n); }

    /**
     * TT rounding of the operator (as a TT of mode sizes m_k n_k) to relative Frobenius accuracy eps,
     * ranks capped at maxRank; see {@link TensorTrain#round(double, int)}.
     */
    public TtMatrix round(double eps, int maxRank) { return new TtMatrix(tt.round(eps, maxRank), m, n); }

    private void checkSameShape(TtMatrix other, String op) {
        if (other == null) {
            throw new IllegalArgumentException(op + ": other must not be null");
        }
        if (!Arrays.equals(m, other.m) || !Arrays.equals(n, other.n)) {
            throw new IllegalArgumentException(op + ": shapes differ, rows " + Arrays.toString(m) + " cols " + Arrays.toString(n)
                    + " vs rows " + Arrays.toString(other.m) + " cols " + Arrays.toString(other.n));
        }
    }

    // ------------------------------------------------------------------ matrix–vector product

    /**
     * The matrix–vector product y = A x, y(i) = Σ_j A(i; j) x(j), as a TT with mode sizes m_k and
     * ranks R_k r_k (ranks multiply; round the result to compress). Core k of y is
     * <pre>
     *   Y_k(α + r_{k−1} a, i, β + r_k b) = Σ_j A_k(a, i, j, b) X_k(α, j, β),
     * </pre>
     * computed as R_k r_k GEMMs X_k[:, :, β] · A_k[:, :, :, b]ᵀ of size r_{k−1} x n_k times
     * n_k x (R_{k−1} m_k), written straight into their place in the new core.
     * Cost: 2 Σ_k R_{k−1} R_k r_{k−1} r_k m_k n_k flops.
     *
     * @throws IllegalArgumentException if x is null, its mode sizes are not the column sizes, or it
     *                                  lives on another backend
     */
    public TensorTrain apply(TensorTrain x) {
        if (x == null) {
            throw new IllegalArgumentException("x must not be null");
        }
        if (!Arrays.equals(x.modeSizes(), n)) {
            throw new IllegalArgumentException("x has mode sizes " + Arrays.toString(x.modeSizes())
                    + ", expected the operator's column sizes " + Arrays.toString(n));
        }
        Backend be = tt.backend();
        if (x.backend() != be) {
            throw new IllegalArgumentException("x lives on backend '" + x.backend().name() + "', the operator on '"
                    + be.name() + "'; move one with toBackend()");
        }
        int d = n.length;
        int[] ra = tt.ranks(), rx = x.ranks();
        List<Mat> cores = new ArrayList<>(d);
        for (int k = 0; k < d; k++) {
            int a0 = ra[k], a1 = ra[k + 1], x0 = rx[k], x1 = rx[k + 1], mk = m[k], nk = n[k];
            int y0 = a0 * x0;
            Mat ak = tt.core(k), xk = x.core(k);
            Mat yk = be.zeros(y0 * mk, a1 * x1);
            for (int b = 0; b < a1; b++) {
                // A_k[:, :, :, b] as (R_{k−1} m_k) x n_k: rows a + R i, columns j
                Mat ab = ak.strided((long) b * a0 * mk * nk, a0 * mk, nk, Math.max(1, a0 * mk));
                for (int beta = 0; beta < x1; beta++) {
                    // X_k[:, :, β] as r_{k−1} x n_k
                    Mat xb = xk.strided((long) beta * x0 * nk, x0, nk, Math.max(1, x0));
                    // destination: column β + r_k b of Y_k, viewed as r_{k−1} x (R_{k−1} m_k), element (α, a + R i)
                    Mat dst = yk.strided((long) (beta + x1 * b) * y0 * mk, x0, a0 * mk, Math.max(1, x0));
                    be.gemm(false, true, 1.0, xb, ab, 0.0, dst);
                }
            }
            cores.add(yk);
        }
        return TensorTrain.ofComputedCores(cores, m);
    }

    /**
     * The dense rows x cols matrix (Π m_k) x (Π n_k), column-major, rows and columns indexed with the
     * first mode fastest (I = i_1 + m_1(i_2 + ...), likewise J). For tests and small operators.
     *
     * @throws IllegalArgumentException if it has more than 2^28 entries
     */
    public double[] toDense() {
        int d = n.length;
        long rowsL = Checks.product("toDense(): the row space", m, 1L << 28);
        long colsL = Checks.product("toDense(): the column space", n, 1L << 28);
        if (rowsL * colsL > (1L << 28)) {
            throw new IllegalArgumentException("toDense(): the matrix " + rowsL + " x " + colsL + " has more than 2^28 entries");
        }
        double[] f = tt.full(); // index: Σ_k (i_k + m_k j_k) · Π_{l<k} m_l n_l
        int rows = (int) rowsL;
        double[] out = new double[f.length];
        int[] i = new int[d], j = new int[d];
        for (int lin = 0; lin < f.length; lin++) {
            int rem = lin;
            for (int k = 0; k < d; k++) {
                int q = rem % (m[k] * n[k]);
                rem /= m[k] * n[k];
                i[k] = q % m[k];
                j[k] = q / m[k];
            }
            int row = 0, col = 0;
            for (int k = d - 1; k >= 0; k--) {
                row = row * m[k] + i[k];
                col = col * n[k] + j[k];
            }
            out[row + rows * col] = f[lin];
        }
        return out;
    }

    @Override
    public String toString() {
        return "TtMatrix[d=" + m.length + ", rows=" + Arrays.toString(m) + ", cols=" + Arrays.toString(n) + ", R="
                + Arrays.toString(tt.ranks()) + ", backend=" + backend().name() + "]";
    }
}
