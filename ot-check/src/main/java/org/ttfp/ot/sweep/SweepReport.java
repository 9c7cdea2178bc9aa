package org.ttfp.ot.sweep;

import java.util.List;
import java.util.Locale;
import org.ttfp.ot.report.VerifyReport;

/** The Markdown report of a merged sweep. */
final class SweepReport {
    private SweepReport() {}

    static String markdown(Manifest m, List<CaseResult> finished, List<Integer> missing, List<SweepMerge.Failure> failed,
            List<String> figures) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ttfp sweep ").append(m.name()).append("\n\n");
        sb.append(String.format(Locale.ROOT, "%d of %d cases finished; %d missing, %d failed. Axes: %s%s.%n%n",
                finished.size(), m.caseCount(), missing.size(), failed.size(), String.join(", ", m.axes()),
                m.zip().isEmpty() ? "" : "; zipped: " + String.join(", ", m.zip())));
        if (!missing.isEmpty()) {
            sb.append("**Missing cases** (not run, still running or half written): ").append(ranges(missing))
                    .append(". Run them with `ttfp sweep run DIR --case K` and merge again.\n\n");
        }
        if (!failed.isEmpty()) {
            sb.append("**Failed cases**:\n\n");
            for (SweepMerge.Failure f : failed) {
                sb.append("- ").append(f.message()).append('\n');
            }
            sb.append('\n');
        }
        sb.append(PaperSummary.table(finished));
        sb.append("## Cases\n\n| case | axis values |\n|---|---|\n");
        for (CaseResult r : finished) {
            sb.append("| ").append(r.index()).append(" | ").append(m.get(r.index()).label()).append(" |\n");
        }
        sb.append("\n## Results\n\n").append(VerifyReport.table(SweepMerge.results(finished))).append('\n');
        sb.append(VerifyReport.figuresSection(figures));
        return sb.toString();
    }

    /** 0-3, 7, 9-10 */
    static String ranges(List<Integer> ks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ks.size();) {
            int j = i;
            while (j + 1 < ks.size() && ks.get(j + 1) == ks.get(j) + 1) {
                j++;
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(ks.get(i)).append(j > i ? "-" + ks.get(j) : "");
            i = j + 1;
        }
        return sb.toString();
    }
}
