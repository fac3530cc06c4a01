package io.myblog.deploy.cli;

import io.myblog.deploy.Cluster;
import io.myblog.deploy.Console;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand that acts on one cluster and namespace, writes through the masking console, and exits. */
abstract class ClusterCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    private final ClusterAccess access;

    ClusterCommand(ClusterAccess access) {
        this.access = access;
    }

    @Override
    public Integer call() {
        var console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
        try (var client = access.connect(cluster)) {
            run(new Cluster(client, cluster.namespace()), console, Clock.systemUTC());
        }
        return 0;
    }

    /** Does the work; failures are {@link io.myblog.deploy.DeployFailure}s carrying their exit code. */
    abstract void run(Cluster cluster, Console console, Clock clock);
}
