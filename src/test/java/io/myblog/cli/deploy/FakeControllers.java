package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the Deployment, ReplicaSet, StatefulSet controllers and the kubelet against the mock API server, which has
 * none: new template → new ReplicaSet (or an old one reused, as on rollback) with a revision, pods whose state
 * follows the behaviour chosen for their image, Events, logs and Deployment status.
 */
final class FakeControllers implements AutoCloseable {

    /**
     * What the kubelet does with pods of an image. TRANSIENT_PULL_ERROR: the first pull fails (ErrImagePull, as a
     * registry's rate limit does), the retry after {@link #TRANSIENT_PULL_ERROR_LASTS} succeeds.
     */
    enum Behaviour { HEALTHY, IMAGE_PULL_BACK_OFF, CRASH_LOOP, CONFIG_ERROR, UNSCHEDULABLE, NEVER_READY, TRANSIENT_PULL_ERROR }

    static final Duration TRANSIENT_PULL_ERROR_LASTS = Duration.ofMillis(400);

    static final String NAMESPACE = "jds";
    private static final com.fasterxml.jackson.databind.ObjectMapper CANONICAL = new com.fasterxml.jackson.databind.ObjectMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY);

    private final KubernetesClient client;
    private final ApiServerMock api;
    private final Map<String, Behaviour> behaviourByImage = new ConcurrentHashMap<>();
    /** Outranks the image's: the app and its controller run one image as two programs. */
    private final Map<String, Behaviour> behaviourByDeployment = new ConcurrentHashMap<>();
    private final Map<String, String> failingMigrations = new ConcurrentHashMap<>();
    private volatile Duration migrationTakes = Duration.ZERO;
    /** When each Job (by uid) was first seen, for migrationTakes. */
    private final Map<String, Instant> jobSeen = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private volatile Duration databaseStartsAfter = Duration.ZERO;
    private volatile Duration databaseRestartTakes = Duration.ZERO;
    /** Labels of the cluster's nodes, as the scheduler matches a nodeSelector against them. */
    private volatile List<Map<String, String>> nodes = List.of(Map.of("kubernetes.io/hostname", "node-1"));
    /** How the PersistentVolume controller treats new claims. */
    private volatile Provisioning provisioning = Provisioning.BINDS;
    private volatile Duration provisioningTakes = Duration.ZERO;
    private final Map<String, Instant> claimSeen = new ConcurrentHashMap<>();

    /** BINDS: a default StorageClass provisions each claim; NONE: no default class, the claim stays Pending. */
    enum Provisioning { BINDS, NONE }

    /** When each StatefulSet generation was first seen ("mysql@2"). */
    private final Map<String, Instant> statefulSetSeen = new ConcurrentHashMap<>();
    /** When each Deployment last made progress, and what the progress was, for progressDeadlineSeconds. */
    private final Map<String, Instant> lastProgress = new ConcurrentHashMap<>();
    private final Map<String, String> progressSeen = new ConcurrentHashMap<>();
    private final Map<String, Instant> pulledAt = new ConcurrentHashMap<>();

    FakeControllers(ApiServerMock api) {
        this.api = api;
        this.client = api.newClient(ApiServerMock.CONTROLLERS_AGENT);
    }

    FakeControllers behave(String image, Behaviour behaviour) {
        behaviourByImage.put(image, behaviour);
        return this;
    }

    FakeControllers behaveIn(String deployment, Behaviour behaviour) {
        behaviourByDeployment.put(deployment, behaviour);
        return this;
    }

    /**
     * Jobs whose container runs {@code image} fail (null: succeed again): the pod exits 1 after printing {@code log}, as
     * myblog migrate (the app's image) or the backup scripts (MySQL's) do.
     */
    FakeControllers jobsFail(String image, String log) {
        if (log == null) {
            failingMigrations.remove(image);
        } else {
            failingMigrations.put(image, log);
        }
        return this;
    }

    /** A migration Job (not a backup) runs this long before its pod succeeds or fails. */
    FakeControllers migrationTakes(Duration duration) {
        migrationTakes = duration;
        return this;
    }

    FakeControllers databaseStartsAfter(Duration delay) {
        databaseStartsAfter = delay;
        return this;
    }

    /** A changed StatefulSet template (a new generation) is ready only this long after it was seen. */
    FakeControllers databaseRestartTakes(Duration delay) {
        databaseRestartTakes = delay;
        return this;
    }

    FakeControllers nodes(List<Map<String, String>> labels) {
        nodes = List.copyOf(labels);
        return this;
    }

    FakeControllers provisioning(Provisioning mode, Duration takes) {
        provisioning = mode;
        provisioningTakes = takes;
        return this;
    }

    FakeControllers start() {
        loop.scheduleWithFixedDelay(this::reconcileQuietly, 0, 10, TimeUnit.MILLISECONDS);
        return this;
    }

    /** One pass, for tests that set up a cluster state before running a command. */
    void reconcileOnce() {
        reconcile();
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The client stays open until the mock server goes (FakeCluster.close): closing it mid-test cut the command's
        // connection too (LogsCommandTest, "Connection was closed"); both clients come from the one mock server.
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            // a lost update race with the command under test; the next pass repeats it
        }
    }

    private synchronized void reconcile() {
        client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems().forEach(this::reconcile);
        client.apps().deployments().inNamespace(NAMESPACE).list().getItems().forEach(this::reconcile);
        client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().forEach(this::reconcile);
    }

    /**
     * The Job controller and the kubelet for a one-pod Job with backoffLimit 0
     * (https://kubernetes.io/docs/concepts/workloads/controllers/job/#terminal-job-conditions): one pod labelled
     * batch.kubernetes.io/job-name, which succeeds or fails; then SuccessCriteriaMet and Complete, or FailureTarget
     * and Failed (BackoffLimitExceeded), all True. A failed container's termination message is its log tail when the
     * policy is FallbackToLogsOnError.
     */
    private void reconcile(io.fabric8.kubernetes.api.model.batch.v1.Job job) {
        if (MigrationJob.finished(job).isPresent()) {
            return;
        }
        var seen = jobSeen.computeIfAbsent(job.getMetadata().getUid(), uid -> Instant.now());
        if (MigrationJob.isMigrationJob(job) && Instant.now().isBefore(seen.plus(migrationTakes))) {
            return;
        }
        var name = job.getMetadata().getName();
        var podName = name + "-" + templateHash(job.getSpec().getTemplate()).substring(0, 5);
        var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        var log = failingMigrations.get(container.getImage());
        var failed = log != null;
        log = failed ? log : succeeded(job);
        if (name.startsWith(BackupJob.RESTORE_PREFIX)) {
            // what a restore must never meet: an app pod writing while the dump is loaded
            api.record("restore Job/" + name + " ran with " + client.pods().inNamespace(NAMESPACE)
                    .withLabel("app.kubernetes.io/name", DesiredState.APP).list().getItems().size() + " app pod(s)");
        }
        if (client.pods().inNamespace(NAMESPACE).withName(podName).get() == null) {
            var labels = new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
            labels.put(JobRun.JOB_NAME_LABEL, name);
            labels.put("job-name", name);
            var now = Instant.now().toString();
            var terminated = new io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder()
                    .withExitCode(failed ? 1 : 0).withReason(failed ? "Error" : "Completed").withFinishedAt(now)
                    .withMessage(failed && "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy()) ? log : null)
                    .build();
            var pod = new PodBuilder().withNewMetadata().withName(podName).withNamespace(NAMESPACE).withLabels(labels)
                    .withCreationTimestamp(now)
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                            .withName(name).withUid("uid-" + name).withController(true).build())
                    .endMetadata()
                    .withSpec(Serialization.clone(job.getSpec().getTemplate().getSpec()))
                    .withNewStatus().withPhase(failed ? "Failed" : "Succeeded")
                    .withContainerStatuses(new ContainerStatusBuilder().withName(container.getName())
                            .withImage(container.getImage()).withReady(false).withRestartCount(0)
                            .withNewState().withTerminated(terminated).endState().build())
                    .endStatus().build();
            pod.getSpec().setNodeName("node-1");
            client.resource(pod).create();
            api.serveLog(podName, log);
        }
        var now = Instant.now().toString();
        var first = new io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder().withStatus("True")
                .withLastTransitionTime(now).withType(failed ? "FailureTarget" : "SuccessCriteriaMet")
                .withReason(failed ? "BackoffLimitExceeded" : "CompletionsReached")
                .withMessage(failed ? "Job has reached the specified backoff limit" : "Reached expected number of succeeded pods")
                .build();
        var terminal = new io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder(first)
                .withType(failed ? "Failed" : "Complete").build();
        job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().withStartTime(now)
                .withActive(0).withFailed(failed ? 1 : 0).withSucceeded(failed ? 0 : 1)
                .withCompletionTime(failed ? null : now).withConditions(first, terminal).build());
        // recorded first: a command polling the Job may act on the verdict before this thread records it
        api.record((failed ? "failed Job/" : "complete Job/") + name);
        client.resource(job).update();
    }

    private static int ordinal(io.fabric8.kubernetes.api.model.Pod pod, String replicaSet) {
        var name = pod.getMetadata().getName();
        try {
            return name.startsWith(replicaSet + "-") ? Integer.parseInt(name.substring(replicaSet.length() + 1)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The last line each Job's program prints when it succeeds (myblog migrate, mysql-backup.sh, mysql-restore.sh). */
    private static String succeeded(io.fabric8.kubernetes.api.model.batch.v1.Job job) {
        var name = job.getMetadata().getName();
        var env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        java.util.function.Function<String, String> value = key -> env == null ? null : env.stream()
                .filter(e -> key.equals(e.getName())).map(io.fabric8.kubernetes.api.model.EnvVar::getValue)
                .findFirst().orElse(null);
        if (name.startsWith(BackupJob.BACKUP_PREFIX)) {
            var file = "myblog-" + value.apply("BACKUP_TIME") + "-schema-5.sql";
            return "backup " + file + " written (5120 bytes); kept on the volume: " + file + "\n";
        }
        if (name.startsWith(BackupJob.RESTORE_PREFIX)) {
            return "restored " + value.apply("BACKUP_FILE") + " into database myblog\n";
        }
        return "myblog migrate: applied 1 migration(s) to database at mysql:3306/myblog, schema now at version 5\n";
    }

    private void reconcile(StatefulSet statefulSet) {
        var name = statefulSet.getMetadata().getName();
        long generation = statefulSet.getMetadata().getGeneration() == null ? 1 : statefulSet.getMetadata().getGeneration();
        var seen = statefulSetSeen.computeIfAbsent(name + "@" + generation, n -> Instant.now());
        var takes = generation == 1 ? databaseStartsAfter : databaseRestartTakes;
        if (Instant.now().isBefore(seen.plus(takes))) {
            return;
        }
        var status = statefulSet.getStatus();
        int replicas = statefulSet.getSpec().getReplicas();
        if (status != null && Objects.equals(status.getReadyReplicas(), replicas)
                && Objects.equals(status.getObservedGeneration(), statefulSet.getMetadata().getGeneration())) {
            return;
        }
        boolean allScheduled = true;
        for (int i = 0; i < replicas; i++) {
            var pod = new PodBuilder().withNewMetadata().withName(name + "-" + i).withNamespace(NAMESPACE)
                    .withLabels(statefulSet.getSpec().getSelector().getMatchLabels())
                    .withCreationTimestamp(Instant.now().toString()).endMetadata()
                    .withSpec(Serialization.clone(statefulSet.getSpec().getTemplate().getSpec()))
                    .build();
            var unschedulable = schedule(statefulSet, pod, i);
            if (unschedulable != null) {
                allScheduled = false;
                pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Pending")
                        .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                                .withReason("Unschedulable").withMessage(unschedulable).build())
                        .build());
                client.resource(pod).createOr(existing -> existing.update());
                continue;
            }
            pod.getSpec().setNodeName("node-1");
            pod.setStatus(podStatus(pod, Behaviour.HEALTHY));
            client.resource(pod).createOr(existing -> existing.update());
        }
        if (!allScheduled) {
            return;
        }
        statefulSet.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
                .withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .withUpdatedReplicas(replicas).withObservedGeneration(statefulSet.getMetadata().getGeneration())
                .build());
        client.resource(statefulSet).update();
        api.record("ready StatefulSet/" + name);
    }

    /**
     * The StatefulSet controller's claims and the scheduler's verdict for one pod: null when it can be placed, else
     * the message the real scheduler sets on PodScheduled=False (reason Unschedulable).
     */
    private String schedule(StatefulSet statefulSet, Pod pod, int ordinal) {
        var unbound = false;
        var templates = statefulSet.getSpec().getVolumeClaimTemplates();
        for (var template : templates == null ? List.<io.fabric8.kubernetes.api.model.PersistentVolumeClaim>of() : templates) {
            var claim = template.getMetadata().getName() + "-" + statefulSet.getMetadata().getName() + "-" + ordinal;
            pod.getSpec().getVolumes().add(new io.fabric8.kubernetes.api.model.VolumeBuilder()
                    .withName(template.getMetadata().getName()).withNewPersistentVolumeClaim().withClaimName(claim)
                    .endPersistentVolumeClaim().build());
            unbound |= !bind(template, claim);
        }
        var selector = pod.getSpec().getNodeSelector();
        var matching = nodes.stream().filter(node -> selector == null || node.entrySet().containsAll(selector.entrySet()))
                .count();
        int total = nodes.size();
        var preemption = " preemption: 0/" + total + " nodes are available: " + total
                + " Preemption is not helpful for scheduling.";
        if (unbound) {
            return "0/" + total + " nodes are available: pod has unbound immediate PersistentVolumeClaims." + preemption;
        }
        if (matching == 0) {
            return "0/" + total + " nodes are available: " + total
                    + " node(s) didn't match Pod's node affinity/selector." + preemption;
        }
        return null;
    }

    /** Creates the claim if needed; true once it is Bound. */
    private boolean bind(io.fabric8.kubernetes.api.model.PersistentVolumeClaim template, String name) {
        var claims = client.persistentVolumeClaims().inNamespace(NAMESPACE);
        var claim = claims.withName(name).get();
        if (claim == null) {
            claim = new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder().withNewMetadata().withName(name)
                    .withNamespace(NAMESPACE).endMetadata().withSpec(Serialization.clone(template.getSpec()))
                    .withNewStatus().withPhase("Pending").endStatus().build();
            claim = client.resource(claim).create();
        }
        if ("Bound".equals(claim.getStatus().getPhase())) {
            return true;
        }
        var seen = claimSeen.computeIfAbsent(name, n -> Instant.now());
        if (Instant.now().isBefore(seen.plus(provisioningTakes))) {
            return false;
        }
        if (provisioning == Provisioning.BINDS) {
            claim.getStatus().setPhase("Bound");
            client.resource(claim).update();
            return true;
        }
        // The PersistentVolume controller's words and event type for a claim with no class and no default class.
        var event = new EventBuilder().withNewMetadata().withName(name + ".failedbinding").withNamespace(NAMESPACE)
                .endMetadata().withType("Normal").withReason("FailedBinding")
                .withMessage("no persistent volumes available for this claim and no storage class is set")
                .withLastTimestamp(Instant.now().toString())
                .withInvolvedObject(new ObjectReferenceBuilder().withKind("PersistentVolumeClaim").withName(name)
                        .withNamespace(NAMESPACE).build()).build();
        client.v1().events().inNamespace(NAMESPACE).resource(event).createOr(existing -> existing.update());
        return false;
    }

    private void reconcile(Deployment deployment) {
        var name = deployment.getMetadata().getName();
        var hash = templateHash(deployment.getSpec().getTemplate());
        var replicaSets = client.apps().replicaSets().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(rs -> RolloutFollower.ownedBy(rs, deployment)).toList();
        long maxRevision = replicaSets.stream().mapToLong(DesiredState::revisionOf).max().orElse(0);
        var current = replicaSets.stream()
                .filter(rs -> hash.equals(rs.getMetadata().getLabels().get(DesiredState.POD_TEMPLATE_HASH)))
                .findFirst();
        long revision;
        if (current.isEmpty()) {
            revision = maxRevision + 1;
            current = java.util.Optional.of(client.resource(newReplicaSet(deployment, hash, revision)).create());
        } else if (DesiredState.revisionOf(current.get()) != maxRevision) {
            // the Deployment controller reuses the old ReplicaSet on rollback and gives it the next revision
            revision = maxRevision + 1;
            var reused = current.get();
            reused.getMetadata().getAnnotations().put(DesiredState.REVISION, String.valueOf(revision));
            client.resource(reused).update();
        } else {
            revision = maxRevision;
        }
        copyAnnotations(deployment, current.get().getMetadata().getName());
        int desired = deployment.getSpec().getReplicas();
        var image = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        var behaviour = behaviourByDeployment.getOrDefault(deployment.getMetadata().getName(),
                behaviourByImage.getOrDefault(image, Behaviour.HEALTHY));
        var rsName = current.get().getMetadata().getName();
        for (int i = 0; i < desired; i++) {
            var podName = rsName + "-" + i;
            if (client.pods().inNamespace(NAMESPACE).withName(podName).get() == null) {
                createPod(deployment, hash, podName, behaviour);
            }
        }
        // the ReplicaSet controller's scale-down (kubectl scale, an HPA, restore's scale to 0)
        client.pods().inNamespace(NAMESPACE).withLabel(DesiredState.POD_TEMPLATE_HASH, hash).list().getItems().stream()
                .filter(p -> ordinal(p, rsName) >= desired).forEach(p -> client.resource(p).delete());
        recoverTransientPullErrors(deployment);
        var pods = client.pods().inNamespace(NAMESPACE)
                .withLabels(deployment.getSpec().getSelector().getMatchLabels()).list().getItems();
        var currentPods = pods.stream().filter(p -> hash.equals(p.getMetadata().getLabels().get(DesiredState.POD_TEMPLATE_HASH))).toList();
        long readyCurrent = currentPods.stream().filter(FakeControllers::ready).count();
        if (readyCurrent == desired) {
            pods.stream().filter(p -> !currentPods.contains(p)).forEach(p -> client.resource(p).delete());
        }
        long readyAll = client.pods().inNamespace(NAMESPACE)
                .withLabels(deployment.getSpec().getSelector().getMatchLabels()).list().getItems().stream()
                .filter(FakeControllers::ready).count();
        var complete = readyCurrent == desired && currentPods.size() == desired && readyAll == desired;
        if (complete) {
            cleanUpOldReplicaSets(deployment, rsName);
        }
        var status = new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(pods.size()).withUpdatedReplicas(currentPods.size())
                .withReadyReplicas((int) readyAll).withAvailableReplicas((int) readyAll)
                .withConditions(progressing(deployment, rsName, hash + "/" + currentPods.size() + "/" + readyCurrent,
                        complete))
                .build();
        var annotations = deployment.getMetadata().getAnnotations() == null ? new HashMap<String, String>()
                : new HashMap<>(deployment.getMetadata().getAnnotations());
        var revisionText = String.valueOf(revision);
        if (!status.equals(deployment.getStatus()) || !revisionText.equals(annotations.get(DesiredState.REVISION))) {
            annotations.put(DesiredState.REVISION, revisionText);
            deployment.getMetadata().setAnnotations(annotations);
            deployment.setStatus(status);
            client.resource(deployment).update();
        }
    }

    /**
     * As the Deployment controller's cleanupDeployment, once a rollout is complete: the old ReplicaSets beyond
     * {@code revisionHistoryLimit} (default 10) go, the oldest revisions first
     * (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#clean-up-policy).
     */
    private void cleanUpOldReplicaSets(Deployment deployment, String currentName) {
        var limit = deployment.getSpec().getRevisionHistoryLimit() == null ? 10 : deployment.getSpec().getRevisionHistoryLimit();
        var old = client.apps().replicaSets().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(rs -> RolloutFollower.ownedBy(rs, deployment) && !rs.getMetadata().getName().equals(currentName))
                .sorted(java.util.Comparator.comparingLong(DesiredState::revisionOf)).toList();
        old.subList(0, Math.max(0, old.size() - limit)).forEach(rs -> client.resource(rs).delete());
    }

    /**
     * The Progressing condition as the Deployment controller keeps it
     * (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status): True while pods of the
     * new ReplicaSet are created or become ready, True/NewReplicaSetAvailable when complete, False/
     * ProgressDeadlineExceeded once no progress was made for progressDeadlineSeconds (default 600).
     */
    private io.fabric8.kubernetes.api.model.apps.DeploymentCondition progressing(Deployment deployment, String rsName,
            String progress, boolean complete) {
        var name = deployment.getMetadata().getName();
        if (!progress.equals(progressSeen.put(name, progress))) {
            lastProgress.put(name, Instant.now());
        }
        var since = lastProgress.get(name);
        var deadline = deployment.getSpec().getProgressDeadlineSeconds() == null ? 600
                : deployment.getSpec().getProgressDeadlineSeconds();
        var condition = new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder().withType("Progressing")
                .withLastUpdateTime(since.toString()).withLastTransitionTime(since.toString());
        if (complete) {
            return condition.withStatus("True").withReason("NewReplicaSetAvailable")
                    .withMessage("ReplicaSet \"" + rsName + "\" has successfully progressed.").build();
        }
        if (Instant.now().isAfter(since.plusSeconds(deadline))) {
            return condition.withStatus("False").withReason("ProgressDeadlineExceeded")
                    .withMessage("ReplicaSet \"" + rsName + "\" has timed out progressing.").build();
        }
        return condition.withStatus("True").withReason("ReplicaSetUpdated")
                .withMessage("ReplicaSet \"" + rsName + "\" is progressing.").build();
    }

    /** The kubelet's retry of a failed pull: after a while the image is there and the container runs. */
    private void recoverTransientPullErrors(Deployment deployment) {
        for (var pod : client.pods().inNamespace(NAMESPACE)
                .withLabels(deployment.getSpec().getSelector().getMatchLabels()).list().getItems()) {
            var failedAt = pulledAt.get(pod.getMetadata().getName());
            if (failedAt != null && Instant.now().isAfter(failedAt.plus(TRANSIENT_PULL_ERROR_LASTS))) {
                pod.setStatus(podStatus(pod, Behaviour.HEALTHY));
                client.resource(pod).update();
                pulledAt.remove(pod.getMetadata().getName());
            }
        }
    }

    /**
     * As the Deployment controller does for the ReplicaSet of the current revision (new or reused): copies the
     * Deployment's annotations onto it, those the controller keeps for itself excepted, and removes none
     * (https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/deployment/util/deployment_util.go,
     * copyDeploymentAnnotationsToReplicaSet). This is how kubernetes.io/change-cause reaches a revision.
     */
    private void copyAnnotations(Deployment deployment, String replicaSet) {
        var copied = new HashMap<String, String>(deployment.getMetadata().getAnnotations() == null ? Map.of()
                : deployment.getMetadata().getAnnotations());
        copied.keySet().removeAll(CONTROLLER_ANNOTATIONS);
        var live = client.apps().replicaSets().inNamespace(NAMESPACE).withName(replicaSet).get();
        var annotations = live.getMetadata().getAnnotations();
        if (!annotations.entrySet().containsAll(copied.entrySet())) {
            annotations.putAll(copied);
            client.resource(live).update();
        }
    }

    private static final java.util.Set<String> CONTROLLER_ANNOTATIONS = java.util.Set.of(DesiredState.REVISION,
            "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
            "deployment.kubernetes.io/max-replicas", "kubectl.kubernetes.io/last-applied-configuration");

    private ReplicaSet newReplicaSet(Deployment deployment, String hash, long revision) {
        var template = Serialization.clone(deployment.getSpec().getTemplate());
        template.getMetadata().getLabels().put(DesiredState.POD_TEMPLATE_HASH, hash);
        var labels = new HashMap<>(template.getMetadata().getLabels());
        return new ReplicaSetBuilder().withNewMetadata().withName(deployment.getMetadata().getName() + "-" + hash)
                .withNamespace(NAMESPACE).withLabels(labels)
                .addToAnnotations(DesiredState.REVISION, String.valueOf(revision))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                        .withName(deployment.getMetadata().getName()).withUid("uid-" + deployment.getMetadata().getName())
                        .withController(true).build())
                .endMetadata()
                .withNewSpec().withReplicas(deployment.getSpec().getReplicas())
                .withSelector(deployment.getSpec().getSelector()).withTemplate(template).endSpec()
                .build();
    }

    private void createPod(Deployment deployment, String hash, String podName, Behaviour behaviour) {
        var template = deployment.getSpec().getTemplate();
        var labels = new HashMap<>(template.getMetadata().getLabels());
        labels.put(DesiredState.POD_TEMPLATE_HASH, hash);
        var pod = new PodBuilder().withNewMetadata().withName(podName).withNamespace(NAMESPACE).withLabels(labels)
                .withCreationTimestamp(Instant.now().toString()).endMetadata()
                .withSpec(Serialization.clone(template.getSpec())).build();
        if (behaviour != Behaviour.UNSCHEDULABLE) {
            pod.getSpec().setNodeName("node-1");
        }
        pod.setStatus(podStatus(pod, behaviour));
        client.resource(pod).create();
        if (behaviour == Behaviour.TRANSIENT_PULL_ERROR) {
            pulledAt.put(podName, Instant.now());
        }
        var container = template.getSpec().getContainers().get(0);
        switch (behaviour) {
            case IMAGE_PULL_BACK_OFF -> warn(podName, "Failed", "Failed to pull image \"" + container.getImage()
                    + "\": not found");
            case TRANSIENT_PULL_ERROR -> warn(podName, "Failed", "Failed to pull image \"" + container.getImage()
                    + "\": 429 Too Many Requests");
            case CRASH_LOOP -> {
                warn(podName, "BackOff", "Back-off restarting failed container " + container.getName());
                var log = new StringBuilder();
                for (int line = 1; line <= 30; line++) {
                    log.append("log line ").append(line).append(line == 30 ? ": MYSQL_HOST is not set" : "").append('\n');
                }
                api.serveLog(podName, log.toString());
            }
            case UNSCHEDULABLE -> warn(podName, "FailedScheduling",
                    "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.");
            case CONFIG_ERROR -> warn(podName, "Failed",
                    "Error: couldn't find key MYSQL_PASSWD in Secret jds/myblog");
            default -> {
            }
        }
    }

    private static io.fabric8.kubernetes.api.model.PodStatus podStatus(Pod pod, Behaviour behaviour) {
        var container = pod.getSpec().getContainers().get(0).getName();
        var status = new ContainerStatusBuilder().withName(container).withImage(pod.getSpec().getContainers().get(0).getImage())
                .withReady(behaviour == Behaviour.HEALTHY).withRestartCount(0);
        var phase = "Running";
        var conditions = new java.util.ArrayList<io.fabric8.kubernetes.api.model.PodCondition>();
        switch (behaviour) {
            case HEALTHY -> status.withNewState().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().endState();
            case NEVER_READY -> status.withNewState().withNewRunning().endRunning().endState();
            case IMAGE_PULL_BACK_OFF -> {
                phase = "Pending";
                status.withNewState().withNewWaiting().withReason("ImagePullBackOff")
                        .withMessage("Back-off pulling image \"" + pod.getSpec().getContainers().get(0).getImage() + "\"")
                        .endWaiting().endState();
            }
            case CRASH_LOOP -> status.withRestartCount(4).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                    .withMessage("back-off 40s restarting failed container=" + container).endWaiting().endState()
                    .withNewLastState().withNewTerminated().withExitCode(3).withReason("Error").endTerminated()
                    .endLastState();
            case TRANSIENT_PULL_ERROR -> {
                phase = "Pending";
                status.withNewState().withNewWaiting().withReason("ErrImagePull")
                        .withMessage("429 Too Many Requests: toomanyrequests: pull rate limit").endWaiting().endState();
            }
            case CONFIG_ERROR -> {
                phase = "Pending";
                status.withNewState().withNewWaiting().withReason("CreateContainerConfigError")
                        .withMessage("couldn't find key MYSQL_PASSWD in Secret jds/myblog").endWaiting().endState();
            }
            case UNSCHEDULABLE -> {
                phase = "Pending";
                conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                        .withReason("Unschedulable")
                        .withMessage("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.")
                        .build());
            }
        }
        conditions.add(new PodConditionBuilder().withType("Ready")
                .withStatus(behaviour == Behaviour.HEALTHY ? "True" : "False").build());
        var builder = new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase(phase)
                .withPodIP(behaviour == Behaviour.UNSCHEDULABLE ? null : "10.1.0." + Math.abs(pod.getMetadata().getName().hashCode() % 250))
                .withConditions(conditions);
        if (behaviour != Behaviour.UNSCHEDULABLE) {
            builder.withContainerStatuses(status.build());
        }
        return builder.build();
    }

    private void warn(String pod, String reason, String message) {
        client.v1().events().inNamespace(NAMESPACE).resource(new EventBuilder().withNewMetadata()
                .withName(pod + "." + reason.toLowerCase()).withNamespace(NAMESPACE).endMetadata()
                .withType("Warning").withReason(reason).withMessage(message)
                .withLastTimestamp(Instant.now().toString())
                .withInvolvedObject(new ObjectReferenceBuilder().withKind("Pod").withName(pod).withNamespace(NAMESPACE).build())
                .build()).create();
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getContainerStatuses().stream()
                .allMatch(s -> Boolean.TRUE.equals(s.getReady())) && !pod.getStatus().getContainerStatuses().isEmpty();
    }

    /** Like the controller's pod-template-hash: the same template always gives the same hash. */
    static String templateHash(PodTemplateSpec template) {
        var copy = Serialization.clone(template);
        if (copy.getMetadata().getLabels() != null) {
            copy.getMetadata().getLabels().remove(DesiredState.POD_TEMPLATE_HASH);
        }
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(CANONICAL.writeValueAsString(copy).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> images(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream().map(c -> c.getImage()).toList();
    }
}
