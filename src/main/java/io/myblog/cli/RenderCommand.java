package io.myblog.cli;

import io.myblog.cli.deploy.Cluster;
import io.myblog.cli.deploy.Console;
import io.myblog.cli.deploy.DeployPlan;
import io.myblog.cli.deploy.Deployer;
import io.myblog.cli.deploy.BackupJob;
import io.myblog.cli.deploy.Renderer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Write what deploy would apply as a kustomize directory (kubectl apply -k, Argo CD, Flux), from "
                + "local files only. Secrets are left out, never written: kustomization.yaml names them.")
public class RenderCommand extends ClusterCommand {

    @Mixin
    StackOptions stack;

    @Option(names = "--mysql-max-connections", defaultValue = "151", description = "MySQL's max_connections, as for "
            + "deploy: a stack whose pods could exceed it is refused (default: ${DEFAULT-VALUE})")
    int mysqlMaxConnections;

    @Option(names = "--out", required = true, description = "the directory to write (absent, empty, or an earlier "
            + "render, which is replaced)")
    Path out;

    public RenderCommand(ClusterAccess access) {
        super(access);
    }

    @Override
    boolean needsCluster() {
        return false;
    }

    @Override
    void runWithoutCluster(Console console, Instant started) {
        // As deploy --dry-run plans offline: the same objects, the config hash over the env file's values
        var plan = DeployPlan.make(new Deployer.Request(stack.manifests(), stack.secretEnvFile(), stack.image(),
                Duration.ZERO, started, true, false, true, stack.choices(), false, mysqlMaxConnections),
                cluster.namespace(), console, DeployPlan.OFFLINE);
        // a backup is a deploy's step, named by its time: in a GitOps repository each render would differ (docs/deploy.md)
        var files = Renderer.files(plan.objects().stream().filter(o -> !BackupJob.isBackupJob(o)).toList());
        Renderer.write(out, files);
        console.line("rendered " + (files.size() - 1) + " objects for namespace " + cluster.namespace() + " to " + out
                + " (Secrets left out; kubectl apply -k " + out + ")");
    }

    @Override
    void run(Cluster cluster, Console console, Clock clock, Instant started) {
        throw new UnsupportedOperationException("render reads local files only");
    }
}
