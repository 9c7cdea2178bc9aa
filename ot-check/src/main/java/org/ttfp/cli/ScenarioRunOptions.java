package org.ttfp.cli;

import java.nio.file.Path;
import java.util.List;
import org.ttfp.ot.verify.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * The options of the commands that run scenarios ({@code verify}, {@code encode}), as one picocli
 * mixin: the preset parameters ({@link PresetOptions}), the choice and sampling of the scenarios
 * ({@link ScenarioOptions}) and the options every command shares ({@link CommonOptions}), with the
 * checks they make together.
 */
public final class ScenarioRunOptions {
    @Mixin
    PresetOptions presets;

    @Mixin
    ScenarioOptions scenario;

    @Mixin
    CommonOptions common;

    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec command;

    /** The parsed command line of the command these options belong to. */
    CommandLine.ParseResult parsed() {
        return command.commandLine().getParseResult();
    }

    /** The output folder (an empty {@code --out} is refused), then the checks of {@link ScenarioOptions#validate}. */
    Path validatedOut() {
        Path out = common.out();
        scenario.validate();
        return out;
    }

    /** The scenarios of {@code preset}, or of the problem file (see {@link PresetOptions#scenarios}). */
    List<Scenario> scenarios(String preset) {
        return presets.scenarios(preset, scenario, common.seed, parsed());
    }
}
