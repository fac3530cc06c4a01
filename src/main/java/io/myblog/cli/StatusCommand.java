package io.myblog.cli;

import io.myblog.cli.deploy.Cluster;
import io.myblog.cli.deploy.Console;
import io.myblog.cli.deploy.StatusReport;
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
