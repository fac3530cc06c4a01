package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads pods the way an operator reads {@code kubectl get pods -o wide} and {@code describe}: which pod is stuck and
 * why, as a table, the reason, the warning events and, for a crash, the exit code and log tail.
 */
public final class PodDiagnosis {

    /**
     * Container states that do not heal by waiting: the rollout fails at once instead of at the timeout. Not a single
     * ErrImagePull, which a registry's rate limit causes and the kubelet's next pull often cures; the kubelet reports
     * ImagePullBackOff when a pull keeps failing, and {@link RolloutFollower} counts repeated ErrImagePull.
     */
    static final Set<String> STUCK_REASONS = Set.of("ImagePullBackOff", "InvalidImageName",
            "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError");
    static final String PULL_ERROR = "ErrImagePull";
    static final String UNSCHEDULABLE = "FailedScheduling";
    /** The scheduler's words (VolumeBinding and NodeAffinity plugins) for the two ways MySQL's pod stays Pending. */
    static final String UNBOUND_CLAIMS = "unbound immediate PersistentVolumeClaims";
    static final String NO_MATCHING_NODE = "didn't match Pod's node affinity/selector";
    /** Events the PersistentVolume controller posts on a claim it cannot bind and will not provision. */
    static final Set<String> CLAIM_FAILURES = Set.of("FailedBinding", "ProvisioningFailed");
    static final int LOG_LINES = 20;

    /** One pod that cannot become ready: which container (if any), the reason and the message. */
    public record Problem(Pod pod, Optional<ContainerStatus> container, String reason, String message) {

        public String podName() {
            return pod.getMetadata().getName();
        }

        public String summary() {
            return "pod " + podName() + container.map(c -> " container " + c.getName()).orElse("") + ": " + reason
                    + (message == null || message.isBlank() ? "" : " (" + message + ")");
        }

        boolean crashed() {
            return reason.equals("CrashLoopBackOff");
        }
    }

    private PodDiagnosis() {
    }

    /** The containers of {@code pods} waiting with {@code reason}, as problems (not yet judged stuck). */
    static List<Problem> waiting(Collection<Pod> pods, String reason) {
        var found = new ArrayList<Problem>();
        pods.forEach(pod -> found.addAll(waiting(pod, reason::equals)));
        return found;
    }

