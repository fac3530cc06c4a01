package io.myblog.cli;

import io.myblog.cli.deploy.Cluster;
import io.myblog.cli.deploy.Console;
import io.myblog.cli.deploy.Restart;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Restart the myblog pods with a rolling update onto today's ConfigMap and Secret myblog, and follow it.")
public class RestartCommand extends ClusterCommand {

    @Option(names = "--timeout", defaultValue = "5m", converter = ClusterOptions.DurationConverter.class,
            description = "how long the rollout may take (default: ${DEFAULT-VALUE})")
    Duration timeout;

    public RestartCommand(ClusterAccess access) {
        super(access);
    }

    @Override
    void run(Cluster cluster, Console console, Clock clock, Instant started) {
        new Restart(cluster, console, this.cluster.pollInterval(), clock).restart(started.plus(timeout), timeout);
    }
}
