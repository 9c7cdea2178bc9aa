package org.ttfp.ot.sweep;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The Slurm scripts of a sweep, in {@code DIR/slurm/}:
 * <ul>
 *   <li>{@code array.sbatch}: a job array {@code #SBATCH --array=0-(K−1)}, task i runs
 *       {@code ttfp sweep run DIR --case $SLURM_ARRAY_TASK_ID};</li>
 *   <li>{@code merge.sbatch}: {@code ttfp sweep merge DIR};</li>
 *   <li>{@code submit.sh}: submits the array with {@code sbatch --parsable}, then the merge with
 *       {@code --dependency=afterok:ID} (it runs when every task succeeded; after a failure, run
 *       {@code ttfp sweep merge DIR} by hand: it lists the failed cases).</li>
 * </ul>
 * The command that runs ttfp is {@code JAVA [JAVA_OPTS] -cp CLASSPATH org.ttfp.cli.TtfpCommand}:
 * by default the Java and class path of the planning JVM (for the {@code ttfp} launcher: its jar),
 * so that the nodes must see the same paths (a shared file system, as on every cluster).
 */
public final class SlurmScripts {
    private SlurmScripts() {}

    /**
     * How the batch scripts start ttfp and what they ask Slurm for.
     *
     * @param java      the java binary (absolute)
     * @param javaOpts  JVM options, e.g. {@code -Xmx4g}
     * @param classpath the class path (absolute entries)
     * @param cpus      {@code --cpus-per-task}
     * @param memMb     {@code --mem} in MiB (0: not given)
     * @param time      {@code --time} (empty: not given)
     * @param partition {@code --partition} (empty: the default)
     */
    public record Options(String java, String javaOpts, String classpath, int cpus, int memMb, String time,
            String partition) {
        public Options {
            if (java == null || java.isBlank()) {
                throw new IllegalArgumentException("--java is empty: expected the java binary of the nodes");
            }
            if (classpath == null || classpath.isBlank()) {
                throw new IllegalArgumentException("--classpath is empty: expected the class path of ttfp");
            }
            if (cpus < 1 || cpus > 1024) {
                throw new IllegalArgumentException("--cpus-per-task = " + cpus + ": expected 1 to 1024");
            }
            if (memMb < 0) {
                throw new IllegalArgumentException("--mem-mb = " + memMb + ": expected >= 0");
            }
            for (String[] f : new String[][] {{"--java", java}, {"--java-opts", javaOpts}, {"--classpath", classpath},
                {"--time", time}, {"--partition", partition}}) {
                if (f[1] != null && (f[1].contains("'") || f[1].contains("\n"))) {
                    throw new IllegalArgumentException(f[0] + " = " + f[1] + ": expected no quote or newline");
                }
            }
        }

        /** The Java and class path of this JVM ({@code java.home}, {@code java.class.path} made absolute). */
        public static Options ofThisJvm(String javaOpts, int cpus, int memMb, String time, String partition) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            StringBuilder cp = new StringBuilder();
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!e.isEmpty()) {
                    cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(Path.of(e).toAbsolutePath());
                }
            }
            return new Options(java, javaOpts, cp.toString(), cpus, memMb, time, partition);
        }
    }

    /** Writes the three scripts into {@code dir/slurm} and returns their paths (array, merge, submit). */
    public static List<Path> write(Path dir, Manifest m, Options o) {
        Path abs = dir.toAbsolutePath().normalize();
        Path s = abs.resolve("slurm");
        String run = "'" + o.java() + "' " + (o.javaOpts() == null ? "" : o.javaOpts() + " ") + "-cp '" + o.classpath()
                + "' org.ttfp.cli.TtfpCommand";
        String header = "#SBATCH --cpus-per-task=" + o.cpus() + "\n"
                + (o.memMb() > 0 ? "#SBATCH --mem=" + o.memMb() + "M\n" : "")
                + (o.time() != null && !o.time().isBlank() ? "#SBATCH --time=" + o.time() + "\n" : "")
                + (o.partition() != null && !o.partition().isBlank() ? "#SBATCH --partition=" + o.partition() + "\n" : "");
        String array = "#!/bin/bash\n"
                + "#SBATCH --job-name=ttfp-" + m.name() + "\n"
                + "#SBATCH --array=0-" + (m.caseCount() - 1) + "\n"
                + "#SBATCH --output=" + s.resolve("logs") + "/case-%a.out\n" + header
                + "# one case of the sweep per array task (ttfp sweep plan --slurm wrote this file)\n"
                + "set -euo pipefail\n"
                + "export OPENBLAS_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}\n"
                + "exec " + run + " sweep run '" + abs + "' --case \"$SLURM_ARRAY_TASK_ID\" --no-progress\n";
        String merge = "#!/bin/bash\n"
                + "#SBATCH --job-name=ttfp-" + m.name() + "-merge\n"
                + "#SBATCH --output=" + s.resolve("logs") + "/merge.out\n" + "#SBATCH --cpus-per-task=1\n"
                + (o.time() != null && !o.time().isBlank() ? "#SBATCH --time=" + o.time() + "\n" : "")
                + (o.partition() != null && !o.partition().isBlank() ? "#SBATCH --partition=" + o.partition() + "\n" : "")
                + "# gathers the finished cases into merged/ (ttfp sweep plan --slurm wrote this file)\n"
                + "set -euo pipefail\n"
                + "exec " + run + " sweep merge '" + abs + "'\n";
        String submit = "#!/bin/bash\n"
                + "# submits the sweep's job array, then the merge as a job that runs when every case succeeded\n"
                + "set -euo pipefail\n"
                + "here=$(cd \"$(dirname \"$0\")\" && pwd)\n"
                + "array=$(sbatch --parsable \"$here/array.sbatch\")\n"
                + "array=${array%%;*}\n"
                + "merge=$(sbatch --parsable --dependency=afterok:\"$array\" \"$here/merge.sbatch\")\n"
                + "merge=${merge%%;*}\n"
                + "echo \"array job $array (" + m.caseCount() + " cases), merge job $merge\"\n"
                + "echo \"$array $merge\" > \"$here/jobs\"\n";
        try {
            Files.createDirectories(s.resolve("logs"));
            Path a = s.resolve("array.sbatch"), g = s.resolve("merge.sbatch"), t = s.resolve("submit.sh");
            Files.writeString(a, array);
            Files.writeString(g, merge);
            Files.writeString(t, submit);
            for (Path p : List.of(a, g, t)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return List.of(a, g, t);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Slurm scripts into " + s + ": " + e, e);
        }
    }
}