    private static List<Problem> waiting(Pod pod, java.util.function.Predicate<String> reason) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
            return List.of();
        }
        var found = new ArrayList<Problem>();
        for (var status : containerStatuses(pod)) {
            var waiting = status.getState() == null ? null : status.getState().getWaiting();
            if (waiting != null && reason.test(waiting.getReason())) {
                found.add(new Problem(pod, Optional.of(status), waiting.getReason(), waiting.getMessage()));
            }
        }
        return found;
    }

    /** The pod waits for claims to be bound: stuck only once their claims failed, not while a provisioner works. */
    public static boolean waitsForClaims(Problem problem) {
        return problem.reason().equals(UNSCHEDULABLE) && problem.message() != null
                && problem.message().contains(UNBOUND_CLAIMS);
    }

    /** Names of the PersistentVolumeClaims the pod mounts. */
    public static List<String> claims(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes()
                .stream().filter(v -> v.getPersistentVolumeClaim() != null)
                .map(v -> v.getPersistentVolumeClaim().getClaimName()).toList();
    }

    /** Why each claim cannot be bound, from the PersistentVolume controller's events: claim name → message. */
    public static java.util.Map<String, String> claimFailures(Collection<Event> events, Collection<String> claims) {
        var failures = new java.util.TreeMap<String, String>();
        events.stream().filter(e -> e.getInvolvedObject() != null
                        && "PersistentVolumeClaim".equals(e.getInvolvedObject().getKind())
                        && claims.contains(e.getInvolvedObject().getName()) && CLAIM_FAILURES.contains(e.getReason()))
                .sorted(Comparator.comparing(PodDiagnosis::eventTime))
                .forEach(e -> failures.put(e.getInvolvedObject().getName(), e.getMessage()));
        return failures;
    }

    /**
     * What to do about a pod the scheduler cannot place, when its words say why: an unbound claim (name a storage
     * class, or the node directory) or no node carrying the labels its nodeSelector asks for.
     */
    public static Optional<String> remedy(Problem problem, java.util.Map<String, String> claimFailures) {
        if (!problem.reason().equals(UNSCHEDULABLE) || problem.message() == null) {
            return Optional.empty();
        }
        var namespace = problem.pod().getMetadata().getNamespace();
        if (problem.message().contains(UNBOUND_CLAIMS)) {
            var claims = claims(problem.pod());
            var why = claims.stream().map(c -> "claim " + c + " is not bound"
                    + (claimFailures.containsKey(c) ? " (" + claimFailures.get(c) + ")" : "")).toList();
            return Optional.of(String.join("; ", why) + ": no StorageClass provisions it. Name one that exists "
                    + "(kubectl get storageclass) with deploy --mysql-storage-class NAME, or keep the data in a node's "
                    + "directory with deploy --mysql-host-path /opt/mysql/data; a StatefulSet's claims cannot change, "
                    + "so first run undeploy and kubectl -n " + namespace + " delete pvc " + String.join(" ", claims));
        }
        var selector = problem.pod().getSpec() == null ? null : problem.pod().getSpec().getNodeSelector();
        if (problem.message().contains(NO_MATCHING_NODE) && selector != null && !selector.isEmpty()) {
            var labels = selector.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(java.util.stream.Collectors.joining(","));
            return Optional.of("no node carries the label " + labels + " that pod " + problem.podName()
                    + " selects: label the node that holds its data, kubectl label node NODE "
                    + String.join(" ", labels.split(",")));
        }
        return Optional.empty();
    }

    public static List<Problem> problems(Collection<Pod> pods) {
        var problems = new ArrayList<Problem>();
        for (var pod : pods) {
            if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
                continue;
            }
            problems.addAll(waiting(pod, STUCK_REASONS::contains));
            pod.getStatus().getConditions().stream()
                    .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                            && "Unschedulable".equals(c.getReason()))
                    .findFirst()
                    .ifPresent(c -> problems.add(new Problem(pod, Optional.empty(), UNSCHEDULABLE, c.getMessage())));
        }
        return problems;
    }

    /** The {@code kubectl get pods -o wide} table. */
    public static List<String> table(Collection<Pod> pods, Instant now) {
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"));
        pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).forEach(pod -> rows.add(List.of(
                pod.getMetadata().getName(), ready(pod), status(pod), String.valueOf(restarts(pod)), age(pod, now),
                orNone(pod.getStatus() == null ? null : pod.getStatus().getPodIP()),
                orNone(pod.getSpec() == null ? null : pod.getSpec().getNodeName()))));
        return columns(rows);
    }

    /** Warning events about any of {@code objectNames}, oldest first, at most {@code limit}. */
    public static List<String> warnings(Collection<Event> events, Collection<String> objectNames, int limit, Instant now) {
        var matching = events.stream()
                .filter(e -> "Warning".equals(e.getType()) && e.getInvolvedObject() != null
                        && objectNames.contains(e.getInvolvedObject().getName()))
                .sorted(Comparator.comparing(PodDiagnosis::eventTime))
                .toList();
        return matching.stream().skip(Math.max(0, matching.size() - limit))
                .map(e -> "  " + ago(eventTime(e), now) + "  " + e.getInvolvedObject().getKind() + "/"
                        + e.getInvolvedObject().getName() + "  " + e.getReason() + ": " + e.getMessage())
                .toList();
    }

    /** Last exit code of a crashed container, from its previous termination. */
    static Optional<Integer> lastExitCode(ContainerStatus status) {
        return Optional.ofNullable(status.getLastState()).map(s -> s.getTerminated()).map(t -> t.getExitCode());
    }

    static String ready(Pod pod) {
        var statuses = pod.getStatus() == null ? List.<ContainerStatus>of() : pod.getStatus().getContainerStatuses();
        int total = pod.getSpec() == null ? statuses.size() : pod.getSpec().getContainers().size();
        long ready = statuses.stream().filter(s -> Boolean.TRUE.equals(s.getReady())).count();
        return ready + "/" + total;
    }

    /** What kubectl's STATUS column shows: a waiting or terminated reason wins over the phase. */
    static String status(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        }
        if (pod.getStatus() == null) {
            return "Unknown";
        }
        for (var status : containerStatuses(pod)) {
            if (status.getState() != null && status.getState().getWaiting() != null
                    && status.getState().getWaiting().getReason() != null) {
                return status.getState().getWaiting().getReason();
            }
            if (status.getState() != null && status.getState().getTerminated() != null
                    && status.getState().getTerminated().getReason() != null) {
                return status.getState().getTerminated().getReason();
            }
        }
        return orNone(pod.getStatus().getPhase());
    }

    static int restarts(Pod pod) {
        return pod.getStatus() == null ? 0 : pod.getStatus().getContainerStatuses().stream()
                .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
    }

    private static List<ContainerStatus> containerStatuses(Pod pod) {
        return Stream.concat(pod.getStatus().getInitContainerStatuses().stream(),
                pod.getStatus().getContainerStatuses().stream()).toList();
    }

    private static String age(Pod pod, Instant now) {
        var created = pod.getMetadata().getCreationTimestamp();
        return created == null ? "<unknown>" : ago(parse(created), now);
    }

    private static Instant eventTime(Event event) {
        var time = Stream.of(event.getLastTimestamp(), event.getFirstTimestamp(),
                        event.getEventTime() == null ? null : event.getEventTime().getTime(),
                        event.getMetadata().getCreationTimestamp())
                .filter(t -> t != null && !t.isBlank()).findFirst().orElse(null);
        return time == null ? Instant.EPOCH : parse(time);
    }

    private static Instant parse(String timestamp) {
        try {
            return Instant.parse(timestamp);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    /** Age as kubectl prints it: 45s, 3m, 2h, 4d. */
    static String ago(Instant then, Instant now) {
        if (then.equals(Instant.EPOCH)) {
            return "<unknown>";
        }
        var age = Duration.between(then, now);
        if (age.isNegative() || age.toSeconds() < 120) {
            return Math.max(0, age.toSeconds()) + "s";
        }
        if (age.toMinutes() < 120) {
            return age.toMinutes() + "m";
        }
        if (age.toHours() < 48) {
            return age.toHours() + "h";
        }
        return age.toDays() + "d";
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? "<none>" : value;
    }

    static List<String> columns(List<List<String>> rows) {
        int columns = rows.get(0).size();
        var widths = new int[columns];
        rows.forEach(row -> {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        return rows.stream().map(row -> {
            var line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row.get(i) : String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
            }
            return line.toString().stripTrailing();
        }).toList();
    }
}
