package io.myblog.controller;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.myblog.support.Articles;
import io.myblog.support.MariaDbTestResource;
import io.myblog.support.Management;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
@WithTestResource(RbacDeniedCluster.class)
class ReloadDeniedServiceTest {

    @Test
    void serviceStaysReadyAndShowsDeniedWhenRbacRefusesTheWatch() {
        // Given the watcher has met the refusal
        await("config reload state denied").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> Management.given().get("/q/metrics").asString().contains("myblog_config_reload_state{state=\"denied\"} 1.0"));

        // Then the blog still serves and stays ready
        Articles.awaitReady();
        Management.given().get("/q/health/ready").then().statusCode(200).body(containsString("\"UP\""));
        given().get("/api/articles").then().statusCode(200);
    }
}
