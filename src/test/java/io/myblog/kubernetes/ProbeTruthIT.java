package io.myblog.kubernetes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Probe;
import io.myblog.support.Articles;
import io.myblog.support.Management;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.function.Function;
import io.fabric8.kubernetes.api.model.Container;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls each probe the generated Deployment declares on the packaged application, as the kubelet would: an httpGet
 * probe succeeds on a status from 200 to 399. The port must be the management port the application listens on in
 * production, and the application port must not answer the same path.
 */
@QuarkusIntegrationTest
@WithTestResource(MariaDbTestResource.class)
class ProbeTruthIT {

    private static final int PRODUCTION_PORT = KubernetesManifestIT.MANAGEMENT_PORT;

    private final Container app = GeneratedManifest.yaml().appContainer();

    @BeforeEach
    void serviceIsReady() {
        Articles.awaitReady();
    }

    @Test
    void livenessProbeSucceedsOnTheRunningApplication() {
        assertProbeSucceeds(Container::getLivenessProbe);
    }

    @Test
    void readinessProbeSucceedsOnTheRunningApplication() {
        assertProbeSucceeds(Container::getReadinessProbe);
    }

    @Test
    void startupProbeSucceedsOnTheRunningApplication() {
        assertProbeSucceeds(Container::getStartupProbe);
    }

    private void assertProbeSucceeds(Function<Container, Probe> which) {
        var httpGet = which.apply(app).getHttpGet();
        // Tests run on random ports; the probe's port must be the production one (quarkus.management.port).
        assertThat(KubernetesManifestIT.resolvePort(httpGet.getPort(), app)).isEqualTo(PRODUCTION_PORT);
        assertThat(httpGet.getScheme()).isEqualTo("HTTP");

        int status = Management.given().get(httpGet.getPath()).statusCode();

        assertThat(status).as(httpGet.getPath()).isBetween(200, 399);
        assertThat(given().get(httpGet.getPath()).statusCode()).as("application port").isEqualTo(404);
    }
}
