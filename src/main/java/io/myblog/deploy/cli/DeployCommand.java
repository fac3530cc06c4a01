package io.myblog.deploy.cli;

import io.myblog.deploy.Cluster;
import io.myblog.deploy.Console;
import io.myblog.deploy.DeployPlan;
import io.myblog.deploy.Deployer;
import io.myblog.deploy.DesiredState;
import io.myblog.deploy.manifest.StackChoices;
import io.myblog.deploy.manifest.StackShape;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Apply the whole stack in order (namespace, config, secret, MySQL, RBAC, app), follow the "
                + "rollout, diagnose and roll back on failure.")
public class DeployCommand extends ClusterCommand {

    @Option(names = "--manifests", description = "manifests to apply (default: target/kubernetes/kubernetes.yml, "
            + "in the image /deployments/kubernetes.yml)")
    Path manifests;

    @Option(names = "--secret-env-file", description = "KEY=value file for Secret myblog; its values are never printed")
    Path secretEnvFile;

    @Option(names = "--image", description = "image of the myblog container (default: the manifests')")
    String image;

    @Option(names = "--timeout", defaultValue = "5m", converter = ClusterOptions.DurationConverter.class,
            description = "how long the whole deploy may take (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--dry-run", description = "print what would be applied as YAML on stdout (for kubectl diff -f -), "
            + "Secret values redacted, messages on stderr; change nothing. With --secret-env-file it needs no cluster.")
    boolean dryRun;

    @Option(names = "--allow-example-values", description = "deploy values copied from deploy/secret.env.example "
            + "(change-me) anyway")
    boolean allowExampleValues;

    @Option(names = "--no-rollback", description = "leave a failed rollout in place instead of rolling back")
    boolean noRollback;

    @Option(names = "--ingress-host", description = "host the Ingress routes (default: the manifests')")
    String ingressHost;

    @Option(names = "--ingress-class", description = "ingressClassName of the Ingress (default: the manifests')")
    String ingressClass;

    @Option(names = "--tls-secret", description = "Secret holding the TLS certificate; turns on HTTPS and the "
            + "HTTP to HTTPS redirect")
    String tlsSecret;

    @Option(names = "--mysql-storage-class", description = "StorageClass of MySQL's claim (default: the manifests', "
            + "else the cluster's default class)")
    String mysqlStorageClass;

    @Option(names = "--mysql-host-path", description = "keep MySQL's data in this directory of the node labelled "
            + StackChoices.COURSE_NODE_LABEL + " instead of a claim (the course: /opt/mysql/data)")
    String mysqlHostPath;

    public DeployCommand(ClusterAccess access) {
        super(access);
    }

    @Override
    void run(Cluster cluster, Console console, Clock clock, Instant started) {
        new Deployer(cluster, console, this.cluster.pollInterval(), clock).deploy(request(started));
    }

    @Override
    boolean needsCluster() {
        return !(dryRun && secretEnvFile != null);
    }

    @Override
    void runWithoutCluster(Console console, Instant started) {
        console.error("dry run from local files only: no cluster contacted (namespace " + cluster.namespace() + ")");
        var plan = DeployPlan.make(request(started), cluster.namespace(), console, DeployPlan.OFFLINE);
        Deployer.printDryRun(plan, console, cluster.namespace());
    }

    @Override
    boolean machineReadableOutput() {
        return dryRun;
    }

    private Deployer.Request request(Instant started) {
        return new Deployer.Request(Optional.ofNullable(manifests), Optional.ofNullable(secretEnvFile),
                Optional.ofNullable(image), timeout, started, dryRun, !noRollback, allowExampleValues, choices());
    }

    private DesiredState.Choices choices() {
        var ingress = new StackShape.IngressAim(Optional.ofNullable(ingressHost), Optional.ofNullable(ingressClass),
                Optional.ofNullable(tlsSecret), Optional.empty());
        var hostPath = Optional.ofNullable(mysqlHostPath);
        var storage = new StackShape.MysqlStorage(Optional.ofNullable(mysqlStorageClass), Optional.empty(), hostPath,
                hostPath.isPresent() ? StackShape.labels(StackChoices.COURSE_NODE_LABEL) : java.util.Map.of());
        return new DesiredState.Choices(ingress, storage);
    }
}
