package org.ttfp.ot.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.ttfp.ot.verify.ScenarioResult;

/**
 * The result of one case, {@code DIR/cases/K/result/result.json}.
 *
 * @param index    K
 * @param values   the case's axis values
 * @param settings its run settings
 * @param result   the verification's figures
 * @param run      where and how long it ran (host, seconds, date: the parts that differ between runs)
 */
public record CaseResult(int index, Map<String, JsonNode> values, CaseSettings settings, ScenarioResult result,
        RunInfo run) {

    /**
     * Where and how long a case ran.
     *
     * @param host    host name
     * @param seconds wall time of the case
     * @param date    when it finished (ISO-8601, UTC)
     * @param backend the dense backend
     */
    public record RunInfo(String host, double seconds, String date, String backend) {}
}
