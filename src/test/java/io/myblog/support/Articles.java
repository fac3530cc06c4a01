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
                .until(() -> Management.given().get("/q/health/ready").statusCode() == 200);
    }

    public static void deleteAll(String database) {
        MariaDbServer.get().execute("DELETE FROM " + database + ".article");
    }

    public static Map<String, Object> article(String title, String content) {
        return Map.of("title", title, "content", content);
    }

    /** Posts an article as {@code author} (an account {@link Accounts#author} made) and returns its id. */
    public static long create(String title, String content, String author) {
        Accounts.author(author);
        return Accounts.as(author).contentType(ContentType.JSON).body(article(title, content))
                .post("/api/articles")
                .then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }
}
