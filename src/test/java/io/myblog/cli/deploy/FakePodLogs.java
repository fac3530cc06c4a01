package io.myblog.cli.deploy;

import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The kubelet's side of {@code GET /api/v1/namespaces/{ns}/pods/{pod}/log} for the mock API server, with the
 * parameters of PodLogOptions as the API reference documents them
 * (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#get-read-log-of-the-specified-pod):
 * {@code previous} reads the previous terminated instance (400 when there is none), {@code sinceSeconds} keeps lines
 * written within that many seconds, {@code tailLines} keeps the last N of those. A {@code follow} request is answered
 * with the log so far and then ended, as a real server ends it when the container stops: the mock cannot hold a
 * response open, so a followed pod here is one whose container has stopped after writing what it wrote.
 */
final class FakePodLogs {

    /** One line as the kubelet stores it: with the time it was written. */
    record Line(Instant at, String text) {
    }

    private static final Pattern PREVIOUS = Pattern.compile("[?&]previous=true");
    private static final Pattern SINCE = Pattern.compile("[?&]sinceSeconds=(\\d+)");
    private static final Pattern TAIL = Pattern.compile("[?&]tailLines=(\\d+)");

    private final Map<String, List<Line>> current = new ConcurrentHashMap<>();
    private final Map<String, List<Line>> previous = new ConcurrentHashMap<>();
    private final java.util.Set<String> asked = ConcurrentHashMap.newKeySet();

    /** The running container of {@code pod} wrote {@code text} (one or more lines) now. */
    void write(String pod, String text) {
        write(pod, Instant.now(), text);
    }

    void write(String pod, Instant at, String text) {
        var lines = current.computeIfAbsent(pod, p -> new CopyOnWriteArrayList<>());
        text.lines().forEach(line -> lines.add(new Line(at, line)));
    }

    /** The previous, terminated instance of the container in {@code pod} had written {@code text}. */
    void writePrevious(String pod, String text) {
        var lines = previous.computeIfAbsent(pod, p -> new CopyOnWriteArrayList<>());
        text.lines().forEach(line -> lines.add(new Line(Instant.now(), line)));
    }

    /** Whether anyone has asked for the log of {@code pod}. */
    boolean asked(String pod) {
        return asked.contains(pod);
    }

    MockResponse respond(String pod, String path) {
        asked.add(pod);
        var wantPrevious = PREVIOUS.matcher(path).find();
        var lines = (wantPrevious ? previous : current).get(pod);
        if (lines == null) {
            return wantPrevious
                    ? status(400, "previous terminated container in pod \"" + pod + "\" not found")
                    : status(404, "pods \"" + pod + "\" not found");
        }
        var kept = new ArrayList<>(lines);
        var since = SINCE.matcher(path);
        if (since.find()) {
            var from = Instant.now().minusSeconds(Long.parseLong(since.group(1)));
            kept.removeIf(line -> line.at().isBefore(from));
        }
        var tail = TAIL.matcher(path);
        if (tail.find()) {
            int keep = Integer.parseInt(tail.group(1));
            kept = new ArrayList<>(kept.subList(Math.max(0, kept.size() - keep), kept.size()));
        }
        var body = new StringBuilder();
        kept.forEach(line -> body.append(line.text()).append('\n'));
        return new MockResponse().setResponseCode(200).setBody(body.toString());
    }

    private static MockResponse status(int code, String message) {
        return new MockResponse().setResponseCode(code).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"status\":\"Failure\",\"code\":" + code + ",\"message\":\"" + message.replace("\"", "\\\"") + "\"}");
    }
}
