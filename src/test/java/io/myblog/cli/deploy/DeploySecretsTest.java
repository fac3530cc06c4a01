package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.myblog.shared.TokenKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The course's own secret file works; MySQL's root password lives apart from the app's; nothing half-applied. */
class DeploySecretsTest {

    private static final String WITH_ROOT = Cli.FIXTURES + "with-root.env";
    private static final String GIVEN_ROOT_PASSWORD = "R00t-Pa55word-given";

    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void courseSecretWithOnlyUserAndPasswordDeploysAndMysqlRootIsGeneratedOnceAndKept() throws Exception {
        assertThat(envKeys(Cli.SECRET_ENV)).containsExactlyInAnyOrder("MYSQL_USER", "MYSQL_PASSWD");

        var first = cluster.cli.deploy();

        assertThat(first.exitCode()).as(first.all()).isZero();
        var app = secret("myblog");
        assertThat(app.getData()).containsOnlyKeys("MYSQL_USER", "MYSQL_PASSWD", "MYSQL_DATABASE", TokenKey.KEY)
                .containsEntry("MYSQL_DATABASE", b64(DesiredSecrets.DEFAULT_DATABASE));
        var generated = decode(secret(DesiredSecrets.ROOT).getData().get(DesiredSecrets.ROOT_PASSWORD));
        assertThat(generated).hasSizeGreaterThanOrEqualTo(32);
        assertThat(first.all()).contains("MySQL's root password generated").doesNotContain(generated, b64(generated));

        // When deployed again with the same file
        var second = cluster.cli.deploy();

        // Then the root password is the one generated the first time
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(decode(secret(DesiredSecrets.ROOT).getData().get(DesiredSecrets.ROOT_PASSWORD))).isEqualTo(generated);
        assertThat(second.out()).contains("Secret jds/mysql-root kept").doesNotContain(generated);
    }

    @Test
    void givenRootPasswordGoesToMysqlRootNotToTheAppsSecret() {
        var run = cluster.cli.run("deploy", "--manifests", Cli.MANIFESTS, "--secret-env-file", WITH_ROOT, "--timeout", "60s");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(secret("myblog").getData()).doesNotContainKey(DesiredSecrets.ROOT_PASSWORD);
        assertThat(decode(secret(DesiredSecrets.ROOT).getData().get(DesiredSecrets.ROOT_PASSWORD)))
                .isEqualTo(GIVEN_ROOT_PASSWORD);
        assertThat(run.all()).doesNotContain(GIVEN_ROOT_PASSWORD);
    }

    @Test
    void preflightNamesAMissingKeyItsObjectAndReaderAndWritesNothing() throws Exception {
        // Given manifests whose Deployment also reads a key the Secret will not have
        var manifests = Files.createTempFile("manifests", ".yml");
        var reader = "          envFrom:\n            - configMapRef:\n";
        Files.writeString(manifests, Files.readString(Path.of(Cli.MANIFESTS)).replace(reader,
                "          env:\n            - name: SIGNING_KEY\n              valueFrom:\n                secretKeyRef:\n"
                        + "                  name: myblog\n                  key: SIGNING_KEY\n" + reader));

        var run = cluster.cli.run("deploy", "--manifests", manifests.toString(), "--secret-env-file", Cli.SECRET_ENV,
                "--timeout", "60s");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("nothing was changed", "key SIGNING_KEY is missing from Secret myblog",
                "Deployment myblog (container myblog)");
        assertThat(cluster.api.writes()).isEmpty();
    }

    @Test
    void examplePlaceholdersAreRefusedUnlessAllowed() {
        var refused = cluster.cli.run("deploy", "--manifests", Cli.MANIFESTS, "--secret-env-file",
                "deploy/secret.env.example", "--timeout", "60s");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("MYSQL_PASSWD", "MYSQL_ROOT_PASSWORD", "placeholder", "--allow-example-values");
        assertThat(cluster.api.writes()).isEmpty();

        var allowed = cluster.cli.run("deploy", "--manifests", Cli.MANIFESTS, "--secret-env-file",
                "deploy/secret.env.example", "--allow-example-values", "--timeout", "60s");

        assertThat(allowed.exitCode()).as(allowed.all()).isZero();
    }

