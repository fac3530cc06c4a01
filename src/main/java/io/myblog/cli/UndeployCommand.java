package io.myblog.cli;

import io.myblog.cli.deploy.Cluster;
import io.myblog.cli.deploy.Console;
import io.myblog.cli.deploy.Undeployer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "undeploy", mixinStandardHelpOptions = true,
        description = "Remove the app and MySQL objects; MySQL's volume claim and the Secret stay unless --purge-data.")
public class UndeployCommand extends ClusterCommand {

    @Option(names = "--manifests", description = "manifests that were deployed (default: as for deploy)")
    Path manifests;

    @Option(names = "--purge-data", description = "also delete MySQL's PersistentVolumeClaims and Secret myblog")
    boolean purgeData;

    public UndeployCommand(ClusterAccess access) {
        super(access);
    }

    @Override
    void run(Cluster cluster, Console console, Clock clock, Instant started) {
        new Undeployer(cluster, console).undeploy(Optional.ofNullable(manifests), purgeData);
    }
}
