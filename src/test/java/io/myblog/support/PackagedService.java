package io.myblog.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged jar run as a container would run it: prod profile, configuration from the environment only, on free
 * application and management ports.
 */
public final class PackagedService implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** Inherited from the build otherwise; each test says whether the service gets them. */
    private static final java.util.Set<String> OWN_SETTINGS = java.util.Set.of("MYBLOG_ADMIN_PASSWORD", "MYBLOG_TOKEN_KEY",
            "MYBLOG_TOKEN_KEY_PREVIOUS", "MYBLOG_TOKEN_KEY_PREVIOUS_UNTIL");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private PackagedService(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts the jar with exactly {@code environment} for MYSQL_* and the MYBLOG_* settings; the rest is inherited. */
    public static PackagedService start(Map<String, String> environment, String name, String... jvmOptions)
            throws IOException {
        assertThat(JAR).as("packaged by ./mvnw verify").exists();
        int port = Management.freePort();
        int managementPort = Management.freePort();
        var log = Files.createTempFile("myblog-" + name, ".log");
        var command = new ArrayList<String>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", JAR.toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("MYSQL_") || OWN_SETTINGS.contains(key));
        builder.environment().putAll(environment);
        return new PackagedService(builder.start(), port, managementPort, log);
    }

    public Process process() {
        return process;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The status of a GET on the application port, or -1 when nothing answers. */
    public int status(String path) {
        return get(port, path);
    }

    /** The status of a GET on the management port (health, metrics), or -1 when nothing answers. */
    public int managementStatus(String path) {
        return get(managementPort, path);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** One retry: a server that is shutting down may close a kept-alive connection just as the client reuses it. */
    private static int get(int port, String path) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build();
        for (int attempt = 1; ; attempt++) {
            try {
                return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                if (attempt == 2) {
                    return -1;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }
}
