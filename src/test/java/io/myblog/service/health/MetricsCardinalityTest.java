package io.myblog.service.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.support.Management;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Clients choose paths and methods; they must not be able to grow /q/metrics with them. */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class MetricsCardinalityTest {

    private static final int REQUESTS = 3;

    @Test
    void unmatchedPathsAndWrongMethodsAddNoSeriesPerUri() {
        // When clients send wrong methods to real paths and anything to paths that do not exist
        var tokens = new java.util.ArrayList<String>();
        for (int i = 0; i < REQUESTS; i++) {
            var token = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()));
            tokens.add(token);
            given().patch("/api/articles/" + token).then().statusCode(405);
            given().delete("/blog/index/" + token).then().statusCode(404);
            given().get("/nothing/" + token).then().statusCode(404);
            given().post("/api/articles/" + token).then().statusCode(405);
        }

        // Then no metric names any of those paths
        var metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("http_server_requests");
        for (var token : tokens) {
            assertThat(metrics).doesNotContain(token);
        }
    }
}
