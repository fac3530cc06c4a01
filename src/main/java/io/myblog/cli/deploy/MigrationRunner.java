package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Runs a release's migration Job before its Deployment is applied, and waits for the Job controller's verdict: a
 * failure stops the deploy with the pod's reason while the running pods, untouched, keep serving.
 */
final class MigrationRunner {

    /** The label the Job controller puts on its pods (https://kubernetes.io/docs/reference/labels-annotations-taints/#job-name). */
    static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    /** A field manager of its own, so deploy's server-side apply of the Deployment never removes the record. */
    static final String RECORDING_MANAGER = "myblog-migrate";

    private final Cluster cluster;
    private final Console console;
    private final Applier applier;
    private final Duration pollInterval;
    private final Clock clock;

    MigrationRunner(Cluster cluster, Console console, Applier applier, Duration pollInterval, Clock clock) {
        this.cluster = cluster;
        this.console = console;
        this.applier = applier;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    /**
     * Runs {@code job} when the app's image is new (a first deploy, or another image than the live Deployment's);
     * returns once it completed, throws a {@link DeployFailure} when it failed or {@code deadline} passed.
     */
    void runBefore(Job job, Optional<Deployment> live, Instant deadline, Duration timeout) {
        var image = job.getMetadata().getAnnotations().get(MigrationJob.IMAGE);
        if (live.isPresent() && MigrationJob.image(live.get()).equals(image)) {
            console.line(DesiredState.describe(job) + " not needed: the running pods already have image " + image);
            return;
        }
        var name = job.getMetadata().getName();
        var existing = get(name);
        if (existing.isPresent() && MigrationJob.finished(existing.get()).orElse(false)) {
            console.line(DesiredState.describe(job) + " already completed for image " + image);
            return;
        }
        if (existing.isPresent() && MigrationJob.finished(existing.get()).isPresent()) {
            // A Job's pod template is immutable and a failed Job never runs again: a new attempt is a new Job.
            cluster.call("delete", "jobs.batch/" + name, () -> jobs().withName(name)
                    .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete());
            console.line(DesiredState.describe(job) + " of an earlier failed attempt deleted");
        }
        console.line(DesiredState.describe(job) + " " + applier.apply(MigrationJob.boundedBy(job, Duration.between(clock.instant(), deadline))).change()
                + ": applying the schema migrations of " + image + " before the rollout");
        var finished = await(name, deadline, timeout);
        if (!MigrationJob.finished(finished).orElseThrow()) {
            throw failed(name, finished);
        }
        console.line(DesiredState.describe(job) + " complete: the schema is at this release's version");
        var version = job.getMetadata().getAnnotations().get(MigrationJob.SCHEMA_VERSION);
        if (live.isPresent() && version != null) {
            // What rollback compares with; a first deploy's revision carries it on its template.
            cluster.call("patch", "deployments.apps/" + DesiredState.APP, () -> cluster.client().apps().deployments()
                    .inNamespace(cluster.namespace()).withName(DesiredState.APP)
                    .patch(new io.fabric8.kubernetes.client.dsl.base.PatchContext.Builder()
                            .withPatchType(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE)
                            .withFieldManager(RECORDING_MANAGER).build(),
                            io.fabric8.kubernetes.client.utils.Serialization.asJson(
                                    RollbackSchema.recording(Integer.parseInt(version)))));
        }
    }

    /** The Job once its controller set Complete or Failed; a {@link DeployFailure} at {@code deadline}. */
    private Job await(String name, Instant deadline, Duration timeout) {
        while (true) {
            var job = get(name).orElseThrow(() -> DeployFailure.rollout("deploy failed: Job " + name
                    + " disappeared while it ran; Deployment " + DesiredState.APP + " was not changed"));
            if (MigrationJob.finished(job).isPresent()) {
                return job;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw DeployFailure.rollout("deploy failed: timed out after " + Durations.format(timeout)
                        + " waiting for the schema migration Job " + name + " to complete; Deployment "
                        + DesiredState.APP + " was not changed (the Job ends at its activeDeadlineSeconds)");
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pollInterval.toMillis(), Duration.between(clock.instant(), deadline).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DeployFailure.rollout("interrupted while waiting for Job " + name);
            }
        }
    }

    /** The Job's reason, its pod's exit and the tail of what {@code myblog migrate} printed, and that nothing rolled. */
    private DeployFailure failed(String name, Job job) {
        var pod = pods(name).stream().reduce((first, second) -> second);
        var terminated = pod.flatMap(MigrationRunner::terminated);
        var log = terminated.map(ContainerStateTerminated::getMessage).filter(m -> m != null && !m.isBlank())
                .or(() -> pod.map(this::logTail)).orElse("");
        console.line("Diagnosis of Job " + name + ": " + MigrationJob.failure(job)
                + pod.map(p -> "; pod " + p.getMetadata().getName()).orElse("")
                + terminated.map(t -> " exited with code " + t.getExitCode()).orElse(""));
        var lines = log.lines().toList();
        lines.subList(Math.max(0, lines.size() - PodDiagnosis.LOG_LINES), lines.size()).forEach(l -> console.line("  | " + l));
        return DeployFailure.rollout("deploy failed: the schema migration Job " + name + " failed ("
                + MigrationJob.failure(job) + ")" + lastLine(log).map(l -> ": " + l).orElse("")
                + "; Deployment " + DesiredState.APP + " was not changed, its pods keep serving");
    }

    private static Optional<String> lastLine(String text) {
        return text == null ? Optional.empty() : text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b);
    }

    private static Optional<ContainerStateTerminated> terminated(Pod pod) {
        return pod.getStatus() == null ? Optional.empty() : pod.getStatus().getContainerStatuses().stream()
                .map(s -> s.getState() == null ? null : s.getState().getTerminated()).filter(t -> t != null).findFirst();
    }

    private String logTail(Pod pod) {
        try {
            return cluster.client().pods().inNamespace(cluster.namespace()).withName(pod.getMetadata().getName())
                    .tailingLines(PodDiagnosis.LOG_LINES).getLog();
        } catch (KubernetesClientException e) {
            return "(log not available: HTTP " + e.getCode() + ")";
        }
    }

    private List<Pod> pods(String job) {
        return cluster.call("list", "pods", () -> cluster.client().pods().inNamespace(cluster.namespace())
                .withLabel(JOB_NAME_LABEL, job).list().getItems()).stream()
                .sorted(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp()))).toList();
    }

    private Optional<Job> get(String name) {
        return Optional.ofNullable(cluster.call("get", "jobs.batch/" + name, () -> jobs().withName(name).get()));
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<Job, io.fabric8.kubernetes.api.model.batch.v1.JobList,
            io.fabric8.kubernetes.client.dsl.ScalableResource<Job>> jobs() {
        return cluster.client().batch().v1().jobs().inNamespace(cluster.namespace());
    }
}
