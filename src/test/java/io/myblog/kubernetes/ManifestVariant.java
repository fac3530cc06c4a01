package io.myblog.kubernetes;

import io.myblog.deploy.manifest.CompleteManifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The build step run again on a copy of the generated files with other {@code myblog.kubernetes.*} choices, as
 * {@code ./mvnw package -Dmyblog.kubernetes.…=…} does.
 */
final class ManifestVariant {

    static final Path APPLICATION_PROPERTIES = Path.of("src", "main", "resources", "application.properties");

    private ManifestVariant() {
    }

    /** {@code choices}: names without the {@code myblog.kubernetes.} prefix. */
    static GeneratedManifest of(Path parent, Map<String, String> choices) throws IOException {
        var directory = Files.createTempDirectory(parent, "variant");
        Files.copy(GeneratedManifest.YAML, directory.resolve("kubernetes.yml"));
        var overrides = new Properties();
        choices.forEach((name, value) -> overrides.setProperty("myblog.kubernetes." + name, value));
        CompleteManifests.run(APPLICATION_PROPERTIES, overrides, directory);
        return GeneratedManifest.read(directory.resolve("kubernetes.yml"));
    }
}
