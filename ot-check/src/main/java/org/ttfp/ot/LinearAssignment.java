package org.ttfp.ot;

/**
 * Exact linear assignment: the permutation π minimising Σ_i c_{i,π(i)} for an n x n cost
 * matrix, i.e. exact discrete optimal transport between two equal-size point sets with uniform
 * weights (docs/math.md §3), with an LP-duality certificate of optimality.
 *
 * <p>Two exact solvers, both Jonker–Volgenant shortest augmenting paths with column potentials v
 * (a row assigned to column π(i) is tight: c_{iπ(i)} − v_{π(i)} = min_j (c_ij − v_j)):
 * <ul>
 *   <li>{@link Method#DENSE} ({@link DenseAssignment}): column reduction, reduction transfer, two
 *       passes of augmenting row reduction, then dense Dijkstra searches, on the n x n cost matrix
 *       held in memory. <b>Memory 8n² bytes</b> (8 MB at n = 1000, 200 MB at n = 5000, 800 MB at
 *       n = 10⁴) plus O(n). For point sets the matrix is computed first (3d n² flops).</li>
 *   <li>{@link Method#SPARSE} ({@link SparseAssignment}): a multiscale warm start, Dijkstra searches
 *       on a candidate graph of the {@value SparseAssignment#NEIGHBOURS} best reduced costs per row
 *       and per column, and exact pricing passes over all n² pairs until no pair violates dual
 *       feasibility. <b>Memory O(n·NEIGHBOURS)</b> (about 12 MB at n = 10⁴) besides the cost matrix;
 *       for point sets the costs are computed on the fly, so no n² storage at all. For points in
 *       the plane (d = 2) the candidate lists and the pricing passes are queries of a
 *       {@link PlaneGrid} (only the cells that can hold a candidate or a violating pair are read:
 *       O(n·NEIGHBOURS) work instead of O(n²), the same result), and both sides are renumbered in
 *       the grid's cell order of x for the solve (mapped back); about 100 bytes per point more.</li>
 * </ul>
 * {@link Method#AUTO} (what {@link #solve(double[], int)} and {@link #solve(double[], double[],
 * int)} use) takes the dense solver when n ≤ {@value #DENSE_MAX} (at most
 * {@value #DENSE_MAX}² · 8 bytes = 11.5 MB of matrix for point sets) and the sparse one above,
 * where its few n² passes beat the dense solver's long searches (docs/assignment.md has the
 * measurements behind the threshold; benchmarks W8 times both through this choice).
 *
 * <p>Optimality is certified by LP duality, see {@link Result#certify(double[])} and
 * {@link Result#certify(double[], double[], int)}: any permutation σ has Σ c_{iσ(i)} ≥ Σ u_i + Σ v_j
 * when u_i + v_j ≤ c_ij for all pairs.
 */
public final class LinearAssignment {

    /** Candidate neighbours taken per row and per column by the sparse solver before pricing. */
    public static final int NEIGHBOURS = SparseAssignment.NEIGHBOURS;

    /** Largest n that {@link Method#AUTO} solves with the dense solver. */
    public static final int DENSE_MAX = 1200;

    /** Which solver to run. */
    public enum Method {
        /** Dense below {@link #DENSE_MAX}, sparse above (see the class comment). */
        AUTO,
        /** {@link DenseAssignment}: the cost matrix in memory (8n² bytes). */
        DENSE,
        /** {@link SparseAssignment}: candidate graph with dense pricing (O(n) memory); needs n &gt; 4·NEIGHBOURS. */
        SPARSE
    }

    private LinearAssignment() {
    }

    /**
     * Solves the assignment problem for a dense row-major n x n cost matrix ({@link Method#AUTO}).
     *
     * @param cost finite costs, {@code cost[i*n + j]} = c_ij (not modified)
     * @param n    the order, n ≥ 1
     * @throws IllegalArgumentException if n &lt; 1, the length is not n², or a cost is NaN/infinite
     */
    public static Result solve(double[] cost, int n) {
        return solve(cost, n, Method.AUTO);
    }

