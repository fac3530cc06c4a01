package io.myblog.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as a command-line tool: a subcommand starts neither Quarkus nor anything only the service uses.
 * The JVM's class-load log is the witness: what was never loaded was never started.
 */
class CommandLineJarIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** Loaded only when the service starts: the application, HTTP server, datasource, Hibernate, Flyway, monitor. */
    private static final List<String> SERVICE_ONLY = List.of("io.quarkus.runner.ApplicationImpl",
            "io.quarkus.vertx.http.runtime.", "io.agroal.", "org.hibernate.", "org.flywaydb.",
            "io.myblog.service.database.DatabaseMonitor", "io.myblog.controller.ConfigReloader");

    /** What one run printed, and the classes it loaded. */
    private record Run(int exitCode, String output, String classesLoaded) {
    }

    @Test
    void helpListsEveryCommandWithoutStartingTheService() throws Exception {
        var run = run(null, "--help");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("deploy", "status", "rollback", "restart", "undeploy", "history", "logs",
                "diff", "render", "Exit codes:");
        assertThat(run.classesLoaded()).contains("io.myblog.cli.MyblogCommand");
        SERVICE_ONLY.forEach(prefix -> assertThat(run.classesLoaded()).as("loaded " + prefix)
                .doesNotContain(" " + prefix));
    }

    @Test
    void statusAgainstAnUnreachableApiSaysSoAndExits3WithoutStartingTheService() throws Exception {
        var kubeconfig = Files.createTempFile("unreachable", ".kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: unreachable
                  cluster:
                    server: https://127.0.0.1:%d
                contexts:
                - name: unreachable
                  context: {cluster: unreachable, user: nobody, namespace: jds}
                current-context: unreachable
                users:
                - name: nobody
                  user: {token: not-a-real-token}
                """.formatted(closedPort()));

        var run = run(kubeconfig, "status");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).contains("cannot reach the Kubernetes API at https://127.0.0.1:")
                .doesNotContain("\tat ", "not-a-real-token");
        SERVICE_ONLY.forEach(prefix -> assertThat(run.classesLoaded()).as("loaded " + prefix)
                .doesNotContain(" " + prefix));
    }

    @Test
    void renderWritesTheGeneratedStackFromLocalFilesWithoutStartingTheService() throws Exception {
        var out = Files.createTempDirectory("myblog-render").resolve("gitops");

        var run = run(null, "render", "--secret-env-file", "deploy/secret.env.example", "--out", out.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(out.resolve("kustomization.yaml")).content().contains("Secret jds/myblog");
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .anyMatch(name -> name.endsWith("-deployment-myblog-controller.yaml"))
                    .anyMatch(name -> name.endsWith("-networkpolicy-myblog-controller.yaml"))
                    .noneMatch(name -> name.contains("-secret-"));
        }
        SERVICE_ONLY.forEach(prefix -> assertThat(run.classesLoaded()).as("loaded " + prefix)
                .doesNotContain(" " + prefix));
    }

    private static Run run(Path kubeconfig, String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("packaged by ./mvnw verify").exists();
        var output = Files.createTempFile("myblog-cli", ".out");
        var classes = Files.createTempFile("myblog-cli", ".classes");
        var command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xlog:class+load=info:file=" + classes, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MYSQL_") || name.startsWith("KUBERNETES_"));
        if (kubeconfig != null) {
            builder.environment().put("KUBECONFIG", kubeconfig.toString());
        }
        var process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the command exits").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), Files.readString(output), Files.readString(classes));
    }

    private static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
