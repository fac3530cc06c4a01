package io.myblog.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.myblog.support.Management;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code myblog controller} against a mock cluster: the reload behaviour of issue 5, now in its own program. */
@QuarkusTest
@TestProfile(ControllerProgram.class)
@WithTestResource(ControllerCluster.class)
class ControllerProgramTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    ReloadCluster cluster;

    @Test
    void isReadyOnceItWatchesAndLeads() {
        await("controller ready").atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> Management.given().get("/q/health/ready").statusCode() == 200);

        Management.given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'config-watch' }.data.state", equalTo("watching"))
                .body("checks.find { it.name == 'config-watch' }.data.leader", equalTo(true))
                // the service's database checks are not the controller's business
                .body("checks.find { it.name == 'database' }", equalTo(null));
    }

    @Test
    void restartsTheAppOnceForOneChangeAndAgainForASecond() {
        // Given the controller leads and watches
        await().atMost(BOUND).until(() -> cluster.reloadStatus().state().equals("watching"));
        int before = cluster.templatePatches.size();

        // When the ConfigMap changes once
        cluster.editConfigMap("MYSQL_HOST", "mysql-" + before);

        // Then one restart patch, and no second one for the same change
        await("one restart").atMost(BOUND).until(() -> cluster.templatePatches.size() == before + 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> cluster.templatePatches.size() == before + 1);
        assertThat(cluster.templateHash()).isEqualTo(cluster.liveHash());

        // And a second change, well after the first, restarts again (the negative control of "once")
        cluster.editSecret("MYSQL_USER", "blogger-" + before);
        await("second restart").atMost(BOUND).until(() -> cluster.templatePatches.size() == before + 2);
    }
}
