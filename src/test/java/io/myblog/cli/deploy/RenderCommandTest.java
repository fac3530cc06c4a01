package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * render writes what deploy would apply as a kustomize directory (issue 25, GitOps): Debian's kubectl builds it into
 * exactly the objects of {@code deploy --dry-run}, Secrets left out, and no Secret value is in any file; what it adds
 * for Argo CD and Flux runs the migration Job in deploy's place.
 */
class RenderCommandTest {

    /** The fixture env file plus a token key, so that both runs hash the same Secret (else deploy makes one up). */
    private static final String TOKEN_KEY = "MYBLOG_TOKEN_KEY=render-test-key-0123456789abcdef0123456789abcdef";

    private static final String ARGO_CD = "argocd.argoproj.io/";
    private static final String FLUX = "kustomize.toolkit.fluxcd.io/";

    /** Neither command may contact a cluster: both work from local files. */
    private final Cli cli = new Cli(options -> {
        throw new AssertionError("render and a dry run with an env file contact no cluster");
    });

    @TempDir
    Path work;

    @Test
    void kubectlKustomizeOfTheRenderGivesTheObjectsOfTheDryRunWithoutTheSecrets() throws Exception {
        // Given
        var env = envFile();
        var out = work.resolve("gitops");

        // When
        var render = cli.run("render", "--manifests", Cli.MANIFESTS, "--secret-env-file", env.toString(),
                "--image", "registry.example/myblog:2.0.0", "--out", out.toString());
        var dryRun = cli.run("deploy", "--dry-run", "--manifests", Cli.MANIFESTS, "--secret-env-file", env.toString(),
                "--image", "registry.example/myblog:2.0.0");

        // Then
        assertThat(render.exitCode()).as(render.all()).isZero();
        assertThat(dryRun.exitCode()).as(dryRun.all()).isZero();
        var planned = objects(dryRun.out());
        assertThat(planned).filteredOn(Secret.class::isInstance).isNotEmpty();
        assertThat(dryRun.out()).as("deploy sends no GitOps annotations").doesNotContain(ARGO_CD, FLUX);
        // less the backup Job: a deploy's step named by its time, which a GitOps repository would see change each render
        assertThat(objects(kustomize(out)).stream().map(RenderCommandTest::withoutGitOpsOrder).toList())
                .isEqualTo(planned.stream().filter(o -> !(o instanceof Secret) && !BackupJob.isBackupJob(o))
                        .map(RenderCommandTest::withoutGitOpsOrder).toList());
        assertThat(Files.readString(out.resolve("kustomization.yaml")))
                .contains("Secret jds/myblog", "Secret jds/mysql-root");
    }

    @Test
    void argoCdRunsTheMigrationJobAfterEverythingItReadsAndBeforeTheDeployment() throws Exception {
        var out = work.resolve("gitops");
        assertThat(render(out).exitCode()).isZero();

        var objects = objects(kustomize(out));

        var job = (Job) objects.stream().filter(MigrationJob::isMigrationJob).findFirst().orElseThrow();
        var app = objects.stream().filter(o -> o instanceof Deployment && o.getMetadata().getName().equals("myblog"))
                .findFirst().orElseThrow();
        var pod = job.getSpec().getTemplate().getSpec();
        var read = new java.util.ArrayList<HasMetadata>();
        for (var object : objects) {
            var name = object.getMetadata().getName();
            boolean configMap = object instanceof ConfigMap && pod.getContainers().get(0).getEnvFrom().stream()
                    .anyMatch(from -> from.getConfigMapRef() != null && from.getConfigMapRef().getName().equals(name));
            if (configMap || object instanceof ServiceAccount && name.equals(pod.getServiceAccountName())
                    || object instanceof StatefulSet || object instanceof NetworkPolicy || object instanceof Namespace) {
                read.add(object);
            }
        }
        assertThat(read).extracting(HasMetadata::getKind).contains("Namespace", "ConfigMap", "ServiceAccount", "StatefulSet");
        assertThat(read).allSatisfy(o -> assertThat(argoCdStep(o)).as(DesiredState.describe(o)).isLessThan(argoCdStep(job)));
        assertThat(argoCdStep(app)).isGreaterThan(argoCdStep(job));
        assertThat(job.getMetadata().getAnnotations()).as("a hook, which Argo CD waits for and replaces on the next sync")
                .containsEntry(GitOpsOrder.ARGO_HOOK, "Sync")
                .hasEntrySatisfying(GitOpsOrder.ARGO_HOOK_DELETE_POLICY, policy -> assertThat(policy).contains("BeforeHookCreation"));
    }