    /**
     * {@link #solve(double[], int)} with the given solver.
     *
     * @throws IllegalArgumentException as {@link #solve(double[], int)}, or for {@link Method#SPARSE}
     *         with n ≤ 4·{@link #NEIGHBOURS}, or a null method
     */
    public static Result solve(double[] cost, int n, Method method) {
        requireCostMatrix(cost, n);
        Method m = choose(method, n);
        AssignmentCosts.Dense c = new AssignmentCosts.Dense(cost, n);
        return m == Method.DENSE ? dense(c, cost) : sparse(c);
    }

    /**
     * Exact discrete OT between two point sets of equal size N ≥ 2 in R^d (row-major N x d) with
     * squared Euclidean cost c_ij = |x_i − y_j|² ({@link Method#AUTO}).
     *
     * @throws IllegalArgumentException naming {@code x} or {@code y} for bad shapes, fewer than 2
     *         points, different sizes, or non-finite coordinates
     */
    public static Result solve(double[] x, double[] y, int d) {
        return solve(x, y, d, Method.AUTO);
    }

    /**
     * {@link #solve(double[], double[], int)} with the given solver.
     *
     * @throws IllegalArgumentException as {@link #solve(double[], double[], int)}, or for
     *         {@link Method#SPARSE} with N ≤ 4·{@link #NEIGHBOURS}, {@link Method#DENSE} with N² above
     *         the array limit, or a null method
     */
    public static Result solve(double[] x, double[] y, int d, Method method) {
        int n = PointSets.requireSameSize(x, y, d, 2, "x", "y");
        Method m = choose(method, n);
        AssignmentCosts.Euclidean c = new AssignmentCosts.Euclidean(x, y, d, n);
        if (m == Method.DENSE) {
            if ((long) n * n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("method DENSE with " + n + " points: the " + n + " x " + n
                        + " cost matrix exceeds the array limit; expected SPARSE or AUTO");
            }
            return dense(c, c.matrix());
        }
        return d == 2 ? planarSparse(c, x, y, n) : sparse(c);
    }

    /**
     * The sparse solver on points in the plane with both sides renumbered by one permutation, the
     * cell order of the rows' points x in a {@link PlaneGrid} (a pair x_i, y_i keeps one index, so
     * near-identity pairs stay paired in the warm start's sub-problems, whose random halves are now
     * spread evenly over the plane); the result is mapped back to the caller's numbering (the same
     * costs, bit for bit). Measured at N = 10⁴ (CPU time, same run): uniform points 1.9–2.0 s
     * against 2.9–3.3 s in the caller's order (1 pricing round instead of 4), near-identity pairs
     * unchanged; sorting x and y each by its own order was as fast on uniform points but doubled
     * the near-identity time.
     */
    private static Result planarSparse(AssignmentCosts.Oracle c, double[] x, double[] y, int n) {
        int[] rx = new PlaneGrid(x, n).order(), cy = rx;
        double[] xs = new double[2 * n], ys = new double[2 * n];
        for (int a = 0; a < n; a++) {
            xs[2 * a] = x[2 * rx[a]];
            xs[2 * a + 1] = x[2 * rx[a] + 1];
            ys[2 * a] = y[2 * cy[a]];
            ys[2 * a + 1] = y[2 * cy[a] + 1];
        }
        SparseAssignment s = SparseAssignment.solve(new AssignmentCosts.Euclidean(xs, ys, 2, n));
        int[] rowToColumn = new int[n];
        double[] u = new double[n], v = new double[n];
        for (int a = 0; a < n; a++) {
            rowToColumn[rx[a]] = cy[s.rowsol[a]];
            u[rx[a]] = s.u[a];
            v[cy[a]] = s.v[a];
        }
        return new Result(rowToColumn, primalCost(c, rowToColumn), u, v, s.rounds, s.candidateEdges(), s.widened,
                s.densified, Method.SPARSE);
    }

