package io.myblog.cli;

import io.myblog.cli.deploy.Cluster;
import io.myblog.cli.deploy.Console;
import io.myblog.cli.deploy.PodLogs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print the logs of all myblog pods, each line prefixed with its pod; with -f, follow them, "
                + "pods that start during a rollout included, until no pod is left or Ctrl-C.")
public class LogsCommand extends ClusterCommand {

    @Option(names = {"-f", "--follow"}, description = "keep streaming, and pick up pods as they start")
    boolean follow;

    @Option(names = "--since", converter = ClusterOptions.DurationConverter.class,
            description = "only lines newer than this, e.g. 10m, 30s")
    Duration since;

    @Option(names = "--tail", description = "only the last N lines of each pod")
    Integer tail;

    @Option(names = {"-p", "--previous"}, description = "the log of the previous (crashed) instance of each container")
    boolean previous;

    public LogsCommand(ClusterAccess access) {
        super(access);
    }

    /** The pods' lines are data for grep and log tools: which cluster this is goes to stderr. */
    @Override
    boolean machineReadableOutput() {
        return true;
    }

    @Override
    void run(Cluster cluster, Console console, Clock clock, Instant started) {
        new PodLogs(cluster, console, this.cluster.pollInterval())
                .show(new PodLogs.Request(follow, Optional.ofNullable(since), Optional.ofNullable(tail), previous));
    }
}