    @Test
    void fluxRecreatesTheJobWhenItsTemplateChangesAndNeverBringsBackOneItRan() throws Exception {
        var out = work.resolve("gitops");
        assertThat(render(out).exitCode()).isZero();

        var job = (Job) objects(kustomize(out)).stream().filter(MigrationJob::isMigrationJob).findFirst().orElseThrow();

        // a Job's pod template is immutable: force makes kustomize-controller delete and create it instead of failing
        assertThat(job.getMetadata().getAnnotations()).containsEntry(GitOpsOrder.FLUX_FORCE, "enabled");
        // Flux re-creates what went missing from its source: a TTL's deletion would run the migration again
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isNull();
    }

    @Test
    void noSecretValueIsWrittenAnywhere() throws Exception {
        var out = work.resolve("gitops");

        var render = cli.run("render", "--manifests", Cli.MANIFESTS, "--secret-env-file", envFile().toString(),
                "--out", out.toString());

        assertThat(render.exitCode()).as(render.all()).isZero();
        try (var files = Files.list(out)) {
            for (var file : files.toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(Cli.SECRET_VALUE)
                        .doesNotContain(TOKEN_KEY.substring(TOKEN_KEY.indexOf('=') + 1)).doesNotContain("kind: \"Secret\"");
            }
        }
        assertThat(render.all()).doesNotContain(Cli.SECRET_VALUE);
    }

    @Test
    void aSecondRenderReplacesTheFirstButNeverFilesItDidNotWrite() throws Exception {
        var out = work.resolve("gitops");
        assertThat(render(out).exitCode()).isZero();
        Files.writeString(out.resolve("01-stale-object.yaml"), "kind: Stale\n");

        assertThat(render(out).exitCode()).isZero();
        assertThat(out.resolve("01-stale-object.yaml")).doesNotExist();

        var foreign = Files.createDirectories(work.resolve("someone-elses"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        var refused = render(foreign);
        assertThat(refused.exitCode()).isEqualTo(DeployFailure.BAD_INPUT);
        assertThat(refused.err()).contains("holds files an earlier render did not write");
        assertThat(foreign.resolve("notes.txt")).hasContent("mine");
    }

    private Cli.Run render(Path out) throws IOException {
        return cli.run("render", "--manifests", Cli.MANIFESTS, "--secret-env-file", envFile().toString(),
                "--out", out.toString());
    }

    private Path envFile() throws IOException {
        var env = work.resolve("secret.env");
        Files.writeString(env, Files.readString(Path.of(Cli.SECRET_ENV)) + TOKEN_KEY + "\n");
        return env;
    }

    /** {@code kubectl kustomize DIR}, Debian's kubectl (kustomize 5.5 built in), offline. */
    private String kustomize(Path directory) throws IOException, InterruptedException {
        var output = work.resolve("kustomized.yaml");
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", directory.toString()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("this test needs kubectl on the PATH (as root: apt-get install -y kubectl)", e);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finishes").isTrue();
        assertThat(process.exitValue()).as(Files.readString(output)).isZero();
        return Files.readString(output);
    }

    /**
     * Argo CD's order of a sync (https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/): phase (PreSync,
     * Sync, PostSync; a resource without a hook is in Sync), then wave, default 0; one step waits for the last.
     */
    private static long argoCdStep(HasMetadata object) {
        var annotations = object.getMetadata().getAnnotations() == null ? java.util.Map.<String, String>of()
                : object.getMetadata().getAnnotations();
        int phase = List.of("PreSync", "Sync", "PostSync").indexOf(annotations.getOrDefault(GitOpsOrder.ARGO_HOOK, "Sync"));
        assertThat(phase).as("phase of " + DesiredState.describe(object)).isNotNegative();
        return phase * 1_000_000L + Long.parseLong(annotations.getOrDefault(GitOpsOrder.ARGO_SYNC_WAVE, "0"));
    }

    /** The object as a cluster without Argo CD or Flux reads it: render's additions for them taken out. */
    private static HasMetadata withoutGitOpsOrder(HasMetadata object) {
        var copy = Serialization.clone(object);
        if (copy.getMetadata().getAnnotations() != null) {
            copy.getMetadata().getAnnotations().keySet().removeIf(key -> key.startsWith(ARGO_CD) || key.startsWith(FLUX));
        }
        if (copy instanceof Job job) {
            job.getSpec().setTtlSecondsAfterFinished(null);
        }
        return copy;
    }

    private static List<HasMetadata> objects(String yaml) {
        var parsed = Serialization.unmarshal(yaml);
        if (parsed instanceof KubernetesList list) {
            return list.getItems();
        }
        if (parsed instanceof List<?> list) {
            return list.stream().map(HasMetadata.class::cast).toList();
        }
        return List.of((HasMetadata) parsed);
    }
}
