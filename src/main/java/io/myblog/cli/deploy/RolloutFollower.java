package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Follows a rollout by bounded polling until it is complete, stuck or out of time, printing one line whenever what
 * an operator would see changes. Polling rather than a watch: the same few GETs work against every API server and
 * proxy, and each one is bounded by the client's request timeout.
 */
public final class RolloutFollower {

    /** How a followed rollout ended. */
    public record Outcome(boolean complete, String summary, long revision) {
    }

    private record Observation(String line, boolean complete, long revision, List<Pod> currentPods, List<Pod> allPods,
            List<String> relatedNames, Optional<String> deadlineExceeded) {
    }

    /** A pull that failed this many separate times is not a rate limit passing by. */
    static final int REPEATED_PULL_ERRORS = 2;

    private final Cluster cluster;
    private final Console console;
    private final Duration pollInterval;
    private final Clock clock;

    public RolloutFollower(Cluster cluster, Console console, Duration pollInterval, Clock clock) {
        this.cluster = cluster;
        this.console = console;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    public Outcome followDeployment(String name, Duration timeout) {
        return followDeployment(name, clock.instant().plus(timeout), timeout);
    }

    /** Follows until {@code deadline}, the end of a {@code timeout} that may have started earlier (a whole deploy). */
    public Outcome followDeployment(String name, Instant deadline, Duration timeout) {
        return follow("Deployment " + name, deadline, timeout, () -> observeDeployment(name));
    }

    public Outcome followStatefulSet(String name, Instant deadline, Duration timeout) {
        return follow("StatefulSet " + name, deadline, timeout, () -> observeStatefulSet(name));
    }

    private Outcome follow(String what, Instant deadline, Duration timeout,
            java.util.function.Supplier<Observation> observe) {
        String lastLine = null;
        var pullErrors = new java.util.HashMap<String, Integer>();
        var pulling = new java.util.HashSet<String>();
        while (true) {
            var seen = observe.get();
            if (!seen.line().equals(lastLine)) {
                console.line(seen.line());
                lastLine = seen.line();
            }
            if (seen.complete()) {
                return new Outcome(true, what + " rolled out" + (seen.revision() > 0 ? " (revision " + seen.revision()
                        + ")" : ""), seen.revision());
            }
            if (seen.deadlineExceeded().isPresent()) {
                diagnose(what, seen, PodDiagnosis.problems(seen.currentPods()));
                return new Outcome(false, what + " " + seen.deadlineExceeded().get(), seen.revision());
            }
            var problems = new ArrayList<>(stuck(PodDiagnosis.problems(seen.currentPods())));
            problems.addAll(repeatedPullErrors(seen.currentPods(), pulling, pullErrors));
            if (!problems.isEmpty()) {
                diagnose(what, seen, problems);
                var first = problems.get(0);
                var remedy = PodDiagnosis.remedy(first, claimFailures(first));
                return new Outcome(false, what + " cannot become ready: " + first.summary()
                        + remedy.map(r -> "; " + r).orElse(""), seen.revision());
            }
            if (!clock.instant().isBefore(deadline)) {
                diagnose(what, seen, problems);
                return new Outcome(false, "timed out after " + Durations.format(timeout) + " waiting for " + what
                        + " to roll out; last seen: " + seen.line(), seen.revision());
            }
            PollPause.beforeNextPoll(pollInterval, clock, deadline, what);
        }
    }

    /**
     * Counts, per pod and container, the separate times it was seen entering ErrImagePull; the ones at
     * {@link #REPEATED_PULL_ERRORS} are problems.
     */
    private static List<PodDiagnosis.Problem> repeatedPullErrors(List<Pod> pods, java.util.Set<String> pulling,
            Map<String, Integer> counts) {
        var now = new java.util.HashSet<String>();
        var repeated = new ArrayList<PodDiagnosis.Problem>();
        for (var problem : PodDiagnosis.waiting(pods, PodDiagnosis.PULL_ERROR)) {
            var key = problem.podName() + "/" + problem.container().map(c -> c.getName()).orElse("");
            now.add(key);
            int count = pulling.contains(key) ? counts.get(key) : counts.merge(key, 1, Integer::sum);
            if (count >= REPEATED_PULL_ERRORS) {
                repeated.add(new PodDiagnosis.Problem(problem.pod(), problem.container(), problem.reason(),
                        problem.message() + "; failed " + count + " times"));
            }
        }
        pulling.clear();
        pulling.addAll(now);
        return repeated;
    }

    private Observation observeDeployment(String name) {
        var client = cluster.client();
        var ns = cluster.namespace();
        var deployment = cluster.call("get", "deployments.apps/" + name,
                () -> client.apps().deployments().inNamespace(ns).withName(name).get());
        if (deployment == null) {
            throw DeployFailure.rollout("Deployment " + name + " does not exist in namespace " + ns);
        }
        var selector = matchLabels(deployment.getSpec().getSelector());
        var replicaSets = cluster.call("list", "replicasets.apps",
                () -> client.apps().replicaSets().inNamespace(ns).withLabels(selector).list().getItems())
                .stream().filter(rs -> ownedBy(rs, deployment)).toList();
        var pods = pods(selector);
        var status = deployment.getStatus();
        long generation = orZero(deployment.getMetadata().getGeneration());
        long observed = status == null ? 0 : orZero(status.getObservedGeneration());
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        long revision = DesiredState.revisionOf(deployment);
        var related = new ArrayList<>(List.of(name));
        replicaSets.forEach(rs -> related.add(rs.getMetadata().getName()));
        pods.forEach(p -> related.add(p.getMetadata().getName()));
        if (observed < generation) {
            return new Observation(name + ": waiting for the Deployment controller to observe generation " + generation,
                    false, revision, List.of(), pods, related, Optional.empty());
        }
        var current = replicaSets.stream().filter(rs -> DesiredState.revisionOf(rs) == revision).findFirst();
        var currentHash = current.map(rs -> rs.getMetadata().getLabels().get(DesiredState.POD_TEMPLATE_HASH));
        var currentPods = pods.stream().filter(p -> currentHash.isPresent()
                && currentHash.get().equals(label(p, DesiredState.POD_TEMPLATE_HASH))).toList();
        int oldPods = pods.size() - currentPods.size();
        int updated = status == null ? 0 : orZero(status.getUpdatedReplicas());
        int ready = status == null ? 0 : orZero(status.getReadyReplicas());
        int available = status == null ? 0 : orZero(status.getAvailableReplicas());
        var line = name + ": " + updated + "/" + desired + " updated, " + ready + "/" + desired + " ready, "
                + available + "/" + desired + " available" + (oldPods > 0 ? ", " + oldPods + " old pod(s) left" : "");
        var complete = current.isPresent() && updated == desired && ready == desired && available == desired
                && oldPods == 0;
        // The controller's own verdict, after the Deployment's progressDeadlineSeconds without progress:
        // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#failed-deployment
        var deadlineExceeded = status == null ? Optional.<String>empty() : status.getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus())
                        && "ProgressDeadlineExceeded".equals(c.getReason()))
                .findFirst().map(c -> "exceeded its progress deadline (progressDeadlineSeconds "
                        + (deployment.getSpec().getProgressDeadlineSeconds() == null ? 600
                                : deployment.getSpec().getProgressDeadlineSeconds())
                        + "): ProgressDeadlineExceeded: " + c.getMessage());
        return new Observation(line, complete && deadlineExceeded.isEmpty(), revision, currentPods, pods, related,
                deadlineExceeded);
    }

    private Observation observeStatefulSet(String name) {
        var client = cluster.client();
        var ns = cluster.namespace();
        var statefulSet = cluster.call("get", "statefulsets.apps/" + name,
                () -> client.apps().statefulSets().inNamespace(ns).withName(name).get());
        if (statefulSet == null) {
            throw DeployFailure.rollout("StatefulSet " + name + " does not exist in namespace " + ns);
        }
        var pods = pods(matchLabels(statefulSet.getSpec().getSelector()));
        var status = statefulSet.getStatus();
        long generation = orZero(statefulSet.getMetadata().getGeneration());
        long observed = status == null ? 0 : orZero(status.getObservedGeneration());
        int desired = statefulSet.getSpec().getReplicas() == null ? 1 : statefulSet.getSpec().getReplicas();
        int ready = status == null ? 0 : orZero(status.getReadyReplicas());
        var related = new ArrayList<>(List.of(name));
        pods.forEach(p -> related.add(p.getMetadata().getName()));
        var revisionsSettled = status == null || status.getUpdateRevision() == null
                || Objects.equals(status.getUpdateRevision(), status.getCurrentRevision());
        var line = name + ": " + ready + "/" + desired + " ready";
        var complete = observed >= generation && ready == desired && revisionsSettled;
        return new Observation(line, complete, 0, pods, pods, related, Optional.empty());
    }

    /**
     * The problems that will not heal by waiting. A pod waiting for its claims is one only once the PersistentVolume
     * controller said it cannot bind or provision them; until then a provisioner may still be at work.
     */
    private List<PodDiagnosis.Problem> stuck(List<PodDiagnosis.Problem> problems) {
        return problems.stream().filter(p -> !PodDiagnosis.waitsForClaims(p) || !claimFailures(p).isEmpty()).toList();
    }

    private Map<String, String> claimFailures(PodDiagnosis.Problem problem) {
        var claims = PodDiagnosis.claims(problem.pod());
        if (claims.isEmpty() || !PodDiagnosis.waitsForClaims(problem)) {
            return Map.of();
        }
        try {
            var events = cluster.client().v1().events().inNamespace(cluster.namespace()).list().getItems();
            return PodDiagnosis.claimFailures(events, claims);
        } catch (KubernetesClientException e) {
            // Events unreadable with these credentials: say it now rather than wait out the timeout.
            return claims.stream().collect(java.util.stream.Collectors.toMap(c -> c, c -> "events not readable"));
        }
    }

    /** Prints the pods table, the reasons, the warning events and, for a crash, the exit code and the log tail. */
    private void diagnose(String what, Observation seen, List<PodDiagnosis.Problem> problems) {
        console.line("Diagnosis of " + what + ":");
        PodDiagnosis.table(seen.allPods(), clock.instant()).forEach(row -> console.line("  " + row));
        problems.forEach(problem -> {
            console.line("  " + problem.summary());
            PodDiagnosis.remedy(problem, claimFailures(problem)).ifPresent(r -> console.line("  what to do: " + r));
        });
        warningEvents(seen.relatedNames()).ifPresentOrElse(lines -> {
            if (!lines.isEmpty()) {
                console.line("  Warning events:");
                lines.forEach(l -> console.line("  " + l));
            }
        }, () -> console.line("  (warning events not readable with these credentials)"));
        problems.stream().filter(PodDiagnosis.Problem::crashed).limit(1).forEach(this::printCrash);
        if (problems.isEmpty()) {
            // Running but never ready (the app's readiness DOWN): the kubelet's event has only the status code, its log the why.
            seen.currentPods().stream().filter(RolloutFollower::runningNotReady).limit(1).forEach(this::printNotReady);
        }
    }

    private static boolean runningNotReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getContainerStatuses().stream().anyMatch(s -> s.getState() != null
                && s.getState().getRunning() != null && !Boolean.TRUE.equals(s.getReady()));
    }

    private void printNotReady(Pod pod) {
        var name = pod.getMetadata().getName();
        var container = pod.getSpec().getContainers().get(0).getName();
        console.line("  Pod " + name + " runs but is not ready; the last " + PodDiagnosis.LOG_LINES + " log lines of "
                + container + ":");
        String log;
        try {
            log = cluster.client().pods().inNamespace(cluster.namespace()).withName(name).inContainer(container)
                    .tailingLines(PodDiagnosis.LOG_LINES).getLog();
        } catch (KubernetesClientException e) {
            log = "(log not available: HTTP " + e.getCode() + ")";
        }
        printTail(log);
    }

    private void printTail(String log) {
        var lines = log == null ? List.<String>of() : log.lines().toList();
        lines.subList(Math.max(0, lines.size() - PodDiagnosis.LOG_LINES), lines.size())
                .forEach(l -> console.line("  | " + l));
    }

    private Optional<List<String>> warningEvents(List<String> names) {
        try {
            var events = cluster.client().v1().events().inNamespace(cluster.namespace()).list().getItems();
            return Optional.of(PodDiagnosis.warnings(events, names, 10, clock.instant()));
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    private void printCrash(PodDiagnosis.Problem crash) {
        var container = crash.container().orElseThrow();
        var exit = PodDiagnosis.lastExitCode(container).map(code -> " last exited with code " + code).orElse("");
        console.line("  Container " + container.getName() + " of pod " + crash.podName() + exit + "; its last "
                + PodDiagnosis.LOG_LINES + " log lines:");
        printTail(logTail(crash.podName(), container.getName()));
    }

    /** The previous (crashed) instance's log, as {@code kubectl logs --previous}; the current one if that is gone. */
    private String logTail(String pod, String container) {
        var pods = cluster.client().pods().inNamespace(cluster.namespace());
        try {
            return pods.withName(pod).inContainer(container).terminated().tailingLines(PodDiagnosis.LOG_LINES).getLog();
        } catch (KubernetesClientException previousGone) {
            try {
                return pods.withName(pod).inContainer(container).tailingLines(PodDiagnosis.LOG_LINES).getLog();
            } catch (KubernetesClientException e) {
                return "(log not available: HTTP " + e.getCode() + ")";
            }
        }
    }

    private List<Pod> pods(Map<String, String> selector) {
        return cluster.call("list", "pods",
                () -> cluster.client().pods().inNamespace(cluster.namespace()).withLabels(selector).list().getItems());
    }

    static boolean ownedBy(HasMetadata owned, HasMetadata owner) {
        return owned.getMetadata().getOwnerReferences().stream().anyMatch(ref -> ref.getKind().equals(owner.getKind())
                && ref.getName().equals(owner.getMetadata().getName()));
    }

    static Map<String, String> matchLabels(LabelSelector selector) {
        return selector == null || selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    }

    private static String label(HasMetadata object, String key) {
        var labels = object.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    static Stream<ReplicaSet> replicaSetsOf(Cluster cluster, Deployment deployment) {
        var selector = matchLabels(deployment.getSpec().getSelector());
        return cluster.call("list", "replicasets.apps", () -> cluster.client().apps().replicaSets()
                        .inNamespace(cluster.namespace()).withLabels(selector).list().getItems())
                .stream().filter(rs -> ownedBy(rs, deployment));
    }
}
