package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One run of a one-pod Job (the migration, a backup, a restore): apply it, wait for the Job controller's verdict within
 * a deadline, and when it failed say why with its pod's exit and last lines.
 */
final class JobRun {

    /** The label the Job controller puts on its pods (https://kubernetes.io/docs/reference/labels-annotations-taints/#job-name). */
    static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

    private final Cluster cluster;
    private final Console console;
    private final Applier applier;
    private final Duration pollInterval;
    private final Clock clock;

    JobRun(Cluster cluster, Console console, Applier applier, Duration pollInterval, Clock clock) {
        this.cluster = cluster;
        this.console = console;
        this.applier = applier;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    /**
     * What a run is for: {@code doing} when it starts, {@code lead} before the reason when it fails ("deploy failed:
     * the schema migration "), and {@code unchanged}, what the failure left as it was.
     */
    record Purpose(String doing, String lead, String unchanged) {
    }

    /**
     * Applies {@code job}, ending by {@code deadline} at the latest, and returns its pod's last log line once it
     * completed; a failure throws a {@link DeployFailure} that says it as {@code purpose} says. A Job of that name an
     * earlier attempt left running is waited for instead.
     */
    Optional<String> run(Job job, Purpose purpose, Instant deadline, Duration timeout) {
        try {
            return run(job, purpose.doing(), purpose.unchanged(), deadline, timeout);
        } catch (DeployFailure failure) {
            throw DeployFailure.rollout(purpose.lead() + failure.getMessage());
        }
    }

    private Optional<String> run(Job job, String what, String unchanged, Instant deadline, Duration timeout) {
        var name = job.getMetadata().getName();
        if (get(name).filter(earlier -> MigrationJob.finished(earlier).isEmpty()).isPresent()) {
            // Its pod template is immutable (a changed one is refused with 422), and a run is not cut short midway
            console.line(DesiredState.describe(job) + " of an earlier attempt is still running; waiting for it to "
                    + "finish instead of starting another");
        } else {
            console.line(DesiredState.describe(job) + " " + applier.apply(MigrationJob.boundedBy(job,
                    Duration.between(clock.instant(), deadline))).change() + ": " + what);
        }
        var finished = await(name, unchanged, deadline, timeout);
        var pod = pods(name).stream().reduce((first, second) -> second);
        if (!MigrationJob.finished(finished).orElseThrow()) {
            throw failed(name, finished, pod, unchanged);
        }
        return pod.map(this::logTail).flatMap(JobRun::lastLine);
    }

    Optional<Job> get(String name) {
        return Optional.ofNullable(cluster.call("get", "jobs.batch/" + name, () -> jobs().withName(name).get()));
    }

    /** A Job's pod template is immutable and a finished Job never runs again: another attempt is another Job. */
    void delete(String name) {
        cluster.call("delete", "jobs.batch/" + name, () -> jobs().withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
    }

    /** The Job once its controller set Complete or Failed; a {@link DeployFailure} at {@code deadline}. */
    private Job await(String name, String unchanged, Instant deadline, Duration timeout) {
        while (true) {
            var job = get(name).orElseThrow(() -> DeployFailure.rollout("Job " + name + " disappeared while it ran; "
                    + unchanged));
            if (MigrationJob.finished(job).isPresent()) {
                return job;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw DeployFailure.rollout("timed out after " + Durations.format(timeout) + " waiting for Job " + name
                        + " to complete; " + unchanged + " (the Job ends at its activeDeadlineSeconds)");
            }
            PollPause.beforeNextPoll(pollInterval, clock, deadline, "Job " + name);
        }
    }

    /** The Job's reason, its pod's exit and the tail of what it printed, and what stayed as it was. */
    private DeployFailure failed(String name, Job job, Optional<Pod> pod, String unchanged) {
        var terminated = pod.flatMap(JobRun::terminated);
        var log = terminated.map(ContainerStateTerminated::getMessage).filter(m -> m != null && !m.isBlank())
                .or(() -> pod.map(this::logTail)).orElse("");
        console.line("Diagnosis of Job " + name + ": " + MigrationJob.failure(job)
                + pod.map(p -> "; pod " + p.getMetadata().getName()).orElse("")
                + terminated.map(t -> " exited with code " + t.getExitCode()).orElse(""));
        var lines = log.lines().toList();
        lines.subList(Math.max(0, lines.size() - PodDiagnosis.LOG_LINES), lines.size()).forEach(l -> console.line("  | " + l));
        return DeployFailure.rollout("Job " + name + " failed (" + MigrationJob.failure(job) + ")"
                + lastLine(log).map(l -> ": " + l).orElse("") + "; " + unchanged);
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

    private NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs() {
        return cluster.client().batch().v1().jobs().inNamespace(cluster.namespace());
    }
}
