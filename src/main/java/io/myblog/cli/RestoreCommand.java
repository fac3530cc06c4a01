package io.myblog.cli;

import io.myblog.cli.deploy.Cluster;
import io.myblog.cli.deploy.Console;
import io.myblog.cli.deploy.Restorer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Load one of the bundled MySQL's backups (taken by deploy before each migration) into the "
                + "database: the app's pods stop for it and start again after.")
public class RestoreCommand extends ClusterCommand {

    @Parameters(paramLabel = "BACKUP", description = "the backup's name as deploy printed it, e.g. "
            + "myblog-20261208T021500.384Z-schema-5.sql")
    String backup;

    @Option(names = "--timeout", defaultValue = "10m", converter = ClusterOptions.DurationConverter.class,
            description = "how long stopping the pods, the load and the new rollout may take (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--force", description = "restore even when the running revision's code was written for another "
            + "schema version than the backup's")
    boolean force;

    public RestoreCommand(ClusterAccess access) {
        super(access);
    }

    @Override
    void run(Cluster cluster, Console console, Clock clock, Instant started) {
        new Restorer(cluster, console, this.cluster.pollInterval(), clock).restore(backup, force, started, timeout);
    }
}
