package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.myblog.cli.deploy.shape.ControllerNames;
import io.myblog.shared.ChangeCause;
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
    private final Applier applier;
    private final RolloutFollower follower;
    private final RevisionCauses causes;
    private final ConfigSnapshots snapshots;
    private final MigrationRunner migrations;
    private final Rollback rollback;
    private final TokenKeySecret tokenKey;

    public Deployer(Cluster cluster, Console console, Duration pollInterval, Clock clock) {
        this.cluster = cluster;
        this.console = console;
        this.applier = new Applier(cluster);
        this.follower = new RolloutFollower(cluster, console, pollInterval, clock);
        this.causes = new RevisionCauses(cluster, clock);
        this.snapshots = new ConfigSnapshots(cluster, console);
        this.migrations = new MigrationRunner(cluster, console, new JobRun(cluster, console, applier, pollInterval, clock));
        this.rollback = new Rollback(cluster, console, follower, causes, snapshots);
        this.tokenKey = new TokenKeySecret(cluster, console);
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
        boolean hasApp = false;
        var backup = Optional.<Job>empty();
        try {
            DesiredState.Stage previous = null;
            for (var object : plan.objects()) {
                var stage = DesiredState.stage(object);
                if (previous == DesiredState.Stage.DATABASE && stage != DesiredState.Stage.DATABASE) {
                    waitForDatabase(plan.objects(), deadline, request.timeout());
                }
                boolean isApp = object instanceof Deployment && object.getMetadata().getName().equals(DesiredState.APP);
                if (isApp && autoscaler.isPresent()) {
                    object = HorizontalScaling.leaveReplicasTo(autoscaler.get(), (Deployment) object, before, cluster,
                            console);
                }
                if (ConfigSnapshots.isSnapshot(object)) {
                    console.line(DesiredState.describe(object) + " " + snapshots.ensure(object));
                    previous = stage;
                    continue;
                }
                if (BackupJob.isBackupJob(object)) {
                    backup = Optional.of((Job) object); // runs only when the migration it precedes does
                    previous = stage;
                    continue;
                }
                if (MigrationJob.isMigrationJob(object)) {
                    // Before the app's Deployment, which stays as it is when the migrations fail
                    migrations.runBefore((Job) object, backup, before, deadline, request.timeout());
                    previous = stage;
                    continue;
                }
                var applied = applier.apply(object);
                console.line(DesiredState.describe(object) + " " + applied.change());
                boolean isController = object instanceof Deployment
                        && object.getMetadata().getName().equals(ControllerNames.NAME);
                if ((isApp || isController) && applied.live() instanceof Deployment rolled) {
                    causes.recordIfRolled(isApp ? before : controllerBefore, rolled, ChangeCause.DEPLOY);
                }
                hasApp |= isApp;
                previous = stage;
            }
            if (previous == DesiredState.Stage.DATABASE) {
                waitForDatabase(plan.objects(), deadline, request.timeout());
            }
        } finally {
            hold.end();
        }
        if (!hasApp) {
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
