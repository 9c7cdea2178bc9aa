package org.ttfp.linalg;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;
import org.ejml.dense.row.linsol.lu.LinearSolverLu_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Pure-Java backend on EJML: storage is a heap {@code double[]} in column-major order.
 *
 * <p>A column-major m x n array is, read row-major, the n x m matrix Aᵀ; products are computed as
 * Cᵀ = op(B)ᵀ op(A)ᵀ on those row-major views without copying. QR and SVD copy into EJML's
 * row-major matrices. Always available; 5–40× slower than native OpenBLAS on large matrices, and
 * the better choice for tiny ones where native call overhead dominates.
 */
public final class EjmlBackend extends AbstractBackend<HeapMat> {

    private static final EjmlBackend INSTANCE = new EjmlBackend();

    /** The shared instance (the backend has no state). */
    public static EjmlBackend get() { return INSTANCE; }

    private EjmlBackend() {
        super(HeapMat.class);
    }

    @Override
    public String name() { return "ejml"; }

    @Override
    protected long maxElements() { return MAX_ARRAY; }

    @Override
    protected String limitReason() { return "the storage is one Java array"; }

    @Override
    protected HeapMat doZeros(int rows, int cols) {
        return new HeapMat(this, new double[rows * cols], 0, rows, cols, Math.max(1, rows));
    }

    @Override
    protected HeapMat doFromArray(double[] data, int offset, int rows, int cols) {
        return new HeapMat(this, Arrays.copyOfRange(data, offset, offset + rows * cols), 0, rows, cols, Math.max(1, rows));
    }

    @Override
    protected double[] doToArray(HeapMat m, int size) {
        double[] out = new double[size];
        if (m.isContiguous()) {
            System.arraycopy(m.data, (int) m.offset(), out, 0, size);
        } else {
            for (int j = 0; j < m.cols(); j++) {
                System.arraycopy(m.data, m.at(0, j), out, j * m.rows(), m.rows());
            }
        }
        return out;
    }

    @Override
    protected double doGet(HeapMat m, int i, int j) { return m.data[m.at(i, j)]; }

    /** Column by column; an overlapping source is read through a copy. */
    @Override
    protected void doCopyInto(HeapMat s, HeapMat t) {
        if (overlap(s, t)) {
            s = new HeapMat(this, doToArray(s, (int) s.size()), 0, s.rows(), s.cols(), Math.max(1, s.rows()));
        }
        for (int j = 0; j < s.cols(); j++) {
            System.arraycopy(s.data, s.at(0, j), t.data, t.at(0, j), s.rows());
        }
    }

    /** True when two matrices share an array and their spans of it intersect. */
    private static boolean overlap(HeapMat a, HeapMat b) {
        return a.data == b.data && a.offset() <= b.at(b.rows() - 1, b.cols() - 1) && b.offset() <= a.at(a.rows() - 1, a.cols() - 1);
    }

    /** Row-major EJML matrix holding Aᵀ (the column-major data read row-major), no copy when possible. */
    private static DMatrixRMaj transposedView(HeapMat a) {
        if (a.size() == 0) {
            return new DMatrixRMaj(a.cols(), a.rows());
        }
        if (a.offset() == 0 && a.isContiguous() && a.data.length == a.size()) {
            return DMatrixRMaj.wrap(a.cols(), a.rows(), a.data);
        }
        double[] d = new double[(int) a.size()];
        for (int j = 0; j < a.cols(); j++) {
            System.arraycopy(a.data, a.at(0, j), d, j * a.rows(), a.rows());
        }
        return DMatrixRMaj.wrap(a.cols(), a.rows(), d);
    }

    /** Row-major EJML copy of A itself. */
    private static DMatrixRMaj rowMajor(HeapMat a) {
        DMatrixRMaj out = new DMatrixRMaj(a.rows(), a.cols());
        for (int j = 0; j < a.cols(); j++) {
            int base = a.at(0, j);
            for (int i = 0; i < a.rows(); i++) {
                out.data[i * a.cols() + j] = a.data[base + i];
            }
        }
        return out;
    }

