package org.ttfp.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.ttfp.ot.verify.VerificationRunner;

/** Prints stages to stderr and draws a progress bar over the solver's steps. */
final class CliProgress implements VerificationRunner.Progress, AutoCloseable {
    private final PrintStream err;
    private final boolean bars;
    private ProgressBar bar;
    private String scenario = "";

    CliProgress(PrintStream err, boolean bars) {
        this.err = err;
        this.bars = bars;
    }

    @Override
    public void stage(String name, String stage) {
        closeBar();
        scenario = name;
        err.println("[" + name + "] " + stage);
    }

    @Override
    public void solveStep(int step, int totalSteps) {
        if (!bars) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(scenario.length() > 24 ? scenario.substring(0, 24) : scenario)
                    .setInitialMax(totalSteps).setStyle(ProgressBarStyle.ASCII).setConsumer(
                            new me.tongfei.progressbar.ConsoleProgressBarConsumer(err)).build();
        }
        bar.stepTo(step);
        if (step >= totalSteps) {
            closeBar();
        }
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void close() {
        closeBar();
    }
}
