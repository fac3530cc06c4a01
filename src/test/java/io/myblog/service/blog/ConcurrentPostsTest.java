package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** New articles posted at the same time all land: their title index rows never deadlock one another. */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class ConcurrentPostsTest {

    private static final int CLIENTS = 8;
    private static final int POSTS_PER_CLIENT = 15;

    @BeforeEach
    void cleanTable() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
        Accounts.author("writer");
    }

    @Test
    void simultaneousPostsOfTitlesSharingWordsAllSucceed() throws Exception {
        // Given clients that post at once, with titles sharing words (and so index terms)
        var pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            var answers = new ArrayList<Future<Integer>>();
            for (int c = 0; c < CLIENTS; c++) {
                for (int p = 0; p < POSTS_PER_CLIENT; p++) {
                    var title = "rollout " + c + " 容器 " + p;
                    Callable<Integer> post = () -> Accounts.as("writer").contentType(ContentType.JSON)
                            .body(Articles.article(title, "Body"))
                            .post("/api/articles").statusCode();
                    answers.add(pool.submit(post));
                }
            }

            // Then every one is created, and every one is found by a word of its title
            var statuses = new ArrayList<Integer>();
            for (var answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(statuses).as("status of each POST").containsOnly(201);
            var found = new ArrayList<Long>();
            String cursor = null;
            do {
                var request = given().queryParam("q", "容器").queryParam("size", 100);
                var page = (cursor == null ? request : request.queryParam("cursor", cursor)).get("/api/articles")
                        .then().statusCode(200).extract().jsonPath();
                found.addAll(page.getList("items.id", Long.class));
                cursor = page.getString("next");
            } while (cursor != null);
            assertThat(found).doesNotHaveDuplicates().hasSize(CLIENTS * POSTS_PER_CLIENT);
        } finally {
            pool.shutdownNow();
        }
    }
}
