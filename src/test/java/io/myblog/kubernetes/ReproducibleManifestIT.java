package io.myblog.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A rebuild with nothing changed rolls nothing: a second build of the same source, from another git commit and with
 * the HTTP port overridden as {@code quarkus:dev -Dquarkus.http.port=…} would, writes a byte-identical
 * {@code kubernetes.yml}. Otherwise every rebuild would change the pod template and roll every pod.
 */
class ReproducibleManifestIT {

    private static final List<String> SOURCES = List.of("pom.xml", "mvnw", ".mvn", "src/main", "src/build");

    @Test
    void anotherBuildFromAnotherCommitOnAnotherPortWritesByteIdenticalManifests() throws Exception {
        // Given a copy of the sources in a git repository of its own, whose commit differs from this one
        var copy = Files.createTempDirectory("myblog-rebuild");
        for (var source : SOURCES) {
            copyTree(Path.of(source), copy.resolve(source));
        }
        run(copy, "git", "init", "-q");
        run(copy, "git", "-c", "user.name=rebuild", "-c", "user.email=rebuild@example.invalid", "add", "-A");
        run(copy, "git", "-c", "user.name=rebuild", "-c", "user.email=rebuild@example.invalid", "commit", "-q", "-m",
                "another commit " + System.nanoTime());

        // When it is built again, with the HTTP port a dev-mode session on another port would set
        var command = new ArrayList<>(List.of("./mvnw", "-o", "-q", "-B", "--no-transfer-progress", "package",
                "-DskipTests", "-Dquarkus.http.port=18123"));
        var repository = System.getProperty("maven.repo.local");
        if (repository != null) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        run(copy, command.toArray(String[]::new));

        // Then the manifests are the same, byte for byte
        var rebuilt = Files.readString(copy.resolve(GeneratedManifest.YAML));
        assertThat(rebuilt).isEqualTo(Files.readString(GeneratedManifest.YAML));
    }

    private static void run(Path directory, String... command) throws IOException, InterruptedException {
        var log = Files.createTempFile("rebuild", ".log");
        var process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(15, TimeUnit.MINUTES)).as("%s finishes", String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), Files.readString(log)).isZero();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (var path : paths.toList()) {
                var target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
