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
public final class EjmlBackend implements Backend {

    private static final EjmlBackend INSTANCE = new EjmlBackend();

    /** The shared instance (the backend has no state). */
    public static EjmlBackend get() { return INSTANCE; }

    private EjmlBackend() {}

    @Override
    public String name() { return "ejml"; }

    private HeapMat h(Mat a, String arg) {
        if (!(a instanceof HeapMat hm) || a.backend() != this) {
            throw new IllegalArgumentException(arg + " belongs to backend '" + a.backend().name()
                    + "', expected a matrix of backend 'ejml'");
        }
        return hm;
    }

    private static int checkedSize(int rows, int cols) {
        long n = (long) rows * cols;
        if (rows < 0 || cols < 0 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix " + rows + " x " + cols + " is negative or too large for a heap array");
        }
        return (int) n;
    }

    @Override
    public Mat zeros(int rows, int cols) {
        return new HeapMat(this, new double[checkedSize(rows, cols)], 0, rows, cols, Math.max(1, rows));
    }

    @Override
    public Mat fromArray(double[] data, int offset, int rows, int cols) {
        int n = checkedSize(rows, cols);
        if (offset < 0 || offset + (long) n > data.length) {
            throw new IllegalArgumentException("data of length " + data.length + " has no " + n
                    + " values from offset " + offset);
        }
        return new HeapMat(this, Arrays.copyOfRange(data, offset, offset + n), 0, rows, cols, Math.max(1, rows));
    }

    @Override
    public double[] toArray(Mat a) {
        HeapMat m = h(a, "a");
        int rows = m.rows(), cols = m.cols();
        double[] out = new double[checkedSize(rows, cols)];
        if (out.length == 0) {
            return out;
        }
        if (m.isContiguous()) {
            System.arraycopy(m.data, (int) m.offset(), out, 0, out.length);
        } else {
            for (int j = 0; j < cols; j++) {
                System.arraycopy(m.data, m.at(0, j), out, j * rows, rows);
            }
        }
        return out;
    }

    @Override
    public double get(Mat a, int i, int j) {
        HeapMat m = h(a, "a");
        return m.data[m.at(i, j)];
    }

    @Override
    public Mat copy(Mat a) {
        return new HeapMat(this, toArray(a), 0, a.rows(), a.cols(), Math.max(1, a.rows()));
    }

    @Override
    public void copyInto(Mat src, Mat dst) {
        HeapMat s = h(src, "src"), t = h(dst, "dst");
        sameShape(s, t, "copyInto");
        if (s.size() == 0) {
            return;
        }
        for (int j = 0; j < s.cols(); j++) {
            System.arraycopy(s.data, s.at(0, j), t.data, t.at(0, j), s.rows());
        }
    }

