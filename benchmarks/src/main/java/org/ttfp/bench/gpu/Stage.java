package org.ttfp.bench.gpu;

import org.ttfp.linalg.Backend;

/** One stage of a {@link GpuParityCheck} run, with the run's backends, size mode and report. */
abstract class Stage {
    final GpuParityCheck owner;
    final Backend dev;
    final Backend cpu;
    final boolean quick;
    final ParityReport report;

    Stage(GpuParityCheck owner) {
        this.owner = owner;
        this.dev = owner.dev();
        this.cpu = owner.cpu();
        this.quick = owner.quick();
        this.report = owner.report();
    }

    /** Runs every step of the stage, each guarded by {@link GpuParityCheck#guard}. */
    abstract void run();
}
