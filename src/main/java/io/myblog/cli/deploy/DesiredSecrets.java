package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The two Secrets of the stack. Secret {@value DesiredState#APP} holds only what the app reads (the course's
 * {@code secret.txt} has just MYSQL_USER and MYSQL_PASSWD; MYSQL_DATABASE defaults to {@value #DEFAULT_DATABASE}).
 * MySQL's root password lives in Secret {@value #ROOT}, which the app's Role cannot read: given in the env file, or
 * generated once and kept.
 */
public final class DesiredSecrets {

    public static final String ROOT = "mysql-root";
    public static final String ROOT_PASSWORD = "MYSQL_ROOT_PASSWORD";
    public static final String DATABASE_KEY = "MYSQL_DATABASE";
    public static final String DEFAULT_DATABASE = "myblog";
    /** The placeholders of deploy/secret.env.example: deploying them would give MySQL a published password. */
    public static final Set<String> EXAMPLE_VALUES = Set.of("change-me", "change-me-too");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int GENERATED_BYTES = 24;

    private DesiredSecrets() {
    }

    /** Secret myblog from the env file: its entries without the root password, MYSQL_DATABASE defaulted. */
    public static Secret app(String namespace, Map<String, String> envFile) {
        var values = new LinkedHashMap<>(envFile);
        values.remove(ROOT_PASSWORD);
        values.putIfAbsent(DATABASE_KEY, DEFAULT_DATABASE);
        return secret(namespace, DesiredState.APP, values);
    }

    public static Secret root(String namespace, String password) {
        return secret(namespace, ROOT, Map.of(ROOT_PASSWORD, password));
    }

    /** 24 random bytes, URL-safe base64: 32 characters MySQL accepts in any client's quoting. */
    public static String generatePassword() {
        var bytes = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Refuses an env file that still carries the example's placeholders, naming the keys, never the values. */
    public static void refuseExampleValues(Path file, Map<String, String> values) {
        var keys = values.entrySet().stream().filter(e -> EXAMPLE_VALUES.contains(e.getValue().strip()))
                .map(Map.Entry::getKey).sorted().toList();
        if (!keys.isEmpty()) {
            throw DeployFailure.badInput(file + ": " + String.join(", ", keys) + " still "
                    + (keys.size() == 1 ? "has" : "have") + " the placeholder value of deploy/secret.env.example; "
                    + "set real values, or pass --allow-example-values to deploy them anyway (never on a shared cluster)");
        }
    }

    private static Secret secret(String namespace, String name, Map<String, String> values) {
        var data = new LinkedHashMap<String, String>();
        values.forEach((key, value) -> data.put(key,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/name", name).addToLabels("app.kubernetes.io/part-of", DesiredState.APP)
                .addToLabels("app.kubernetes.io/managed-by", DesiredState.APP)
                .endMetadata().withType("Opaque").withData(data).build();
    }
}
