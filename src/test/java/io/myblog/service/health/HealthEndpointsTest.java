package io.myblog.service.health;

import static io.myblog.support.Management.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class HealthEndpointsTest {

    @BeforeEach
    void ready() {
        Articles.awaitReady();
    }

    @Test
    void readinessReportsTheDatabaseAndMigrations() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'database' }.data.migrated", equalTo(true))
                .body(not(containsString(MariaDbServer.PASSWORD)));
    }

    @Test
    void livenessDoesNotDependOnTheDatabase() {
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.name", hasItem("process"))
                .body(not(containsString("database")));
    }

    @Test
    void startupIsUpOnceTheFirstCheckHasRun() {
        given().get("/q/health/started").then().statusCode(200).body("checks.name", hasItem("startup"));
    }

    @Test
    void servesOpenApiAndPrometheusMetrics() {
        RestAssured.given().get("/api/articles").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/articles"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }

    @Test
    void managementEndpointsAreNotOnTheApplicationPort() {
        given().get("/q/health").then().statusCode(200);
        for (var path : new String[] {"/q/health", "/q/health/ready", "/q/metrics", "/q/openapi"}) {
            RestAssured.given().get(path).then().statusCode(404);
        }
    }
}
