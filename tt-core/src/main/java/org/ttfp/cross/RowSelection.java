package org.ttfp.cross;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;
import org.ttfp.linalg.QR;
import org.ttfp.linalg.SVD;

/**
 * The choice of the interpolation rows of one interface of {@link TtCross}: numerical rank by a
 * thin SVD, square maxvol, the extra rows that let the rank grow (the previous set first, then
 * exploration rows drawn mostly by row norm), and the interpolation core through the chosen rows.
 * It also records whether the rank cap bound since the last {@link #resetCapBound()}: a fibre
 * matrix limited by {@link CrossOptions#maxRank()} had full numerical rank, so the rank kick that
 * would test a larger rank was cut.
 */
final class RowSelection {

    /** Rows chosen for an interface and the core (rows x |rows|) that interpolates through them. */
    record Pick(int[] rows, Mat core) {}

    private final Backend be;
    private final double rankTol;
    private final int maxRank;
    private final SplittableRandom rnd;
    private boolean capBound;

    RowSelection(Backend be, double rankTol, int maxRank, SplittableRandom rnd) {
        this.be = be;
        this.rankTol = rankTol;
        this.maxRank = maxRank;
        this.rnd = rnd;
    }

    /** Forgets whether the cap bound (called at the start of each sweep). */
    void resetCapBound() {
        capBound = false;
    }

    /** Whether some interface since {@link #resetCapBound()} saturated the rank cap. */
    boolean capBound() {
        return capBound;
    }

    /**
     * The rows and interpolation core of a tall fibre matrix m (rows x cols): its thin SVD
     * m = U S Vᵀ, numerical rank ρ ≤ cap at the rank tolerance, square maxvol on U_ρ (started from
     * the preferred rows), then rows up to K = min(ρ + extra, cap, rows): first preferred rows
     * left over, then random rows (exploration: they let the rank grow where the current sets
     * miss directions; rows chosen by leverage would not, e.g. the mirror images of a symmetric
     * function). The core is U_ρ pinv(U_ρ[P, :]) (rows x K), by QR on the backend.
     *
     * @param preferred rows of the previous set of this interface, in this matrix's numbering
     */
    Pick select(Mat m, int rows, int cap, int extra, int[] preferred) {
        SVD sv = be.svd(m);
        double[] s = sv.s();
        int wanted = TtCross.numericalRank(s, rankTol);
        if (wanted >= maxRank && cap == maxRank) {
            capBound = true; // saturated: no column left to show whether a larger rank is needed
        }
        int rho = Math.min(wanted, cap);
        int k = Math.max(rho, Math.min(rho + extra, Math.min(cap, rows)));
        Mat u;
        if (s.length == 0 || s[0] == 0) { // a zero fibre matrix: no direction is known
            rho = 1;
            double[] e0 = new double[rows];
            e0[0] = 1;
            u = be.fromArray(e0, rows, 1);
        } else {
            u = be.copy(sv.u().columns(0, rho));
        }
        int[] sq = Maxvol.select(be.toArray(u), rows, rho, TtCross.MAXVOL_TOL, Maxvol.defaultMaxSwaps(rho), preferred).rows();
        int[] chosen = Arrays.copyOf(sq, k);
        boolean[] taken = new boolean[rows];
        for (int j = 0; j < rho; j++) {
            taken[sq[j]] = true;
        }
        int c = rho;
        for (int j = 0; preferred != null && j < preferred.length && c < k; j++) {
            if (!taken[preferred[j]]) {
                taken[preferred[j]] = true;
                chosen[c++] = preferred[j];
            }
        }
        if (c < k) {
            // Exploration rows: a quarter uniform, the rest drawn with probability ∝ the row's norm in
            // the fibre matrix, so that for localized functions (densities in high d) the new
            // rows land where the function lives instead of where it is ~0.
            double[] cum = rowNormCumulative(be.toArray(m), rows, m.cols());
            int guard = 0;
            while (c < k) {
                boolean weighted = cum[rows - 1] > 0 && rnd.nextDouble() < WEIGHTED_FRACTION && guard < 64 * rows;
                int p = weighted ? draw(cum, rnd.nextDouble() * cum[rows - 1]) : rnd.nextInt(rows);
                guard++;
                if (!taken[p]) {
                    taken[p] = true;
                    chosen[c++] = p;
                }
            }
        }
        QR qr = be.qr(be.gatherRows(u, chosen)); // U_ρ[P] = Q R (K x ρ, ρ x ρ)
        double[] pinv = upperSolve(be.toArray(qr.r()), rho, be.toArray(be.transpose(qr.q())), k);
        return new Pick(chosen, be.mul(u, be.fromArray(pinv, rho, k))); // U_ρ R^{-1} Qᵀ
    }

    /** Fraction of the exploration rows drawn by row norm (the rest uniformly). */
    static final double WEIGHTED_FRACTION = 0.75;

    /** Cumulative sums of the row norms of a column-major rows x cols matrix. */
    static double[] rowNormCumulative(double[] a, int rows, int cols) {
        double[] sq = new double[rows];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                double v = a[i + j * rows];
                sq[i] += v * v;
            }
        }
        double[] cum = new double[rows];
        double acc = 0;
        for (int i = 0; i < rows; i++) {
            acc += Math.sqrt(sq[i]);
            cum[i] = acc;
        }
        return cum;
    }

    /** The first index whose cumulative weight exceeds u (binary search). */
    static int draw(double[] cum, double u) {
        int lo = 0, hi = cum.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * R^{-1} B for an upper triangular ρ x ρ matrix R and a ρ x k matrix B (column-major, B
     * overwritten and returned). Back substitution, ρ² k flops; R comes from maxvol rows of an
     * orthonormal basis, so it is well conditioned.
     */
    static double[] upperSolve(double[] r, int rho, double[] b, int k) {
        for (int c = 0; c < k; c++) {
            int off = c * rho;
            for (int i = rho - 1; i >= 0; i--) {
                double v = b[off + i];
                for (int j = i + 1; j < rho; j++) {
                    v -= r[i + j * rho] * b[off + j];
                }
                double diag = r[i + i * rho];
                if (diag == 0) {
                    throw new ArithmeticException("singular interpolation submatrix (zero pivot " + i + " of " + rho + ")");
                }
                b[off + i] = v / diag;
            }
        }
        return b;
    }
}