    private static void sameShape(Mat a, Mat b, String op) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(op + ": shapes differ, " + a.rows() + " x " + a.cols() + " vs "
                    + b.rows() + " x " + b.cols());
        }
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
    private Mat fromRowMajor(DMatrixRMaj m) {
        int r = m.numRows, c = m.numCols;
        double[] d = new double[checkedSize(r, c)];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                d[i + j * r] = m.data[i * c + j];
            }
        }
        return new HeapMat(this, d, 0, r, c, Math.max(1, r));
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Mat a, Mat b, double beta, Mat c) {
        HeapMat ha = h(a, "a"), hb = h(b, "b"), hc = h(c, "c");
        int[] shape = Backend.gemmShape(transA, transB, a, b, c);
        int m = shape[0], n = shape[1], p = shape[2];
        double[] t = new double[checkedSize(m, n)];
        if (p > 0 && m > 0 && n > 0) {
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
    public Mat transpose(Mat a) {
        HeapMat ha = h(a, "a");
        int r = a.rows(), c = a.cols();
        double[] d = new double[checkedSize(r, c)];
        for (int j = 0; j < c; j++) {
            int base = ha.at(0, j);
            for (int i = 0; i < r; i++) {
                d[j + i * c] = ha.data[base + i];
            }
        }
        return new HeapMat(this, d, 0, c, r, Math.max(1, c));
    }

    @Override
    public void scale(double alpha, Mat a) {
        HeapMat ha = h(a, "a");
        for (int j = 0; j < a.cols(); j++) {
            int base = ha.at(0, j);
            for (int i = 0; i < a.rows(); i++) {
                ha.data[base + i] *= alpha;
            }
        }
    }

    @Override
    public void axpy(double alpha, Mat x, Mat y) {
        HeapMat hx = h(x, "x"), hy = h(y, "y");
        sameShape(x, y, "axpy");
        for (int j = 0; j < x.cols(); j++) {
            int bx = hx.at(0, j), by = hy.at(0, j);
            for (int i = 0; i < x.rows(); i++) {
                hy.data[by + i] += alpha * hx.data[bx + i];
            }
        }
    }

    @Override
    public double dot(Mat a, Mat b) {
        HeapMat ha = h(a, "a"), hb = h(b, "b");
        sameShape(a, b, "dot");
        double s = 0;
        for (int j = 0; j < a.cols(); j++) {
            int ba = ha.at(0, j), bb = hb.at(0, j);
            for (int i = 0; i < a.rows(); i++) {
                s += ha.data[ba + i] * hb.data[bb + i];
            }
        }
        return s;
    }

    @Override
    public double normF(Mat a) {
        HeapMat ha = h(a, "a");
        double scale = 0, ssq = 1; // LAPACK dlassq recurrence: no overflow, no underflow
        for (int j = 0; j < a.cols(); j++) {
            int base = ha.at(0, j);
            for (int i = 0; i < a.rows(); i++) {
                double v = ha.data[base + i];
                if (v != 0) {
                    double av = Math.abs(v);
                    if (scale < av) {
                        ssq = 1 + ssq * (scale / av) * (scale / av);
                        scale = av;
                    } else {
                        ssq += (av / scale) * (av / scale);
                    }
                } else if (Double.isNaN(v)) {
                    return Double.NaN;
                }
            }
        }
        return scale * Math.sqrt(ssq);
    }

    @Override
    public double maxAbs(Mat a) {
        HeapMat ha = h(a, "a");
        double m = 0;
        for (int j = 0; j < a.cols(); j++) {
            int base = ha.at(0, j);
            for (int i = 0; i < a.rows(); i++) {
                double v = Math.abs(ha.data[base + i]);
                if (!(v <= m)) {
                    m = v; // also propagates NaN
                    if (Double.isNaN(v)) {
                        return v;
                    }
                }
            }
        }
        return m;
    }

    @Override
    public void scaleRows(Mat a, double[] s) {
        HeapMat ha = h(a, "a");
        if (s.length != a.rows()) {
            throw new IllegalArgumentException("scaleRows: s has length " + s.length + ", expected rows = " + a.rows());
        }
        for (int j = 0; j < a.cols(); j++) {
            int base = ha.at(0, j);
            for (int i = 0; i < a.rows(); i++) {
                ha.data[base + i] *= s[i];
            }
        }
    }

    @Override
    public void scaleColumns(Mat a, double[] s) {
        HeapMat ha = h(a, "a");
        if (s.length != a.cols()) {
            throw new IllegalArgumentException("scaleColumns: s has length " + s.length + ", expected cols = " + a.cols());
        }
        for (int j = 0; j < a.cols(); j++) {
            int base = ha.at(0, j);
            for (int i = 0; i < a.rows(); i++) {
                ha.data[base + i] *= s[j];
            }
        }
    }

    @Override
    public Mat gatherRows(Mat a, int[] idx) {
        HeapMat ha = h(a, "a");
        int c = a.cols();
        double[] d = new double[checkedSize(idx.length, c)];
        for (int t = 0; t < idx.length; t++) {
            if (idx[t] < 0 || idx[t] >= a.rows()) {
                throw new IndexOutOfBoundsException("gatherRows: row index " + idx[t] + " at position " + t
                        + " outside 0.." + (a.rows() - 1));
            }
        }
        for (int j = 0; j < c; j++) {
            int base = ha.at(0, j);
            for (int t = 0; t < idx.length; t++) {
                d[t + j * idx.length] = ha.data[base + idx[t]];
            }
        }
        return new HeapMat(this, d, 0, idx.length, c, Math.max(1, idx.length));
    }

    @Override
    public QR qr(Mat a) {
        HeapMat ha = h(a, "a");
        int m = a.rows(), n = a.cols(), k = Math.min(m, n);
        if (k == 0) {
            return new QR(zeros(m, 0), zeros(0, n));
        }
        if (m < n) {
            // Wide: A = Q [R1 R2] with Q R1 the QR of the leading m columns, R2 = Qᵀ A(:, m:).
            QR left = qr(a.columns(0, m));
            Mat r = zeros(m, n);
            copyInto(left.r(), r.columns(0, m));
            gemm(true, false, 1.0, left.q(), a.columns(m, n), 0.0, r.columns(m, n));
            return new QR(left.q(), r);
        }
        requireFinite(a, "QR");
        double[][] qr = HouseholderQr.factor(toArray(a), m, n);
        return new QR(new HeapMat(this, qr[0], 0, m, n, m), new HeapMat(this, qr[1], 0, n, n, n));
    }

    /** Refuses NaN/Inf entries before a factorization (LAPACK-style routines would loop or return garbage). */
    private void requireFinite(Mat a, String op) {
        double[] v = toArray(a);
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(op + ": entry (" + (i % Math.max(1, a.rows())) + ", "
                        + (i / Math.max(1, a.rows())) + ") of the " + a.rows() + " x " + a.cols() + " matrix is " + v[i]
                        + "; expected finite values");
            }
        }
    }

    @Override
    public SVD svd(Mat a) {
        HeapMat ha = h(a, "a");
        requireFinite(a, "SVD");
        int m = a.rows(), n = a.cols(), k = Math.min(m, n);
        if (k == 0) {
            return new SVD(zeros(m, 0), new double[0], zeros(0, n));
        }
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

    @Override
    public Mat solve(Mat a, Mat b) {
        HeapMat ha = h(a, "a"), hb = h(b, "b");
        int n = a.rows();
        if (a.cols() != n || b.rows() != n) {
            throw new IllegalArgumentException("solve: A must be square and B must have " + n + " rows, got A "
                    + a.rows() + " x " + a.cols() + ", B " + b.rows() + " x " + b.cols());
        }
        requireFinite(a, "solve");
        requireFinite(b, "solve");
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
        DMatrixRMaj x = new DMatrixRMaj(n, b.cols());
        solver.solve(rowMajor(hb), x);
        return fromRowMajor(x);
    }
}
