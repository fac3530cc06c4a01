package io.myblog.cli;

import io.myblog.cli.deploy.Cluster;
import io.myblog.cli.deploy.Console;
import io.myblog.cli.deploy.Rollback;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Return Deployment myblog to the previous (or a given) revision and follow the rollout.")
public class RollbackCommand extends ClusterCommand {

    @Option(names = "--to-revision", description = "revision to return to (default: the one before the current)")
    Long revision;

    @Option(names = "--timeout", defaultValue = "5m", converter = ClusterOptions.DurationConverter.class,
            description = "how long the rollout may take (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--force", description = "roll back even across a schema migration not marked compatible with "
            + "older code (db/migrations.txt)")
    boolean force;

    public RollbackCommand(ClusterAccess access) {
        super(access);
    }

    @Override
    void run(Cluster cluster, Console console, Clock clock, Instant started) {
        new Rollback(cluster, console, this.cluster.pollInterval(), clock).rollback(Optional.ofNullable(revision),
                started.plus(timeout), timeout, force);
    }
}
