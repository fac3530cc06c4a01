package io.myblog.cli.deploy;

import io.myblog.shared.ConfigHash;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Measures the packaged controller ({@code myblog controller}) the way its pod runs it, for its requests and limits
 * (bench/README.md, "The controller"): the image's JAVA_FLAGS, MaxRAM standing in for the pod's memory limit, against
 * the mock API server with a deployed stack, through one config change and its restart. Not a test: run by hand.
 * Arguments: the java to run it with (the image's Java 25), the memory limit (e.g. 384m), seconds to sample.
 */
public final class ControllerFootprint {

    private static final Path QUARKUS_APP = Path.of("target", "quarkus-app").toAbsolutePath();
    private static final Pattern JAVA_FLAGS = Pattern.compile("ENV JAVA_FLAGS=\"([^\"]+)\"");
    private static final Duration BOUND = Duration.ofSeconds(120);

    private ControllerFootprint() {
    }

    public static void main(String[] args) throws Exception {
        var java = args[0];
        var limit = args[1];
        int seconds = Integer.parseInt(args[2]);
        var dockerfile = Files.readString(Path.of("src", "main", "docker", "Dockerfile.jvm"));
        var matcher = JAVA_FLAGS.matcher(dockerfile);
        if (!matcher.find()) {
            throw new IllegalStateException("no ENV JAVA_FLAGS line in Dockerfile.jvm");
        }
        try (var cluster = new FakeCluster();
                var kubeconfig = new Kubeconfig(Map.of("footprint", cluster.api.url()), "footprint")) {
            var deployed = cluster.cli.deploy();
            if (deployed.exitCode() != 0) {
                throw new IllegalStateException("the fixture stack did not deploy: " + deployed.all());
            }
            int management = freePort();
            var command = new ArrayList<>(List.of(java));
            command.addAll(List.of(matcher.group(1).split(" ")));
            command.addAll(List.of("-XX:MaxRAM=" + limit, "-Djava.io.tmpdir=" + Files.createTempDirectory("ctl"),
                    "-Dquarkus.management.port=" + management, "-Dmyblog.reload.namespace=" + FakeControllers.NAMESPACE,
                    "-Dmyblog.reload.identity=footprint", "-jar", "quarkus-run.jar", "controller"));
            var log = Files.createTempFile("controller-footprint", ".log");
            var builder = new ProcessBuilder(command).directory(QUARKUS_APP.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("MYSQL_") || name.startsWith("KUBERNETES_"));
            builder.environment().put("KUBECONFIG", kubeconfig.file().toString());
            var started = Instant.now();
            var process = builder.start();
            try {
                until(() -> ready(management), "the controller's readiness on :" + management + " (log " + log + ")");
                var toReady = Duration.between(started, Instant.now());
                var cpuAtReady = cpuMillis(process.pid());
                var rssAtReady = status(process.pid(), "VmRSS");
                // One config change, so the watch, the debounce and the restart patch have run once.
                var before = hash(cluster);
                cluster.client.configMaps().inNamespace(FakeControllers.NAMESPACE).withName("myblog").edit(cm -> {
                    var data = new HashMap<>(cm.getData());
                    data.put("MYSQL_PORT", "3307");
                    cm.setData(data);
                    return cm;
                });
                until(() -> !before.equals(hash(cluster)), "the controller's restart after a ConfigMap change");
                long min = Long.MAX_VALUE;
                long max = 0;
                for (int i = 0; i < seconds; i++) {
                    Thread.sleep(1000);
                    var rss = status(process.pid(), "VmRSS");
                    min = Math.min(min, rss);
                    max = Math.max(max, rss);
                }
                System.out.printf("controller: ready in %d ms, %d ms CPU to ready, RSS at ready %d MB; after one "
                        + "restart over %d s: RSS %d-%d MB (anonymous %d MB), peak (VmHWM) %d MB, CPU %d ms in all%n",
                        toReady.toMillis(), cpuAtReady, rssAtReady / 1024, seconds, min / 1024, max / 1024,
                        status(process.pid(), "RssAnon") / 1024, status(process.pid(), "VmHWM") / 1024,
                        cpuMillis(process.pid()));
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
        // The mock web server's threads are not daemons: without this the JVM outlives main.
        System.exit(0);
    }

    private static String hash(FakeCluster cluster) {
        return cluster.client.apps().deployments().inNamespace(FakeControllers.NAMESPACE).withName("myblog").get()
                .getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.ANNOTATION);
    }

    private static boolean ready(int port) {
        try {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void until(Condition condition, String what) throws Exception {
        var deadline = Instant.now().plus(BOUND);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gave up after " + BOUND.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** A field of /proc/PID/status, in kB. */
    private static long status(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(line -> line.startsWith(field + ":")).findFirst()
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).orElseThrow();
    }

    /** User plus system CPU time of the process, from /proc/PID/stat (in clock ticks of 10 ms). */
    private static long cpuMillis(long pid) throws IOException {
        var stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
