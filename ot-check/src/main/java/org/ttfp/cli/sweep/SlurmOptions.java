package org.ttfp.cli.sweep;

import org.ttfp.cli.UsageException;
import org.ttfp.ot.sweep.SlurmScripts;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The settings of the Slurm tasks of {@code ttfp sweep plan --slurm} (a picocli mixin). */
final class SlurmOptions {
    @Option(names = "--java", paramLabel = "JAVA", description = "java binary of the Slurm tasks (default: this JVM's).")
    String java;

    @Option(names = "--classpath", paramLabel = "CP", description = "class path of the Slurm tasks (default: this JVM's).")
    String classpath;

    @Option(names = "--java-opts", paramLabel = "OPTS", defaultValue = "-Xmx4g",
            description = "JVM options of the Slurm tasks (default ${DEFAULT-VALUE}).")
    String javaOpts;

    @Option(names = "--cpus-per-task", defaultValue = "2", description = "Slurm --cpus-per-task (default ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = "--mem-mb", defaultValue = "6000", description = "Slurm --mem in MiB (0: not set; default ${DEFAULT-VALUE}).")
    int memMb;

    @Option(names = "--time", defaultValue = "", description = "Slurm --time of each task, e.g. 01:00:00.")
    String time;

    @Option(names = "--partition", defaultValue = "", description = "Slurm partition (default: the cluster's).")
    String partition;

    /** These options themselves (picocli's model of this mixin). */
    @Spec
    CommandSpec self;

    /** The command they belong to. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Refuses the first of these options that was given, for a plan without {@code --slurm}. */
    void refuseWithoutSlurm() {
        for (OptionSpec o : self.options()) {
            if (command.commandLine().getParseResult().hasMatchedOption(o.longestName())) {
                throw new UsageException(o.longestName() + " is a Slurm option: expected it only with --slurm");
            }
        }
    }

    /** The task settings; the java binary and class path default to this JVM's. */
    SlurmScripts.Options options() {
        SlurmScripts.Options jvm = SlurmScripts.Options.ofThisJvm(javaOpts, cpus, memMb, time, partition);
        return new SlurmScripts.Options(java != null ? java : jvm.java(), javaOpts,
                classpath != null ? classpath : jvm.classpath(), cpus, memMb, time, partition);
    }
}
