package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.fabric8.kubernetes.client.dsl.TailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What {@code logs} shows: the log of container {@value DesiredState#APP} in every pod of Deployment
 * {@value DesiredState#APP}, each line prefixed as {@code kubectl logs --prefix} does. With {@code follow}, pods are
 * listed again every poll interval, so pods that start during a rollout join the stream, and the command ends when
 * no pod is left and every stream has ended (a followed log ends when its container stops).
 */
public final class PodLogs {

    /** What {@code logs} was asked for; {@code tail} applies to the pods there at the start, not to pods that join. */
    public record Request(boolean follow, Optional<Duration> since, Optional<Integer> tail, boolean previous) {
    }

    private final Cluster cluster;
    private final Console console;
    private final Duration pollInterval;

    public PodLogs(Cluster cluster, Console console, Duration pollInterval) {
        this.cluster = cluster;
        this.console = console;
        this.pollInterval = pollInterval;
    }

    public void show(Request request) {
        if (request.follow() && request.previous()) {
            throw DeployFailure.badInput("--previous shows the log of a container that has ended; it cannot be followed (-f)");
        }
        var selector = selector();
        var pods = pods(selector);
        if (pods.isEmpty()) {
            console.error("no pods of Deployment " + DesiredState.APP + " in namespace " + cluster.namespace());
            return;
        }
        if (!request.follow()) {
            pods.forEach(pod -> printLog(pod, request));
            return;
        }
        follow(selector, pods, request);
    }

    private void printLog(Pod pod, Request request) {
        var name = pod.getMetadata().getName();
        var container = container(pod);
        try {
            var log = cluster.call("get", "pods/" + name + "/log", () -> options(pod, request, true).getLog());
            log.lines().forEach(line -> console.line(prefix(name, container) + line));
        } catch (DeployFailure e) {
            if (e.exitCode() != DeployFailure.BAD_INPUT) {
                throw e;
            }
            // 400: the API server has no such log (no previous instance, or the container has not started yet)
            console.error(prefix(name, container) + "no " + (request.previous() ? "previous " : "") + "log: "
                    + e.getMessage().replaceFirst("^.*?: ", ""));
        }
    }

    private void follow(Map<String, String> selector, List<Pod> initial, Request request) {
        var streaming = new ConcurrentHashMap<String, Future<?>>();
        Set<String> startedWith = ConcurrentHashMap.newKeySet();
        initial.forEach(pod -> startedWith.add(pod.getMetadata().getUid()));
        ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
            var thread = new Thread(runnable, "myblog-logs");
            thread.setDaemon(true);
            return thread;
        });
        try {
            var pods = initial;
            while (true) {
                for (var pod : pods) {
                    var key = instance(pod);
                    if (started(pod) && !streaming.containsKey(key)) {
                        var fromStart = !startedWith.contains(pod.getMetadata().getUid());
                        streaming.put(key, readers.submit(() -> stream(pod, request, !fromStart)));
                    }
                }
                if (pods.isEmpty() && streaming.values().stream().allMatch(Future::isDone)) {
                    return;
                }
                sleep();
                pods = pods(selector);
            }
        } finally {
            readers.shutdownNow();
        }
    }

    /** Copies one followed log to the console until the API server ends it (the container stopped) or it fails. */
    private void stream(Pod pod, Request request, boolean withTail) {
        var name = pod.getMetadata().getName();
        var container = container(pod);
        try (var watch = options(pod, request, withTail).watchLog();
                var reader = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
            for (var line = reader.readLine(); line != null; line = reader.readLine()) {
                console.line(prefix(name, container) + line);
            }
        } catch (IOException | KubernetesClientException e) {
            console.error(prefix(name, container) + "log stream ended: " + e.getMessage());
        }
    }

    /** kubectl's flags as the API server's log parameters: previous, sinceSeconds, tailLines. */
    private Loggable options(Pod pod, Request request, boolean withTail) {
        // no wait for readiness: a crash-looping pod is never ready, and its log is what one wants to read
        ContainerResource container = cluster.client().pods().inNamespace(cluster.namespace())
                .withName(pod.getMetadata().getName()).inContainer(container(pod)).withReadyWaitTimeout(0);
        TimeTailPrettyLoggable instance = request.previous() ? container.terminated() : container;
        TailPrettyLoggable since = request.since()
                .map(d -> instance.sinceSeconds((int) Math.max(1, d.toSeconds()))).orElse(instance);
        return withTail && request.tail().isPresent() ? since.tailingLines(request.tail().get()) : since;
    }

    private Map<String, String> selector() {
        var deployment = cluster.call("get", "deployments.apps/" + DesiredState.APP, () -> cluster.client().apps()
                .deployments().inNamespace(cluster.namespace()).withName(DesiredState.APP).get());
        if (deployment == null) {
            throw DeployFailure.rollout("Deployment " + DesiredState.APP + " does not exist in namespace "
                    + cluster.namespace() + ": no logs to show");
        }
        return RolloutFollower.matchLabels(deployment.getSpec().getSelector());
    }

    private List<Pod> pods(Map<String, String> selector) {
        return cluster.call("list", "pods", () -> cluster.client().pods().inNamespace(cluster.namespace())
                .withLabels(selector).list().getItems()).stream()
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    private static String container(Pod pod) {
        var containers = pod.getSpec().getContainers();
        return containers.stream().map(c -> c.getName()).filter(DesiredState.APP::equals).findFirst()
                .orElse(containers.get(0).getName());
    }

    /** A container that has not started has no log yet (the API server answers 400); it is tried again next poll. */
    private static boolean started(Pod pod) {
        return status(pod).map(s -> s.getState() != null
                && (s.getState().getRunning() != null || s.getState().getTerminated() != null)).orElse(false);
    }

    /** One container instance: a restarted container is a new stream. */
    private static String instance(Pod pod) {
        return pod.getMetadata().getUid() + "/" + status(pod).map(ContainerStatus::getRestartCount).orElse(0);
    }

    private static Optional<ContainerStatus> status(Pod pod) {
        var name = container(pod);
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? Optional.empty()
                : pod.getStatus().getContainerStatuses().stream().filter(s -> name.equals(s.getName())).findFirst();
    }

    private static String prefix(String pod, String container) {
        return "[pod/" + pod + "/" + container + "] ";
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeployFailure.rollout("interrupted while following the logs");
        }
    }
}
