package io.myblog.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.myblog.deploy.shared.ChangeCause;

/**
 * The deploy path of the course, done by the application: apply in order, wait for MySQL, follow the app's rollout,
 * and when it cannot complete, say why and return to the previous revision.
 */
public final class Deployer {

    /** What {@code deploy} was asked to do. */
    public record Request(Optional<Path> manifests, Optional<Path> secretEnvFile, Optional<String> image,
            Duration timeout, boolean dryRun, boolean rollbackOnFailure, DesiredState.Choices choices) {
    }

    private final Cluster cluster;
    private final Console console;
    private final Applier applier;
    private final RolloutFollower follower;
    private final Clock clock;

    public Deployer(Cluster cluster, Console console, Duration pollInterval, Clock clock) {
        this.cluster = cluster;
        this.console = console;
        this.applier = new Applier(cluster);
        this.follower = new RolloutFollower(cluster, console, pollInterval, clock);
        this.clock = clock;
    }

    public void deploy(Request request) {
        if (request.secretEnvFile().isEmpty() && !request.dryRun()) {
            liveSecret().filter(TokenKey::missingIn).ifPresent(secret -> addTokenKey());
        }
        var objects = plan(request);
        if (request.dryRun()) {
            printDryRun(objects);
            return;
        }
        var deadline = clock.instant().plus(request.timeout());
        DesiredState.Stage previous = null;
        boolean hasApp = false;
        for (var object : objects) {
            var stage = DesiredState.stage(object);
            if (previous == DesiredState.Stage.DATABASE && stage != DesiredState.Stage.DATABASE) {
                waitForDatabase(objects, deadline, request.timeout());
            }
            var isApp = object instanceof Deployment && object.getMetadata().getName().equals(DesiredState.APP);
            var templateBefore = isApp ? liveTemplate() : Optional.<PodTemplateSpec>empty();
            var applied = applier.apply(object);
            console.line(DesiredState.describe(object) + " " + applied.change());
            if (isApp && !templateBefore.equals(Optional.of(((Deployment) applied.live()).getSpec().getTemplate()))) {
                recordCause(ChangeCause.DEPLOY);
            }
            hasApp |= isApp;
            previous = stage;
        }
        if (previous == DesiredState.Stage.DATABASE) {
            waitForDatabase(objects, deadline, request.timeout());
        }
        if (!hasApp) {
            console.line("deploy complete (the manifests hold no Deployment " + DesiredState.APP + ")");
            return;
        }
        var outcome = follower.followDeployment(DesiredState.APP, deadline, request.timeout());
        if (outcome.complete()) {
            console.line("deploy complete: " + outcome.summary());
            return;
        }
        throw afterFailedRollout("deploy failed: " + outcome.summary(), request.rollbackOnFailure(),
                request.timeout());
    }

    /**
     * Everything a deploy of {@code request} applies, in order, with every Secret value from the env file or the live
     * Secret registered with the console for masking; also what {@code diff} compares.
     */
    public List<HasMetadata> plan(Request request) {
        var manifests = DesiredState.withChoices(Manifests.read(Manifests.locate(request.manifests())),
                request.choices());
        var envValues = request.secretEnvFile().map(EnvFile::read)
                .map(values -> TokenKey.completing(values, liveSecret()));
        envValues.ifPresent(console::maskSecrets);
        var secretToApply = envValues.map(values -> DesiredState.desiredSecret(cluster.namespace(), values));
        var liveSecret = secretToApply.isPresent() ? Optional.<Secret>empty() : liveSecret();
        liveSecret.ifPresent(this::maskValuesOf);
        if (secretToApply.isEmpty() && liveSecret.isEmpty() && !request.dryRun()) {
            throw DeployFailure.badInput("Secret " + DesiredState.APP + " does not exist in namespace "
                    + cluster.namespace() + ": pass --secret-env-file FILE (KEY=value lines, e.g. MYSQL_USER, MYSQL_PASSWD)");
        }
        return DesiredState.desiredObjects(manifests, cluster.namespace(), secretToApply, liveSecret,
                request.image());
    }

    /** Rolls back to {@code revision} (or the one before the current) and follows that rollout. */
    public void rollback(Optional<Long> revision, Duration timeout) {
        var outcome = rollBackAndFollow(revision, timeout)
                .orElseThrow(() -> DeployFailure.rollout(revision.map(r -> "Deployment " + DesiredState.APP
                        + " has no revision " + r).orElse("Deployment " + DesiredState.APP
                        + " has no previous revision to roll back to")));
        if (!outcome.complete()) {
            throw DeployFailure.rollout("rollback failed: " + outcome.summary());
        }
        console.line("rollback complete: " + outcome.summary());
    }

