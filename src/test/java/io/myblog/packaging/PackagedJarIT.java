package io.myblog.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.myblog.support.MariaDbServer;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Runs the packaged jar as a container would: prod profile, configuration from the environment only. */
class PackagedJarIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterAll
    static void stopDatabase() {
        MariaDbServer.shutdown();
    }

    @Test
    void printsItsVersionWithMinusV() throws Exception {
        var log = Files.createTempFile("myblog-version", ".log");
        var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "-V").redirectErrorStream(true).redirectOutput(log.toFile()).start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process exits").isTrue();
        assertThat(process.exitValue()).isZero();
        var pom = Files.readString(Path.of("pom.xml"));
        var version = java.util.regex.Pattern.compile("<artifactId>myblog</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom).results().findFirst().orElseThrow().group(1);
        assertThat(Files.readAllLines(log)).contains("myblog " + version);
    }

    @Test
    void refusesToStartWithoutMysqlHostInOneLine() throws Exception {
        var log = Files.createTempFile("myblog-no-host", ".log");
        var process = launch(Map.of("MYSQL_USER", "myblog", "MYSQL_PASSWD", MariaDbServer.PASSWORD), freePort(), log);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process exits").isTrue();
        var output = Files.readString(log);
        assertThat(process.exitValue()).isEqualTo(78);
        var errors = output.lines().filter(line -> line.contains("ERROR")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("MYSQL_HOST is not set");
        assertThat(output).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain(MariaDbServer.PASSWORD);
    }

    @Test
    void turnsUnreadyOnSigtermThenFinishesAndExits() throws Exception {
        // Given the packaged service, ready against the real database
        var environment = MariaDbServer.get().environment(MariaDbServer.DATABASE);
        int port = freePort();
        var log = Files.createTempFile("myblog-shutdown", ".log");
        // a shutdown delay long enough that a loaded machine still sees the window in which readiness is DOWN
        var process = launch(environment, port, log, "-Dquarkus.shutdown.delay=15s");
        try {
            await("ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> status(port, "/q/health/ready") == 200);

            // When Kubernetes sends SIGTERM
            process.destroy();

            // Then readiness turns DOWN first while the process still serves, and it exits cleanly after the delay
            await("readiness DOWN during the shutdown delay").atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
                    .until(() -> status(port, "/q/health/ready") == 503);
            assertThat(status(port, "/q/health/live")).isEqualTo(200);
            assertThat(status(port, "/api/articles")).isEqualTo(200);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process exits").isTrue();
            assertThat(process.exitValue()).isIn(0, 143);
            assertThat(Files.readString(log)).doesNotContain(MariaDbServer.PASSWORD);

            // And, in the prod profile, its log is one JSON object per line, for a cluster's log collector
            var lines = Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
            assertThat(lines).isNotEmpty();
            for (var line : lines) {
                assertThat(JSON.readTree(line).isObject()).as(line).isTrue();
            }
        } finally {
            process.destroyForcibly();
        }
    }

    private static Process launch(Map<String, String> environment, int port, Path log, String... jvmOptions)
            throws IOException {
        assertThat(JAR).as("packaged by ./mvnw verify").exists();
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dquarkus.http.port=" + port);
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", JAR.toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MYSQL_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static int status(int port, String path) {
        try {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
