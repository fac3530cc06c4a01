package io.myblog.deploy.cli;

import io.myblog.deploy.Cluster;
import io.myblog.deploy.Console;
import io.myblog.deploy.StatusReport;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the app and MySQL pods, the rollout, endpoints, ingress host and recent warnings.")
public class StatusCommand extends ClusterCommand {

    @Mixin
    OutputFormat output;

    public StatusCommand(ClusterAccess access) {
        super(access);
    }

    @Override
    boolean machineReadableOutput() {
        return output.json();
    }

    @Override
    void run(Cluster cluster, Console console, Clock clock, Instant started) {
        var report = new StatusReport(cluster, clock);
        if (output.json()) {
            console.line(report.json());
        } else {
            report.text().forEach(console::line);
        }
    }
}
