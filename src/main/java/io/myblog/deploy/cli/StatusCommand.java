package io.myblog.deploy.cli;

import io.myblog.deploy.Cluster;
import io.myblog.deploy.Console;
import io.myblog.deploy.StatusReport;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the app and MySQL pods, the rollout, endpoints, ingress host and recent warnings.")
public class StatusCommand extends ClusterCommand {

    enum Format { text, json }

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    public StatusCommand(ClusterAccess access) {
        super(access);
    }

    @Override
    boolean machineReadableOutput() {
        return format == Format.json;
    }

    @Override
    void run(Cluster cluster, Console console, Clock clock, Instant started) {
        var report = new StatusReport(cluster, clock);
        if (format == Format.json) {
            console.line(report.json());
        } else {
            report.text().forEach(console::line);
        }
    }
}
