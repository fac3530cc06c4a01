package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.cli.deploy.shape.StackShape;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The migration Job is the app's own pod running {@code myblog migrate} once, and never one of the app's pods. */
class MigrationJobTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** The hand-written part of the manifests, with MySQL's NetworkPolicy. */
    private static final Path MYSQL_MANIFESTS = Path.of("src/main/kubernetes/kubernetes.yml");

    @Test
    void runsMigrateOnceInTheAppsPodWithItsEnvAndHardeningAndNoToken() {
        var app = hardenedApp();

        var job = MigrationJob.desired(app);

        var pod = job.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);
        var appContainer = StackShape.appContainer(app);
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(container.getImage()).isEqualTo(appContainer.getImage());
        assertThat(container.getArgs()).containsExactly("migrate");
        assertThat(container.getEnvFrom()).isEqualTo(appContainer.getEnvFrom());
        assertThat(container.getSecurityContext()).isEqualTo(appContainer.getSecurityContext());
        assertThat(pod.getSecurityContext()).isEqualTo(app.getSpec().getTemplate().getSpec().getSecurityContext());
        assertThat(container.getPorts()).isNullOrEmpty();
        assertThat(container.getReadinessProbe()).isNull();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(MigrationJob.LONGEST_RUN.toSeconds());
        assertThat(MigrationJob.boundedBy(job, TIMEOUT).getSpec().getActiveDeadlineSeconds()).isEqualTo(TIMEOUT.toSeconds());
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isPositive();
    }

    @Test
    void itsPodIsSelectedByNeitherTheDeploymentNorTheService() {
        var app = hardenedApp();

        var labels = MigrationJob.desired(app).getSpec().getTemplate().getMetadata().getLabels();

        assertThat(labels.entrySet()).doesNotContainAnyElementsOf(app.getSpec().getSelector().getMatchLabels().entrySet());
    }

    @Test
    void mysqlsNetworkPolicyAdmitsItsPod() {
        var labels = MigrationJob.desired(hardenedApp()).getSpec().getTemplate().getMetadata().getLabels();

        var policy = Manifests.read(MYSQL_MANIFESTS).stream().filter(o -> o instanceof NetworkPolicy
                && "mysql".equals(o.getMetadata().getName())).map(NetworkPolicy.class::cast).findFirst().orElseThrow();

        assertThat(policy.getSpec().getIngress()).flatMap(rule -> rule.getFrom())
                .anySatisfy(peer -> assertThat(labels).containsAllEntriesOf(peer.getPodSelector().getMatchLabels()));
    }

    @Test
    void oneNamePerImage() {
        assertThat(MigrationJob.name("registry.example/myblog:1.0.0"))
                .isEqualTo(MigrationJob.name("registry.example/myblog:1.0.0"))
                .isNotEqualTo(MigrationJob.name("registry.example/myblog:1.1.0"))
                .matches("myblog-migrate-[0-9a-f]{10}");
    }

    /** The fixture's app with the restricted level's fields, as the build step's PodHardening sets them. */
    private static Deployment hardenedApp() {
        var app = Manifests.read(Path.of(Cli.MANIFESTS)).stream().filter(o -> o instanceof Deployment)
                .map(Deployment.class::cast).findFirst().orElseThrow();
        var copy = Serialization.clone(app);
        copy.getSpec().getTemplate().getSpec().setSecurityContext(new PodSecurityContextBuilder().withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().build());
        StackShape.appContainer(copy).setSecurityContext(new SecurityContextBuilder().withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true).withNewCapabilities().withDrop("ALL").endCapabilities().build());
        return copy;
    }
}
