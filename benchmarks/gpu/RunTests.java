import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * RunTests CLASS...: runs the named JUnit 5 test classes without Maven (the GPU machine has no Maven)
 * and prints one line per test (PASS, FAIL with the message, SKIP with the reason) and a summary.
 * Exit status 0 when nothing failed, 1 otherwise. Compiled into the kit by benchmarks/gpu/prepare.sh.
 */
public final class RunTests {
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: RunTests CLASS...");
            System.exit(2);
        }
        List<ClassSelector> selectors = new ArrayList<>();
        for (String c : args) {
            selectors.add(selectClass(c));
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener lines = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                System.out.println("SKIP " + id.getDisplayName() + ": " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                        System.out.println("FAIL (container) " + id.getDisplayName() + ": " + result.getThrowable().orElse(null));
                    }
                    return;
                }
                String msg = result.getThrowable().map(t -> t.getClass().getSimpleName() + ": " + t.getMessage()).orElse("");
                switch (result.getStatus()) {
                    case SUCCESSFUL -> System.out.println("PASS " + id.getDisplayName());
                    case ABORTED -> System.out.println("SKIP " + id.getDisplayName() + ": " + msg);
                    case FAILED -> System.out.println("FAIL " + id.getDisplayName() + ": " + msg);
                }
            }
        };
        launcher.execute(request, summary, lines);
        PrintWriter w = new PrintWriter(System.out, true);
        summary.getSummary().printTo(w);
        summary.getSummary().printFailuresTo(w, 30);
        long failed = summary.getSummary().getTotalFailureCount();
        System.exit(failed == 0 ? 0 : 1);
    }
}