    /**
     * Restarts the pods with a rolling update, as {@code kubectl rollout restart}: a merge patch of one template
     * annotation, deliberately not an apply, so that the next deploy does not take the annotation away again.
     */
    public void restart(Duration timeout) {
        var now = clock.instant();
        var patch = Serialization.asJson(Map.of(
                "metadata", Map.of("annotations", ChangeCause.annotations(ChangeCause.RESTART, now)),
                "spec", Map.of("template", Map.of("metadata", Map.of("annotations",
                        Map.of("kubectl.kubernetes.io/restartedAt", now.toString()))))));
        var deployment = cluster.client().apps().deployments().inNamespace(cluster.namespace())
                .withName(DesiredState.APP);
        if (cluster.call("get", "deployments.apps/" + DesiredState.APP, deployment::get) == null) {
            throw DeployFailure.rollout("Deployment " + DesiredState.APP + " does not exist in namespace "
                    + cluster.namespace() + ": nothing to restart");
        }
        cluster.call("patch", "deployments.apps/" + DesiredState.APP,
                () -> deployment.patch(PatchContext.of(PatchType.JSON_MERGE), patch));
        console.line("restarting Deployment " + DesiredState.APP);
        var outcome = follower.followDeployment(DesiredState.APP, timeout);
        if (!outcome.complete()) {
            throw afterFailedRollout("restart failed: " + outcome.summary(), false, timeout);
        }
        console.line("restart complete: " + outcome.summary());
    }

    private DeployFailure afterFailedRollout(String failure, boolean rollback, Duration timeout) {
        if (!rollback) {
            return DeployFailure.rollout(failure + "; not rolled back"
                    + (failure.startsWith("deploy") ? " (--no-rollback)" : "") + ", the failed revision stays in place");
        }
        var rolledBack = rollBackAndFollow(Optional.empty(), timeout);
        if (rolledBack.isEmpty()) {
            return DeployFailure.rollout(failure + "; not rolled back: there is no previous revision");
        }
        if (!rolledBack.get().complete()) {
            return DeployFailure.rollout(failure + "; the rollback failed too: " + rolledBack.get().summary());
        }
        return DeployFailure.rollout(failure + "; rolled back: " + rolledBack.get().summary());
    }

    private Optional<RolloutFollower.Outcome> rollBackAndFollow(Optional<Long> revision, Duration timeout) {
        var live = cluster.call("get", "deployments.apps/" + DesiredState.APP, () -> cluster.client().apps()
                .deployments().inNamespace(cluster.namespace()).withName(DesiredState.APP).get());
        if (live == null) {
            throw DeployFailure.rollout("Deployment " + DesiredState.APP + " does not exist in namespace "
                    + cluster.namespace());
        }
        var target = target(live, revision);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        long targetRevision = DesiredState.revisionOf(target.get());
        console.line("rolling Deployment " + DesiredState.APP + " back to revision " + targetRevision);
        applier.apply(DesiredState.rolledBackTo(live, target.get()));
        recordCause(ChangeCause.ROLLBACK + " to revision " + targetRevision);
        return Optional.of(follower.followDeployment(DesiredState.APP, timeout));
    }

    private Optional<ReplicaSet> target(Deployment live, Optional<Long> revision) {
        long current = DesiredState.revisionOf(live);
        var candidates = RolloutFollower.replicaSetsOf(cluster, live)
                .filter(rs -> revision.map(r -> DesiredState.revisionOf(rs) == r)
                        .orElse(DesiredState.revisionOf(rs) < current && DesiredState.revisionOf(rs) > 0))
                .filter(rs -> DesiredState.revisionOf(rs) != current)
                .toList();
        return candidates.stream().max(Comparator.comparingLong(DesiredState::revisionOf));
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

    /** Adds the token signing key to the live Secret, whose other entries are the user's and stay as they are. */
    private void addTokenKey() {
        cluster.call("patch", "secrets/" + DesiredState.APP, () -> cluster.client().secrets()
                .inNamespace(cluster.namespace()).withName(DesiredState.APP)
                .patch(PatchContext.of(PatchType.JSON_MERGE), TokenKey.addPatch()));
        console.line("Secret " + cluster.namespace() + "/" + DesiredState.APP + ": " + TokenKey.KEY + " created");
    }

    /**
     * Records why the rollout that just started exists, with a JSON merge patch, deliberately not an apply: the next
     * deploy does not apply these annotations and so must not own them, or it would remove them again.
     */
    private void recordCause(String cause) {
        var patch = Serialization.asJson(Map.of("metadata", Map.of("annotations",
                ChangeCause.annotations(cause, clock.instant()))));
        cluster.call("patch", "deployments.apps/" + DesiredState.APP, () -> cluster.client().apps().deployments()
                .inNamespace(cluster.namespace()).withName(DesiredState.APP).patch(PatchContext.of(PatchType.JSON_MERGE),
                        patch));
    }

    private Optional<PodTemplateSpec> liveTemplate() {
        return Optional.ofNullable(cluster.call("get", "deployments.apps/" + DesiredState.APP, () -> cluster.client()
                .apps().deployments().inNamespace(cluster.namespace()).withName(DesiredState.APP).get()))
                .map(d -> d.getSpec().getTemplate());
    }

    private Optional<Secret> liveSecret() {
        return Optional.ofNullable(cluster.call("get", "secrets/" + DesiredState.APP, () -> cluster.client().secrets()
                .inNamespace(cluster.namespace()).withName(DesiredState.APP).get()));
    }

    private void maskValuesOf(Secret secret) {
        var values = new java.util.HashMap<String, String>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> values.put(key,
                    new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        console.maskSecrets(values);
    }

    private void printDryRun(List<HasMetadata> objects) {
        console.line("dry run: nothing is changed; this would be applied to namespace " + cluster.namespace()
                + " (server-side apply, field manager " + Applier.FIELD_MANAGER + "), in this order:");
        for (var object : objects) {
            console.line("# " + DesiredState.describe(object));
            Serialization.asYaml(DesiredState.redacted(object)).lines().forEach(console::line);
        }
    }

}
