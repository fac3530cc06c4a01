package io.myblog.service.database.tls;

import static org.awaitility.Awaitility.await;

import io.myblog.support.Management;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.function.Predicate;

/** The database check as /q/health/ready shows it. */
record Readiness(int status, boolean reachable, boolean migrated, String reason, String body) {

    /** Long enough for a first migration on a loaded machine. */
    static final Duration WAIT = Duration.ofSeconds(30);

    static Readiness now() {
        var response = Management.given().get("/q/health/ready");
        var json = JsonPath.from(response.asString());
        var data = "checks.find { it.name == 'database' }.data.";
        return new Readiness(response.statusCode(), json.getBoolean(data + "reachable"),
                json.getBoolean(data + "migrated"), json.getString(data + "reason"), response.asString());
    }

    static Readiness awaitUntil(String what, Predicate<Readiness> condition) {
        return await(what).atMost(WAIT).until(Readiness::now, condition);
    }
}
