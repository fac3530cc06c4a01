package io.myblog.kubernetes;

import static io.myblog.kubernetes.GeneratedManifest.APP;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the pods read must exist where they read it from: the shipped ConfigMap and the documented Secret. */
class ManifestConsistencyIT {

    static final Path SECRET_EXAMPLE = Path.of("deploy", "secret.env.example");

    private final GeneratedManifest manifest = GeneratedManifest.yaml();

    @Test
    void everyConfigMapKeyTheDeploymentNeedsIsShippedAndEveryOptionalOneDocumented() throws IOException {
        var shipped = manifest.get(ConfigMap.class, APP).getData().keySet();
        var refs = podContainers().flatMap(c -> c.getEnv().stream())
                .map(env -> env.getValueFrom() == null ? null : env.getValueFrom().getConfigMapKeyRef())
                .filter(ref -> ref != null && APP.equals(ref.getName())).toList();
        var required = refs.stream().filter(ref -> !Boolean.TRUE.equals(ref.getOptional())).map(ref -> ref.getKey())
                .toList();

        assertThat(required).isNotEmpty();
        assertThat(shipped).containsAll(required);
        // An optional key is the operator's to add (deploy then leaves it alone): the README must say it exists.
        var readme = Files.readString(Path.of("README.md"));
        refs.stream().filter(ref -> Boolean.TRUE.equals(ref.getOptional())).forEach(ref -> assertThat(readme)
                .as("README documents optional key " + ref.getKey()).contains("`" + ref.getKey() + "`"));
    }

    @Test
    void everySecretKeyThePodsReadIsInTheSecretExample() throws IOException {
        var documented = new java.util.HashSet<>(secretExample().keySet());
        documented.addAll(optionalInSecretExample());
        var read = Stream.concat(podContainers(), mysqlContainers())
                .flatMap(c -> GeneratedManifest.secretKeys(c, APP).stream()).collect(Collectors.toSet());

        assertThat(read).contains("MYSQL_USER", "MYSQL_PASSWD");
        assertThat(documented).containsAll(read);
    }

    @Test
    void keysTheExampleLeavesCommentedOutAreOptionalForThePodsOrMadeByDeploy() throws IOException {
        var optionalRefs = podContainers().flatMap(c -> c.getEnv().stream())
                .map(env -> env.getValueFrom() == null ? null : env.getValueFrom().getSecretKeyRef())
                .filter(ref -> ref != null && APP.equals(ref.getName()) && Boolean.TRUE.equals(ref.getOptional()))
                .map(ref -> ref.getKey()).collect(Collectors.toSet());

        var commentedOut = new java.util.HashSet<>(optionalInSecretExample());
        assertThat(commentedOut).isNotEmpty();
        // the one key a pod needs that the file may leave out: deploy generates it when the Secret has none
        assertThat(commentedOut.remove(io.myblog.shared.TokenKeys.KEY)).isTrue();
        assertThat(optionalRefs).doesNotContain(io.myblog.shared.TokenKeys.KEY).containsAll(commentedOut);
    }

    @Test
    void secretExampleDocumentsNoKeyThatNothingReads() throws IOException {
        // deploy moves MYSQL_ROOT_PASSWORD from the env file into Secret mysql-root (issue 11)
        var read = Stream.concat(podContainers(), mysqlContainers())
                .flatMap(c -> Stream.concat(GeneratedManifest.secretKeys(c, APP).stream(),
                        GeneratedManifest.secretKeys(c, "mysql-root").stream()))
                .collect(Collectors.toSet());

        assertThat(read).containsAll(secretExample().keySet());
    }

    private Stream<Container> podContainers() {
        var pod = manifest.deployment().getSpec().getTemplate().getSpec();
        return Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream());
    }

    private Stream<Container> mysqlContainers() {
        return manifest.get(StatefulSet.class, "mysql").getSpec().getTemplate().getSpec().getContainers().stream();
    }

    /** The keys deploy/secret.env.example shows commented out ({@code # KEY=...}): a deploy works without them. */
    static java.util.Set<String> optionalInSecretExample() throws IOException {
        return Files.readAllLines(SECRET_EXAMPLE).stream().map(OPTIONAL_KEY::matcher).filter(java.util.regex.Matcher::matches)
                .map(m -> m.group(1)).collect(Collectors.toSet());
    }

    private static final java.util.regex.Pattern OPTIONAL_KEY = java.util.regex.Pattern.compile("# ([A-Z][A-Z0-9_]*)=.*");

    /** deploy/secret.env.example in kubectl's --from-env-file format: KEY=value lines, # comments. */
    static Map<String, String> secretExample() throws IOException {
        var properties = new Properties();
        properties.load(new StringReader(Files.readString(SECRET_EXAMPLE)));
        return properties.stringPropertyNames().stream()
                .collect(Collectors.toMap(k -> k, properties::getProperty));
    }
}