    private static Method choose(Method method, int n) {
        if (method == null) {
            throw new IllegalArgumentException("method is null: expected AUTO, DENSE or SPARSE");
        }
        if (method == Method.SPARSE && n <= 4 * NEIGHBOURS) {
            throw new IllegalArgumentException("method SPARSE with n = " + n + ": expected n > " + 4 * NEIGHBOURS
                    + " (use DENSE or AUTO)");
        }
        if (method == Method.AUTO) {
            return n <= DENSE_MAX ? Method.DENSE : Method.SPARSE;
        }
        return method;
    }

    private static Result dense(AssignmentCosts.Oracle c, double[] matrix) {
        int n = c.n;
        DenseAssignment s = DenseAssignment.solve(matrix, n);
        return new Result(s.rowToColumn, primalCost(c, s.rowToColumn), s.rowPotentials(), s.v, 0, (long) n * n, 0, n,
                Method.DENSE);
    }

    private static Result sparse(AssignmentCosts.Oracle c) {
        SparseAssignment s = SparseAssignment.solve(c);
        return new Result(s.rowsol, primalCost(c, s.rowsol), s.u, s.v, s.rounds, s.candidateEdges(), s.widened,
                s.densified, Method.SPARSE);
    }

    /** Σ_i c_{iπ(i)}, compensated. */
    private static double primalCost(AssignmentCosts.Oracle c, int[] p) {
        PointSets.Sum primal = new PointSets.Sum();
        for (int i = 0; i < p.length; i++) {
            primal.add(c.at(i, p[i]));
        }
        return primal.value();
    }