    /** Column-major HeapMat from a row-major EJML matrix. */
    private HeapMat fromRowMajor(DMatrixRMaj m) {
        int r = m.numRows, c = m.numCols;
        double[] d = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                d[i + j * r] = m.data[i * c + j];
            }
        }
        return new HeapMat(this, d, 0, r, c, Math.max(1, r));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Cᵀ = op(B)ᵀ op(A)ᵀ by EJML's row-major products on the column-major data (no copy of
     * contiguous operands), into a temporary that is then added to beta C.
     */
    @Override
    protected void doGemm(boolean transA, boolean transB, double alpha, HeapMat ha, HeapMat hb, double beta, HeapMat hc,
            int m, int n, int p) {
        double[] t = new double[m * n];
        if (p > 0) {
            // Cᵀ = op(B)ᵀ op(A)ᵀ ; Br = Bᵀ, Ar = Aᵀ as row-major views.
            DMatrixRMaj br = transposedView(hb), ar = transposedView(ha);
            DMatrixRMaj ct = DMatrixRMaj.wrap(n, m, t);
            if (!transB && !transA) {
                CommonOps_DDRM.mult(alpha, br, ar, ct);
            } else if (transB && !transA) {
                CommonOps_DDRM.multTransA(alpha, br, ar, ct);
            } else if (!transB) {
                CommonOps_DDRM.multTransB(alpha, br, ar, ct);
            } else {
                CommonOps_DDRM.multTransAB(alpha, br, ar, ct);
            }
        }
        for (int j = 0; j < n; j++) {
            int base = hc.at(0, j);
            for (int i = 0; i < m; i++) {
                double old = beta == 0.0 ? 0.0 : beta * hc.data[base + i];
                hc.data[base + i] = old + t[i + j * m];
            }
        }
    }

    @Override
    protected void doTranspose(HeapMat ha, HeapMat t) {
        int r = ha.rows(), c = ha.cols();
        for (int j = 0; j < c; j++) {
            int base = ha.at(0, j);
            for (int i = 0; i < r; i++) {
                t.data[j + i * c] = ha.data[base + i];
            }
        }
    }

    @Override
    protected void doScale(double alpha, HeapMat ha) {
        for (int j = 0; j < ha.cols(); j++) {
            int base = ha.at(0, j);
            for (int i = 0; i < ha.rows(); i++) {
                ha.data[base + i] *= alpha;
            }
        }
    }

    @Override
    protected void doAxpy(double alpha, HeapMat hx, HeapMat hy) {
        if (overlap(hx, hy) && !(hx.offset() == hy.offset() && hx.ld() == hy.ld())) {
            hx = new HeapMat(this, doToArray(hx, (int) hx.size()), 0, hx.rows(), hx.cols(), Math.max(1, hx.rows()));
        }
        for (int j = 0; j < hx.cols(); j++) {
            int bx = hx.at(0, j), by = hy.at(0, j);
            for (int i = 0; i < hx.rows(); i++) {
                hy.data[by + i] += alpha * hx.data[bx + i];
            }
        }
    }

    @Override
    protected double doDot(HeapMat ha, HeapMat hb) {
        double s = 0;
        for (int j = 0; j < ha.cols(); j++) {
            int ba = ha.at(0, j), bb = hb.at(0, j);
            for (int i = 0; i < ha.rows(); i++) {
                s += ha.data[ba + i] * hb.data[bb + i];
            }
        }
        return s;
    }

    @Override
    protected double doNormF(HeapMat ha) {
        ScaledNorm norm = new ScaledNorm(); // LAPACK dlassq recurrence: no overflow, no underflow
        for (int j = 0; j < ha.cols(); j++) {
            int base = ha.at(0, j);
            for (int i = 0; i < ha.rows(); i++) {
                double v = ha.data[base + i];
                if (Double.isNaN(v)) {
                    return Double.NaN;
                }
                norm.add(v);
            }
        }
        return norm.value();
    }

    @Override
    protected double doMaxAbs(HeapMat ha) {
        double m = 0;
        for (int j = 0; j < ha.cols(); j++) {
            int base = ha.at(0, j);
            for (int i = 0; i < ha.rows(); i++) {
                double v = Math.abs(ha.data[base + i]);
                if (!(v <= m)) {
                    if (Double.isNaN(v)) {
                        return v;
                    }
                    m = v;
                }
            }
        }
        return m;
    }

    @Override
    protected void doScaleRows(HeapMat ha, double[] s) {
        for (int j = 0; j < ha.cols(); j++) {
            int base = ha.at(0, j);
            for (int i = 0; i < ha.rows(); i++) {
                ha.data[base + i] *= s[i];
            }
        }
    }

    @Override
    protected void doScaleColumns(HeapMat ha, double[] s) {
        for (int j = 0; j < ha.cols(); j++) {
            int base = ha.at(0, j);
            for (int i = 0; i < ha.rows(); i++) {
                ha.data[base + i] *= s[j];
            }
        }
    }

    @Override
    protected HeapMat doGatherRows(HeapMat ha, int[] idx) {
        int c = ha.cols();
        double[] d = new double[idx.length * c];
        for (int j = 0; j < c; j++) {
            int base = ha.at(0, j);
            for (int t = 0; t < idx.length; t++) {
                d[t + j * idx.length] = ha.data[base + idx[t]];
            }
        }
        return new HeapMat(this, d, 0, idx.length, c, Math.max(1, idx.length));
    }

    /** {@inheritDoc} Householder QR on the heap ({@link HouseholderQr}); a wide A as A = Q [R1 R2]. */
    @Override
    protected QR doQr(HeapMat a) {
        int m = a.rows(), n = a.cols();
        if (m < n) {
            // Wide: A = Q [R1 R2] with Q R1 the QR of the leading m columns, R2 = Qᵀ A(:, m:).
            QR left = doQr((HeapMat) a.columns(0, m));
            Mat r = zeros(m, n);
            copyInto(left.r(), r.columns(0, m));
            gemm(true, false, 1.0, left.q(), a.columns(m, n), 0.0, r.columns(m, n));
            return new QR(left.q(), r);
        }
        double[][] qr = HouseholderQr.factor(doToArray(a, m * n), m, n);
        return new QR(new HeapMat(this, qr[0], 0, m, n, m), new HeapMat(this, qr[1], 0, n, n, n));
    }

    /** {@inheritDoc} EJML's SVD, of Aᵀ when A is wide (EJML is faster on tall matrices). */
    @Override
    protected SVD doSvd(HeapMat ha) {
        int m = ha.rows(), n = ha.cols(), k = Math.min(m, n);
        // Decompose Aᵀ when A is wide: EJML is faster on tall matrices, and the column-major data
        // of A already is Aᵀ row-major.
        boolean wide = m < n;
        DMatrixRMaj am = wide ? transposedView(ha).copy() : rowMajor(ha);
        int mm = am.numRows, nn = am.numCols;
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(mm, nn, true, true, true);
        if (!svd.decompose(am)) {
            throw new ArithmeticException("SVD failed to converge for a " + m + " x " + n + " matrix (NaN/Inf entries?)");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj v = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        double[] s = new double[k];
        for (int i = 0; i < k; i++) {
            s[i] = w.get(i, i);
        }
        // am = u w vᵀ. If A was wide, A = amᵀ = v w uᵀ: U_A = v, Vt_A = uᵀ.
        if (wide) {
            Mat uA = fromRowMajor(v);
            Mat vtA = transpose(fromRowMajor(u));
            return new SVD(uA, s, vtA);
        }
        return new SVD(fromRowMajor(u), s, transpose(fromRowMajor(v)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>EJML's LU with partial pivoting; A is singular to working precision when
     * min |U_ii| &lt;= n ε max |U_ii|.
     */
    @Override
    protected HeapMat doSolve(HeapMat ha, HeapMat hb) {
        int n = ha.rows();
        LUDecompositionAlt_DDRM lu = new LUDecompositionAlt_DDRM();
        if (!lu.decompose(rowMajor(ha))) {
            throw new ArithmeticException("solve: LU of A (" + n + " x " + n + ") failed (NaN/Inf entries?)");
        }
        // Relative pivot test: singular to working precision when min|U_ii| <= n·ε·max|U_ii|.
        DMatrixRMaj packed = lu.getLU();
        double minPivot = Double.POSITIVE_INFINITY, maxPivot = 0;
        for (int i = 0; i < n; i++) {
            double p = Math.abs(packed.get(i, i));
            minPivot = Math.min(minPivot, p);
            maxPivot = Math.max(maxPivot, p);
        }
        if (!(minPivot > n * Math.ulp(1.0) * maxPivot)) {
            throw new ArithmeticException("solve: A (" + n + " x " + n + ") is singular to working precision (pivots from "
                    + minPivot + " to " + maxPivot + ")");
        }
        LinearSolverLu_DDRM solver = new LinearSolverLu_DDRM(lu);
        solver.setA(rowMajor(ha));
        DMatrixRMaj x = new DMatrixRMaj(n, hb.cols());
        solver.solve(rowMajor(hb), x);
        return fromRowMajor(x);
    }

    /** {@inheritDoc} The shared host algorithm ({@link HostEvaluation}) on the cores' own arrays. */
    @Override
    protected void doEvaluate(HeapMat[] cores, int[] n, int[] r, int[] idx, int count, double[] out) {
        double[][] g = new double[cores.length][];
        for (int k = 0; k < cores.length; k++) {
            HeapMat c = cores[k];
            boolean own = c.offset() == 0 && c.isContiguous() && c.data.length == c.size();
            g[k] = own ? c.data : doToArray(c, (int) c.size());
        }
        HostEvaluation.evaluate(HostEvaluation.heap(g, n, r), n, r, idx, count, out, HostKernels.cpuThreads());
    }
}
