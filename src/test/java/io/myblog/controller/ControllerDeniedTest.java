package io.myblog.controller;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.myblog.support.Management;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ControllerProgram.class)
@WithTestResource(value = ControllerCluster.class, initArgs = @ResourceArg(name = "denied", value = "/configmaps,/secrets"))
class ControllerDeniedTest {

    @Test
    void reportsTheRbacRefusalAndIsNotReady() {
        await("config reload state denied").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> Management.given().get("/q/metrics").asString()
                        .contains("myblog_config_reload_state{state=\"denied\"} 1.0"));

        Management.given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'config-watch' }.data.state", equalTo("denied"));
    }
}
