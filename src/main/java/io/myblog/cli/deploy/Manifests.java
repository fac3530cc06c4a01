package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds and reads the manifests the build generated: from the source tree, or from the image's copy. */
public final class Manifests {

    /** Where {@code mvn package} writes them. */
    public static final Path BUILD_OUTPUT = Path.of("target", "kubernetes", "kubernetes.yml");
    /** Where the container image carries them, so the image can deploy itself without the source tree. */
    public static final Path IN_IMAGE = Path.of("/deployments", "kubernetes.yml");

    private Manifests() {
    }

    /** The explicit path if given, else the build output, else the image's copy. */
    public static Path locate(Optional<Path> explicit) {
        if (explicit.isPresent()) {
            return explicit.get();
        }
        if (Files.isRegularFile(BUILD_OUTPUT)) {
            return BUILD_OUTPUT;
        }
        if (Files.isRegularFile(IN_IMAGE)) {
            return IN_IMAGE;
        }
        throw DeployFailure.badInput("no manifests found at " + BUILD_OUTPUT + " (run ./mvnw package) or " + IN_IMAGE
                + "; pass --manifests PATH");
    }

    public static List<HasMetadata> read(Path file) {
        return parse(InputFile.read(file, "manifests"), file.toString());
    }

    /** The objects of multi-document YAML; {@code origin} names it in errors. */
    public static List<HasMetadata> parse(String text, String origin) {
        var file = origin;
        var objects = new ArrayList<HasMetadata>();
        var documents = text.split("(?m)^---\\s*$");
        int line = 1;
        for (var document : documents) {
            if (!document.isBlank()) {
                objects.add(parse(file, line, document));
            }
            line += document.split("\n", -1).length;
        }
        if (objects.isEmpty()) {
            throw DeployFailure.badInput("manifests " + file + " contain no Kubernetes objects");
        }
        return objects;
    }

    private static HasMetadata parse(String file, int firstLine, String document) {
        Object parsed;
        try {
            parsed = Serialization.unmarshal(document);
        } catch (RuntimeException e) {
            throw DeployFailure.badInput(file + ": the document starting at line " + firstLine
                    + " is not a Kubernetes object (needs apiVersion, kind and metadata.name)");
        }
        if (!(parsed instanceof HasMetadata object) || object.getMetadata() == null
                || object.getMetadata().getName() == null) {
            throw DeployFailure.badInput(file + ": the document starting at line " + firstLine
                    + " is not a Kubernetes object (needs apiVersion, kind and metadata.name)");
        }
        return object;
    }
}
