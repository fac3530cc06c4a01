package io.myblog.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;

/** Small helpers the HTTP tests share: a clean table, a ready service, a posted article. */
public final class Articles {

    public static final Duration READY_WITHIN = Duration.ofSeconds(20);

    private Articles() {
    }

    public static void awaitReady() {
        await("service ready").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    public static void deleteAll(String database) {
        MariaDbServer.get().execute("DELETE FROM " + database + ".article");
    }

    public static Map<String, Object> article(String title, String content, String author) {
        return Map.of("title", title, "content", content, "author", author);
    }

    /** Posts an article and returns its id. */
    public static long create(String title, String content, String author) {
        return given().contentType(ContentType.JSON).body(article(title, content, author))
                .post("/api/articles")
                .then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }
}
