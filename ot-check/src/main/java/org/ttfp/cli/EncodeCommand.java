package org.ttfp.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttfp.ot.report.RunOutput;
import org.ttfp.ot.report.VerifyReport;
import org.ttfp.ot.verify.Presets;
import org.ttfp.ot.verify.ProblemFile;
import org.ttfp.ot.verify.Scenario;
import org.ttfp.ot.verify.VerificationRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ttfp encode}: solve, draw scenario.samples and write the scenario.samples with their encoder images. */
@Command(name = "encode", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Solves Fokker-Planck for one scenario (the first of a preset, or a problem file), draws samples "
                + "of p_t0 and maps them to T with the probability-flow ODE driven by the solved density's score; "
                + "writes encoded.csv (x_1..x_d, e_1..e_d per sample) and encode.json.")
public final class EncodeCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "gaussian", description = "Preset whose first scenario is encoded (default ${DEFAULT-VALUE}).")
    String preset;








    @Mixin
    ScenarioOptions scenario;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        scenario.validate();
        Scenario sc = scenario.problemFile != null ? ProblemFile.read(scenario.problemFile)
                : Presets.build(preset, new Presets.Options(scenario.dims, scenario.sde, 0, 0, 0, null, scenario.startTimes,
                        1, common.seed)).get(0);
        VerificationRunner.Settings settings = new VerificationRunner.Settings(scenario.samples, 0, 1e-4,
                scenario.tolerance, 0.75, scenario.densityFloor, common.seed, common.backend());
        String runName = "encode-" + sc.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try (RunOutput out = RunOutput.open(common.out(), runName); CliProgress progress = new CliProgress(System.err,
                !common.noProgress)) {
            TtfpCommand.ACTIVE.set(out);
            long start = System.nanoTime();
            VerificationRunner.Outcome o = VerificationRunner.encodeOnly(sc, settings, progress, TtfpCommand.CANCELLED::get);
            double seconds = (System.nanoTime() - start) / 1e9;
            int d = sc.dim();
            StringBuilder csv = new StringBuilder();
            for (int k = 0; k < d; k++) {
                csv.append(k == 0 ? "" : ",").append("x").append(k + 1);
            }
            for (int k = 0; k < d; k++) {
                csv.append(",e").append(k + 1);
            }
            csv.append('\n');
            int n = o.start().length / d;
            for (int s = 0; s < n; s++) {
                for (int k = 0; k < d; k++) {
                    csv.append(k == 0 ? "" : ",").append(o.start()[s * d + k]);
                }
                for (int k = 0; k < d; k++) {
                    csv.append(',').append(o.encoded()[s * d + k]);
                }
                csv.append('\n');
            }
            out.writeText("encoded.csv", csv.toString());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("tool", "ttfp encode");
            json.put("versions", VerifyReport.versions());
            json.put("scenario", sc.name());
            json.put("sde", sc.sdeName());
            json.put("dim", d);
            json.put("startTime", sc.startTime());
            json.put("horizon", sc.horizon());
            json.put("samples", n);
            json.put("integratorTolerance", scenario.tolerance);
            json.put("seed", common.seed);
            json.put("seconds", seconds);
            out.writeJson("encode.json", json);
            Path done = out.commit();
            TtfpCommand.ACTIVE.set(null);
            System.out.printf(Locale.ROOT, "ttfp encode: %d samples of %s in %.1f s; files in %s%n", n, sc.name(), seconds, done);
            return ExitCodes.OK;
        } finally {
            TtfpCommand.ACTIVE.set(null);
        }
    }
}
