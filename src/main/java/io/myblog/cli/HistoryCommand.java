package io.myblog.cli;

import io.myblog.cli.deploy.Cluster;
import io.myblog.cli.deploy.Console;
import io.myblog.cli.deploy.History;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List the revisions of Deployment myblog, newest first: time, image, config hash and cause "
                + "(deploy, restart, config change, rollback); then, apart, those of Deployment myblog-controller.")
public class HistoryCommand extends ClusterCommand {

    @Mixin
    OutputFormat output;

    public HistoryCommand(ClusterAccess access) {
        super(access);
    }

    @Override
    boolean machineReadableOutput() {
        return output.json();
    }

    @Override
    void run(Cluster cluster, Console console, Clock clock, Instant started) {
        var report = new History(cluster).report();
        if (output.json()) {
            console.line(History.json(report));
        } else {
            History.text(report).forEach(console::line);
        }
    }
}
