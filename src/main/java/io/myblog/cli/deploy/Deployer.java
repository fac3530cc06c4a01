package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.myblog.cli.deploy.shape.ControllerNames;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The deploy path of the course, done by the application: apply in order, wait for MySQL, follow the app's rollout,
 * and when it cannot complete, say why and return to the previous revision, all within one {@code --timeout}.
 */
public final class Deployer {

    /** What {@code deploy} was asked to do; {@code started} is when the command began, which {@code timeout} counts from. */
    public record Request(Optional<Path> manifests, Optional<Path> secretEnvFile, Optional<String> image,
            Duration timeout, Instant started, boolean dryRun, boolean rollbackOnFailure, boolean allowExampleValues,
            DesiredState.Choices choices, boolean rotateTokenKey, int mysqlMaxConnections) {

        /** A rotation keeps the old key for one token lifetime after this deploy's pods can have restarted. */
        Optional<TokenKey.Rotation> rotation() {
            return rotateTokenKey ? Optional.of(new TokenKey.Rotation(
                    started.plus(timeout).plus(io.myblog.shared.TokenKeys.defaultLifetime()))) : Optional.empty();
        }
    }

    private final Cluster cluster;
    private final Console console;
    private final RolloutFollower follower;
    private final ConfigSnapshots snapshots;
    private final TokenKeySecret tokenKey;
    private final ApplyPass.Tools tools;
    private final Rollback rollback;

    public Deployer(Cluster cluster, Console console, Duration pollInterval, Clock clock) {
        this.cluster = cluster;
        this.console = console;
        var applier = new Applier(cluster);
        var causes = new RevisionCauses(cluster, clock);
        this.follower = new RolloutFollower(cluster, console, pollInterval, clock);
        this.snapshots = new ConfigSnapshots(cluster, console);
        this.tokenKey = new TokenKeySecret(cluster, console);
        this.tools = new ApplyPass.Tools(cluster, console, applier, snapshots,
                new MigrationRunner(cluster, console, new JobRun(cluster, console, applier, pollInterval, clock)), causes);
        this.rollback = new Rollback(cluster, console, follower, causes, snapshots);
    }

    /** The live objects a plan reads, through this cluster. */
    public DeployPlan.Live live() {
        return new DeployPlan.Live() {
            @Override
            public Optional<Secret> secret(String name) {
                return Optional.ofNullable(cluster.call("get", "secrets/" + name, () -> cluster.client().secrets()
                        .inNamespace(cluster.namespace()).withName(name).get()));
            }

            @Override
            public Optional<ConfigMap> configMap(String name) {
                return Optional.ofNullable(cluster.call("get", "configmaps/" + name, () -> cluster.client().configMaps()
                        .inNamespace(cluster.namespace()).withName(name).get()));
            }
        };
    }

    public void deploy(Request request) {
        var deadline = request.started().plus(request.timeout());
        if (request.secretEnvFile().isEmpty() && !request.dryRun()) {
            live().secret(DesiredState.APP).ifPresent(secret -> tokenKey.update(secret, request.rotation()));
        }
        var plan = DeployPlan.make(request, cluster.namespace(), console, live());
        if (request.dryRun()) {
            printDryRun(plan, console, cluster.namespace());
            return;
        }
        var before = cluster.deployment(DesiredState.APP);
        var controllerBefore = cluster.deployment(ControllerNames.NAME);
        // A first deploy sets the replicas; from then on a live or newly applied HPA owns them.
        var autoscaler = HorizontalScaling.autoscalerOf(cluster, DesiredState.APP, console)
                .or(() -> before.flatMap(live -> HorizontalScaling.desiredAutoscaler(plan.objects(), DesiredState.APP)));
        plan.notes().forEach(console::line);
        var hold = DeployInProgress.begin(cluster, before, deadline);
        var pass = new ApplyPass(tools, new ApplyPass.Start(before, controllerBefore, autoscaler, deadline,
                request.timeout()));
        try {
            DesiredState.Stage previous = null;
            for (var object : plan.objects()) {
                var stage = DesiredState.stage(object);
                if (previous == DesiredState.Stage.DATABASE && stage != DesiredState.Stage.DATABASE) {
                    waitForDatabase(plan.objects(), deadline, request.timeout());
                }
                ApplyStep.of(object).run(pass);
                previous = stage;
            }
            if (previous == DesiredState.Stage.DATABASE) {
                waitForDatabase(plan.objects(), deadline, request.timeout());
            }
        } finally {
            hold.end();
        }
        if (!pass.hasApp()) {
            console.line("deploy complete (the manifests hold no Deployment " + DesiredState.APP + ")");
            return;
        }
        // What follows a failed rollout (the diagnosis; the rollback and its rollout) happens within --timeout too.
        var reserve = Rollback.reserve(request.timeout(), request.rollbackOnFailure() && before.isPresent());
        var outcome = follower.followDeployment(DesiredState.APP, deadline.minus(reserve), request.timeout().minus(reserve));
        if (outcome.complete()) {
            followController(plan.objects(), deadline, request.timeout());
            snapshots.collectGarbage();
            console.line("deploy complete: " + outcome.summary());
            return;
        }
        throw rollback.afterFailedRollout("deploy failed: " + outcome.summary(), request.rollbackOnFailure(), deadline,
                request.timeout());
    }

    /**
     * The controller rolls out beside the app; a controller that cannot start (image, RBAC, crash) fails the deploy
     * with its pod's reason. It is not rolled back: the app it restarts is already running the new release.
     */
    private void followController(List<HasMetadata> objects, Instant deadline, Duration timeout) {
        boolean planned = objects.stream().anyMatch(o -> o instanceof Deployment
                && o.getMetadata().getName().equals(ControllerNames.NAME));
        if (!planned) {
            return;
        }
        var outcome = follower.followDeployment(ControllerNames.NAME, deadline, timeout);
        if (!outcome.complete()) {
            throw DeployFailure.rollout("deploy failed: " + outcome.summary());
        }
        console.line(outcome.summary());
    }

    /** What {@code --dry-run} prints: the YAML on stdout, every message on stderr. */
    public static void printDryRun(DeployPlan plan, Console console, String namespace) {
        console.error("dry run: nothing is changed; this would be applied to namespace " + namespace
                + " (server-side apply, field manager " + Applier.FIELD_MANAGER + "), in this order, Secret values "
                + DesiredState.REDACTED + ":");
        plan.objects().forEach(object -> console.error("  " + DesiredState.describe(object)));
        plan.notes().forEach(note -> console.error("  " + note));
        console.line(plan.yaml().stripTrailing());
    }

    /** Everything a deploy of {@code request} would apply, in order, read without writing; what {@code diff} compares. */
    public List<HasMetadata> plan(Request request) {
        // The migration and backup Jobs are runs, not a state to converge on: a finished one differs by its deadline, a removed one by its TTL.
        return DeployPlan.make(request, cluster.namespace(), console, live()).objects().stream()
                .filter(object -> !MigrationJob.isMigrationJob(object) && !BackupJob.isBackupJob(object)).toList();
    }

    private void waitForDatabase(List<HasMetadata> objects, Instant deadline, Duration timeout) {
        for (var object : objects) {
            if (object instanceof StatefulSet) {
                var name = object.getMetadata().getName();
                console.line("waiting for StatefulSet " + name + " to be ready");
                var outcome = follower.followStatefulSet(name, deadline, timeout);
                if (!outcome.complete()) {
                    throw DeployFailure.rollout("deploy failed: " + outcome.summary()
                            + "; the app was not applied, so there is nothing to roll back");
                }
            }
        }
    }
}