    @Test
    void aRotationGivesANewKeyAndKeepsTheOldOneForOneTokenLifetimeWithoutPrintingEither() {
        // Given a deployed stack and its token key
        assertThat(cluster.cli.deploy().exitCode()).isZero();
        var first = decode(secret("myblog").getData().get(TokenKey.KEY));

        // When deploy rotates the key with the env file
        var rotated = cluster.cli.run("deploy", "--manifests", Cli.MANIFESTS, "--secret-env-file", Cli.SECRET_ENV,
                "--rotate-token-key", "--timeout", "60s");

        // Then the Secret has a new key, the old one as the previous, and an end one lifetime after the deploy's
        assertThat(rotated.exitCode()).as(rotated.all()).isZero();
        var data = secret("myblog").getData();
        var second = decode(data.get(TokenKey.KEY));
        assertThat(second).isNotEqualTo(first).hasSizeGreaterThanOrEqualTo(TokenKeys.MIN_BYTES);
        assertThat(decode(data.get(TokenKeys.PREVIOUS))).isEqualTo(first);
        var until = java.time.Instant.parse(decode(data.get(TokenKeys.PREVIOUS_UNTIL)));
        assertThat(until).isAfter(java.time.Instant.now().plus(TokenKeys.defaultLifetime()))
                .isBefore(java.time.Instant.now().plus(TokenKeys.defaultLifetime()).plusSeconds(120));
        assertThat(rotated.all()).doesNotContain(first, second, b64(first), b64(second));

        // When a later deploy runs without --rotate-token-key, the key and the previous one stay
        assertThat(cluster.cli.deploy().exitCode()).isZero();
        assertThat(secret("myblog").getData()).containsEntry(TokenKey.KEY, b64(second))
                .containsEntry(TokenKeys.PREVIOUS, b64(first));

        // When deploy rotates without an env file, the live Secret's key moves to the previous
        var again = cluster.cli.run("deploy", "--manifests", Cli.MANIFESTS, "--rotate-token-key", "--timeout", "60s");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains("MYBLOG_TOKEN_KEY rotated; the previous key is accepted until");
        assertThat(decode(secret("myblog").getData().get(TokenKeys.PREVIOUS))).isEqualTo(second);
        assertThat(again.all()).doesNotContain(second, decode(secret("myblog").getData().get(TokenKey.KEY)));
    }

    @Test
    void aPreviousKeyWhoseEndHasPassedIsDroppedByTheNextDeploy() {
        // Given a Secret that an earlier deploy's rotation left with a previous key whose end passed a minute ago
        assertThat(cluster.cli.deploy().exitCode()).isZero();
        var rotatedEarlier = new io.fabric8.kubernetes.api.model.SecretBuilder(secret("myblog")).editMetadata()
                .withManagedFields().withResourceVersion(null).endMetadata()
                .addToData(TokenKeys.PREVIOUS, b64("an-old-key-whose-rotation-has-ended-long-ago"))
                .addToData(TokenKeys.PREVIOUS_UNTIL, b64(java.time.Instant.now().minusSeconds(60).toString())).build();
        cluster.client.resource(rotatedEarlier).fieldManager("myblog").forceConflicts().serverSideApply();

        assertThat(cluster.cli.deploy().exitCode()).isZero();

        assertThat(secret("myblog").getData()).doesNotContainKeys(TokenKeys.PREVIOUS, TokenKeys.PREVIOUS_UNTIL);
    }

    private Secret secret(String name) {
        return cluster.client.secrets().inNamespace("jds").withName(name).get();
    }

    private static java.util.Set<String> envKeys(String file) throws Exception {
        var properties = new Properties();
        try (var reader = Files.newBufferedReader(Path.of(file))) {
            properties.load(reader);
        }
        return properties.stringPropertyNames();
    }

    private static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String value) {
        return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }
}
