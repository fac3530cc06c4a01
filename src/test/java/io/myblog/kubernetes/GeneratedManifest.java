package io.myblog.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The manifest {@code ./mvnw package} generated into target/kubernetes, read through fabric8 as a cluster would read
 * it. Tests that use it run in failsafe ({@code *IT}), because the file exists only after the package phase.
 */
public final class GeneratedManifest {

    public static final Path YAML = Path.of("target", "kubernetes", "kubernetes.yml");
    public static final Path JSON = Path.of("target", "kubernetes", "kubernetes.json");
    public static final String APP = "myblog";

    private final List<HasMetadata> objects;
    private final String text;

    private GeneratedManifest(List<HasMetadata> objects, String text) {
        this.objects = objects;
        this.text = text;
    }

    public static GeneratedManifest yaml() {
        return read(YAML);
    }

    public static GeneratedManifest json() {
        return read(JSON);
    }

    /** A manifest file elsewhere, e.g. a copy the build step completed with other properties. */
    public static GeneratedManifest read(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing: it is written by `./mvnw package`");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new GeneratedManifest(objects(Serialization.unmarshal(in)), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<HasMetadata> objects(Object parsed) {
        if (parsed instanceof KubernetesList list) {
            return list.getItems();
        }
        if (parsed instanceof List<?> list) {
            return (List<HasMetadata>) list;
        }
        return List.of((HasMetadata) parsed);
    }

    public List<HasMetadata> objects() {
        return objects;
    }

    /** The raw file, for checks that no value leaks in any form. */
    public String text() {
        return text;
    }

    public <T extends HasMetadata> Optional<T> find(Class<T> kind, String name) {
        return objects.stream().filter(kind::isInstance).map(kind::cast)
                .filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    public <T extends HasMetadata> T get(Class<T> kind, String name) {
        return find(kind, name).orElseThrow(
                () -> new AssertionError("no " + kind.getSimpleName() + " named " + name + " in the manifest"));
    }

    public Deployment deployment() {
        return get(Deployment.class, APP);
    }

    public StatefulSet mysql() {
        return get(StatefulSet.class, "mysql");
    }

    public Container mysqlContainer() {
        return container(mysql().getSpec().getTemplate().getSpec().getContainers(), "mysql");
    }

    public Container appContainer() {
        return container(deployment().getSpec().getTemplate().getSpec().getContainers(), APP);
    }

    public static Container container(List<Container> containers, String name) {
        return containers.stream().filter(c -> name.equals(c.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container named " + name));
    }

    public static Map<String, EnvVar> envByName(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
    }

    /** Keys the container reads from the named ConfigMap, by configMapKeyRef. */
    public static List<String> configMapKeys(Container container, String configMap) {
        return container.getEnv().stream()
                .map(EnvVar::getValueFrom).filter(Objects::nonNull)
                .map(s -> s.getConfigMapKeyRef()).filter(Objects::nonNull)
                .filter(ref -> configMap.equals(ref.getName()))
                .map(ref -> ref.getKey()).toList();
    }

    /** Keys the container reads from the named Secret, by secretKeyRef. */
    public static List<String> secretKeys(Container container, String secret) {
        return container.getEnv().stream()
                .map(EnvVar::getValueFrom).filter(Objects::nonNull)
                .map(s -> s.getSecretKeyRef()).filter(Objects::nonNull)
                .filter(ref -> secret.equals(ref.getName()))
                .map(ref -> ref.getKey()).toList();
    }
}
