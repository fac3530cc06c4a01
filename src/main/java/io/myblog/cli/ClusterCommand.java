package io.myblog.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.myblog.cli.deploy.Cluster;
import io.myblog.cli.deploy.Console;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that acts on one cluster and namespace, writes through the masking console, and exits. Its first line
 * names the context, the API server and the namespace, so nobody acts on the wrong cluster unawares.
 */
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
        var clock = Clock.systemUTC();
        var started = clock.instant();
        var console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
        if (!needsCluster()) {
            runWithoutCluster(console, started);
            return 0;
        }
        try (var client = access.connect(cluster)) {
            var where = target(client, cluster.namespace());
            if (machineReadableOutput()) {
                console.error(where);
            } else {
                console.line(where);
            }
            run(new Cluster(client, cluster.namespace()), console, clock, started);
        }
        return 0;
    }

    /** "context kind-dev, API server https://127.0.0.1:6443/, namespace jds". */
    static String target(KubernetesClient client, String namespace) {
        var context = client.getConfiguration().getCurrentContext();
        return "context " + (context == null ? "(none: in-cluster or explicit configuration)" : context.getName())
                + ", API server " + client.getMasterUrl() + ", namespace " + namespace;
    }

    /** False when this invocation can do its work from local files alone (a dry run with an env file). */
    boolean needsCluster() {
        return true;
    }

    void runWithoutCluster(Console console, Instant started) {
        throw new UnsupportedOperationException(spec.name() + " needs a cluster");
    }

    /** True when stdout is for a program (YAML, JSON): then messages, the first line included, go to stderr. */
    boolean machineReadableOutput() {
        return false;
    }

    /**
     * Does the work; failures are {@link io.myblog.cli.deploy.DeployFailure}s carrying their exit code.
     *
     * @param started when the command started: a {@code --timeout} bounds the whole command from here
     */
    abstract void run(Cluster cluster, Console console, Clock clock, Instant started);
}
