package io.myblog.cli;

import io.myblog.cli.deploy.Cluster;
import io.myblog.cli.deploy.Console;
import io.myblog.cli.deploy.DeployPlan;
import io.myblog.cli.deploy.Deployer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Apply the whole stack in order (namespace, config, secret, MySQL, RBAC, app), follow the "
                + "rollout, diagnose and roll back on failure.")
public class DeployCommand extends ClusterCommand {

    @Mixin
    StackOptions stack;

    @Option(names = "--timeout", defaultValue = "5m", converter = ClusterOptions.DurationConverter.class,
            description = "how long the whole deploy may take (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--dry-run", description = "print what would be applied as YAML on stdout (for kubectl diff -f -), "
            + "Secret values redacted, messages on stderr; change nothing. With --secret-env-file it needs no cluster.")
    boolean dryRun;

    @Option(names = "--allow-example-values", description = "deploy values copied from deploy/secret.env.example "
            + "(change-me) anyway")
    boolean allowExampleValues;

    @Option(names = "--rotate-token-key", description = "give Secret myblog a new MYBLOG_TOKEN_KEY; tokens signed "
            + "with the old one stay valid for one token lifetime (MYBLOG_TOKEN_KEY_PREVIOUS)")
    boolean rotateTokenKey;

    @Option(names = "--mysql-max-connections", defaultValue = "151", description = "MySQL's max_connections, which "
            + "the app's pods together must stay within (default: ${DEFAULT-VALUE}, MySQL's own default)")
    int mysqlMaxConnections;

    @Option(names = "--no-rollback", description = "leave a failed rollout in place instead of rolling back")
    boolean noRollback;

    public DeployCommand(ClusterAccess access) {
        super(access);
    }

    @Override
    void run(Cluster cluster, Console console, Clock clock, Instant started) {
        new Deployer(cluster, console, this.cluster.pollInterval(), clock).deploy(request(started));
    }

    @Override
    boolean needsCluster() {
        return !(dryRun && stack.secretEnvFile().isPresent());
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
        return new Deployer.Request(stack.manifests(), stack.secretEnvFile(), stack.image(), timeout, started, dryRun,
                !noRollback, allowExampleValues, stack.choices(), rotateTokenKey, mysqlMaxConnections);
    }
}