    static void requireCostMatrix(double[] cost, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n = " + n + ": expected n >= 1");
        }
        if (cost == null || cost.length != (long) n * n) {
            throw new IllegalArgumentException("cost has length " + (cost == null ? "null" : Integer.toString(cost.length))
                    + ": expected n*n = " + (long) n * n);
        }
        for (int k = 0; k < cost.length; k++) {
            if (!Double.isFinite(cost[k])) {
                throw new IllegalArgumentException("cost[" + (k / n) + "][" + (k % n) + "] = " + cost[k]
                        + ": expected a finite cost");
            }
        }
    }

    /**
     * An optimal assignment with its dual certificate.
     *
     * @param rowToColumn    π: row i is assigned to column π(i)
     * @param cost           the primal cost Σ_i c_{i,π(i)} (compensated sum)
     * @param u              row potentials, u_i = min_j (c_ij − v_j) over all n columns
     * @param v              column potentials
     * @param pricingRounds  dense pricing passes of the sparse solver (1 when the candidate graph
     *                       already held an optimum; 0 for the dense solver)
     * @param candidateEdges candidate pairs at the end (n² for the dense solver)
     * @param widenings      searches that found no free column and widened their row's candidates
     * @param denseRows      rows made dense after repeated pricing violations (n for the dense
     *                       solver)
     * @param method         the solver that ran: {@link Method#DENSE} or {@link Method#SPARSE}
     */
    public record Result(int[] rowToColumn, double cost, double[] u, double[] v, int pricingRounds,
                         long candidateEdges, int widenings, int denseRows, Method method) {

        /** The number of rows n. */
        public int size() {
            return rowToColumn.length;
        }

        /** The mean cost (1/n) Σ_i c_{i,π(i)} (C_OT of docs/paper-protocol.md §1 for squared distances). */
        public double meanCost() {
            return cost / rowToColumn.length;
        }

        /** π⁻¹: column j is assigned to row π⁻¹(j). */
        public int[] columnToRow() {
            int[] inv = new int[rowToColumn.length];
            for (int i = 0; i < inv.length; i++) {
                inv[rowToColumn[i]] = i;
            }
            return inv;
        }

        /** Whether π is the identity (the pairing i ↦ i is optimal). */
        public boolean isIdentity() {
            for (int i = 0; i < rowToColumn.length; i++) {
                if (rowToColumn[i] != i) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Checks the dual certificate against the cost matrix the problem was solved for
         * (n² flops).
         *
         * @throws IllegalArgumentException if the matrix does not have n² finite entries
         */
        public Certificate certify(double[] cost) {
            int n = rowToColumn.length;
            requireCostMatrix(cost, n);
            double scale = 1;
            for (double x : cost) {
                scale = Math.max(scale, Math.abs(x));
            }
            return certify(new AssignmentCosts.Dense(cost, n), scale);
        }

        /**
         * Checks the dual certificate for the squared Euclidean costs between the point sets the
         * problem was solved for, computing costs on the fly (3d n² flops, no n² memory).
         */
        public Certificate certify(double[] x, double[] y, int d) {
            int n = PointSets.requireSameSize(x, y, d, 1, "x", "y");
            if (n != rowToColumn.length) {
                throw new IllegalArgumentException("x has " + n + " points: expected the " + rowToColumn.length
                        + " of the solved problem");
            }
            double scale = 1;
            for (int i = 0; i < n; i++) {
                scale = Math.max(scale, PointSets.squaredDistance(x, i, y, rowToColumn[i], d));
            }
            return certify(new AssignmentCosts.Euclidean(x, y, d, n), scale);
        }

        private Certificate certify(AssignmentCosts.Oracle c, double scale) {
            return DualCertificate.check(c, rowToColumn, u, v, scale);
        }

        @Override
        public String toString() {
            return "LinearAssignment.Result[n=" + rowToColumn.length + ", cost=" + cost + ", pricingRounds="
                    + pricingRounds + ", candidateEdges=" + candidateEdges + ", widenings=" + widenings
                    + ", denseRows=" + denseRows + ", method=" + method + "]";
        }
    }

    /**
     * The LP-duality certificate of an assignment. For any permutation σ,
     * Σ c_{iσ(i)} ≥ Σ_i (u_i + v_{σ(i)}) − n·max(0, maxViolation) = dual − n·max(0, maxViolation),
     * so the assignment is optimal to within {@link #suboptimalityBound()} = gap + n·max(0,
     * maxViolation), with gap = primal − dual.
     *
     * @param n            the order
     * @param primal       Σ_i c_{i,π(i)}
     * @param dual         Σ_i u_i + Σ_j v_j
     * @param maxViolation max_ij (u_i + v_j − c_ij) (≤ 0 up to rounding for a feasible dual)
     * @param costScale    a typical cost magnitude (max(1, max|c|), or max(1, largest assigned
     *                     cost) for point sets) for relative tolerances
     */
    public record Certificate(int n, double primal, double dual, double maxViolation, double costScale) {

        /** The duality gap primal − dual (zero up to rounding at the optimum). */
        public double gap() {
            return primal - dual;
        }

        /** gap / max(|primal|, costScale). */
        public double relativeGap() {
            return gap() / Math.max(Math.abs(primal), costScale);
        }

        /** gap + n·max(0, maxViolation): primal minus the optimal cost is at most this. */
        public double suboptimalityBound() {
            return gap() + n * Math.max(0, maxViolation);
        }

        /**
         * Whether u_i + v_j ≤ c_ij + violationTolerance for all i, j and |primal − dual| ≤
         * gapTolerance.
         */
        public boolean holds(double violationTolerance, double gapTolerance) {
            return maxViolation <= violationTolerance && Math.abs(gap()) <= gapTolerance;
        }

        /**
         * {@link #holds(double, double)} with tolerances 1e-10·costScale for the violation and
         * 1e-10·max(|primal|, costScale) for the gap (rounding in n² double operations stays
         * well below these).
         */
        public boolean holds() {
            return holds(1e-10 * costScale, 1e-10 * Math.max(Math.abs(primal), costScale));
        }
    }
}
