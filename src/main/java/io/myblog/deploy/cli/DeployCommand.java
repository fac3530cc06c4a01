package io.myblog.deploy.cli;

import io.myblog.deploy.Cluster;
import io.myblog.deploy.Console;
import io.myblog.deploy.Deployer;
import java.time.Clock;
import java.time.Duration;
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

    @Option(names = "--dry-run", description = "print what would be applied, Secret values redacted; change nothing")
    boolean dryRun;

    @Option(names = "--no-rollback", description = "leave a failed rollout in place instead of rolling back")
    boolean noRollback;

    public DeployCommand(ClusterAccess access) {
        super(access);
    }

    @Override
    void run(Cluster cluster, Console console, Clock clock) {
        new Deployer(cluster, console, this.cluster.pollInterval(), clock).deploy(new Deployer.Request(
                stack.manifests(), stack.secretEnvFile(), stack.image(), timeout, dryRun, !noRollback,
                stack.choices()));
    }
}
