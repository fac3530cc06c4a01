package io.myblog.cli;

import io.myblog.cli.deploy.Cluster;
import io.myblog.cli.deploy.Console;
import io.myblog.cli.deploy.DeployFailure;
import io.myblog.cli.deploy.Deployer;
import io.myblog.cli.deploy.Differ;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show what deploy would change in the live cluster, object by object (server-side dry-run "
                + "apply); exit 1 when something would change. Secret values are never shown.")
public class DiffCommand extends ClusterCommand {

    @Mixin
    StackOptions stack;

    public DiffCommand(ClusterAccess access) {
        super(access);
    }

    @Override
    void run(Cluster cluster, Console console, Clock clock, Instant started) {
        var deployer = new Deployer(cluster, console, this.cluster.pollInterval(), clock);
        // dryRun: a missing Secret is reported as "would be created", not refused as deploy refuses it; example
        // values are shown, not refused: diff changes nothing
        var objects = deployer.plan(new Deployer.Request(stack.manifests(), stack.secretEnvFile(), stack.image(),
                Duration.ZERO, started, true, false, true, stack.choices(), false,
                Integer.MAX_VALUE)); // diff shows what would change; the budget is deploy's to refuse
        var diffs = new Differ(cluster).diff(objects);
        for (var diff : diffs) {
            console.line(diff.object() + (diff.created() ? " would be created"
                    : diff.changes() ? " would be configured" : " unchanged"));
            diff.fields().forEach(field -> console.line("  " + field));
        }
        long changing = diffs.stream().filter(Differ.ObjectDiff::changes).count();
        if (changing > 0) {
            throw new DeployFailure(DeployFailure.ROLLOUT_FAILED, "diff: " + changing + " of " + diffs.size()
                    + " objects would change");
        }
        console.line("diff: no changes");
    }
}
