package io.myblog.service.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.myblog.service.database.DatabaseMonitor;
import io.myblog.service.database.DatabaseSettings;
import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.LogCapture;
import io.myblog.support.Management;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * API clients write as they do in production, half with a session token and half with Basic credentials, creating,
 * updating, deleting and reading, while MySQL stops and comes back (issue 22). Every answer is a 2xx or a 503 with
 * Retry-After; every acknowledged write is there afterwards; the outage is logged once when it starts and once when
 * it ends, not per request.
 */
@Tag(MariaDbServer.NEEDS_EMBEDDED)
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class WritersThroughAnOutageTest {

    private static final int WRITERS = 4;
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final Duration SECOND_OUTAGE = Duration.ofSeconds(3);
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String AUTHOR = "outage-writer";

    private final MariaDbServer database = MariaDbServer.get();

    @Inject
    DatabaseSettings settings;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Writer> writers = new ArrayList<>();
    private ExecutorService threads;

    @BeforeEach
    void ready() {
        Articles.awaitReady();
        Accounts.author(AUTHOR);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        stop.set(true);
        if (threads != null) {
            threads.shutdownNow();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }
        if (!database.isRunning()) {
            database.start();
        }
    }

    @Test
    void writersWithTokensAndWithBasicGetOnly2xxOr503AndLoseNothingAcknowledged() throws Exception {
        // Given writers at work, two with a session token and two with Basic credentials
        String token = Accounts.as(AUTHOR).contentType(ContentType.JSON).post("/api/session").then().statusCode(200).extract().path("token");
        for (int w = 0; w < WRITERS; w++) {
            writers.add(new Writer(w, w % 2 == 0 ? () -> given().auth().oauth2(token) : () -> Accounts.as(AUTHOR)));
        }
        threads = Executors.newFixedThreadPool(WRITERS);
        writers.forEach(writer -> threads.submit(writer));
        await("articles of every writer to update and delete during the outage").atMost(BOUND)
                .until(() -> writers.stream().allMatch(writer -> writer.known.size() >= 6));

        try (var log = LogCapture.everything()) {
            // When the database stops for a while, readiness stays DOWN throughout, and the writers go on
            database.stop();
            await("readiness DOWN throughout the outage").during(OUTAGE).atMost(OUTAGE.plusSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Management.given().get("/q/health/ready").statusCode() == 503);
            // ... and comes back: the writers are acknowledged again
            database.start();
            awaitReady();
            awaitAcknowledgedWritesByEveryWriter(3);

            // Then the outage was news once: one WARN when it started, one INFO when it ended, nothing per request
            assertThat(warningsAndErrors(log)).as("WARN and ERROR lines of the outage").hasSize(1)
                    .allSatisfy(line -> assertThat(line.formatted()).contains(DatabaseMonitor.class.getName()));
            assertThat(backOnline(log)).as("INFO lines saying the database is back").hasSize(1);

            // Negative control: a second outage, far from the first, is news again
            database.stop();
            await("readiness DOWN in the second outage").during(SECOND_OUTAGE).atMost(SECOND_OUTAGE.plusSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Management.given().get("/q/health/ready").statusCode() == 503);
            database.start();
            awaitReady();
            awaitAcknowledgedWritesByEveryWriter(2);
            assertThat(warningsAndErrors(log)).as("WARN and ERROR lines of two outages").hasSize(2);
            assertThat(backOnline(log)).as("INFO lines of two recoveries").hasSize(2);
        }
        stop.set(true);
        threads.shutdown();
        assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).as("writers finish").isTrue();

        // And every answer was a 2xx or a 503 with Retry-After, of both kinds of writer and every method
        var retryAfter = Long.toString(settings.retryAfter().toSeconds());
        for (var writer : writers) {
            assertThat(writer.unexpected).as("answers other than 2xx or 503 + Retry-After").isEmpty();
            assertThat(writer.refusedWithRetryAfter.keySet()).as("methods told to retry during the outage")
                    .contains("POST", "PUT", "DELETE", "GET");
            assertThat(writer.refusedWithRetryAfter.values()).allSatisfy(header -> assertThat(header).isEqualTo(retryAfter));
        }

        // And every acknowledged write reads back as acknowledged: created and updated as last answered, deleted gone;
        // an article a 503 may have changed reads as before or as changed
        for (var writer : writers) {
            for (var article : writer.uncertain.entrySet()) {
                var response = given().get("/api/articles/" + article.getKey());
                var read = response.statusCode() == 404 ? Writer.GONE : response.then().statusCode(200).extract().<String>path("content");
                assertThat(article.getValue()).as("what article %d may read as", article.getKey()).contains(read);
            }
            for (var id : writer.known.keySet()) {
                assertThat(given().get("/api/articles/" + id).then().statusCode(200).extract().<String>path("content"))
                        .as("content of article %d", id).isEqualTo(writer.known.get(id));
            }
            for (var id : writer.deleted) {
                given().get("/api/articles/" + id).then().statusCode(404);
            }
        }
    }

    private void awaitReady() {
        await("readiness UP").atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> Management.given().get("/q/health/ready").statusCode() == 200);
    }

    /** Until each writer has had {@code count} more writes acknowledged than now. */
    private void awaitAcknowledgedWritesByEveryWriter(int count) {
        var targets = writers.stream().map(writer -> writer.acknowledged.get() + count).toList();
        await("acknowledged writes by every writer").atMost(BOUND).until(() -> {
            for (int i = 0; i < writers.size(); i++) {
                if (writers.get(i).acknowledged.get() < targets.get(i)) {
                    return false;
                }
            }
            return true;
        });
    }

    private static List<LogCapture.Line> warningsAndErrors(LogCapture log) {
        return log.all().stream().filter(line -> line.level().intValue() >= Level.WARNING.intValue()).toList();
    }

    private static List<LogCapture.Line> backOnline(LogCapture log) {
        return log.all().stream()
                .filter(line -> line.level().intValue() == Level.INFO.intValue())
                .filter(line -> line.formatted().contains(DatabaseMonitor.class.getName()))
                .filter(line -> line.message().startsWith("Database ready"))
                .toList();
    }

    /**
     * Creates, reads, updates, creates, reads and deletes its own articles in turn, remembering what was acknowledged.
     * A write answered 503 may or may not have happened: its article is only read from then on, and may read as either.
     */
    private final class Writer implements Runnable {

        private static final String GONE = "(deleted)";

        final int number;
        final Supplier<RequestSpecification> as;
        /** Acknowledged articles nothing unacknowledged touched: id → content as last acknowledged. */
        final Map<Long, String> known = new ConcurrentHashMap<>();
        final Map<Long, Long> versions = new ConcurrentHashMap<>();
        /** Articles a write answered 503 may have changed: id → what they may read as ({@link #GONE}: deleted). */
        final Map<Long, Set<String>> uncertain = new ConcurrentHashMap<>();
        final List<Long> deleted = new CopyOnWriteArrayList<>();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        final Map<String, String> refusedWithRetryAfter = new ConcurrentHashMap<>();
        final AtomicInteger acknowledged = new AtomicInteger();
        private int step;

        Writer(int number, Supplier<RequestSpecification> as) {
            this.number = number;
            this.as = as;
        }

        @Override
        public void run() {
            while (!stop.get() && !Thread.currentThread().isInterrupted()) {
                try {
                    step();
                    Thread.sleep(20); // a client's pace; during the outage 503s come fast
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    unexpected.add("client failure: " + e);
                }
            }
        }

        private void step() {
            step++;
            var certain = new ArrayList<>(known.keySet());
            var readable = new ArrayList<>(certain);
            readable.addAll(uncertain.keySet());
            switch (step % 6) {
                case 1, 4 -> create();
                case 2, 5 -> {
                    if (!readable.isEmpty()) {
                        read(readable.get(step % readable.size()));
                    }
                }
                case 3 -> {
                    if (!certain.isEmpty()) {
                        update(certain.get(step % certain.size()));
                    }
                }
                default -> {
                    if (!certain.isEmpty()) {
                        delete(certain.get(step % certain.size()));
                    }
                }
            }
        }

        private void create() {
            var content = "Written by " + number + " at step " + step;
            var response = as.get().contentType(ContentType.JSON)
                    .body(Articles.article("Outage writer " + number + " step " + step, content))
                    .post("/api/articles");
            if (answered("POST", response, 201)) {
                long id = response.jsonPath().getLong("id");
                known.put(id, content);
                versions.put(id, 0L);
                acknowledged.incrementAndGet();
            }
        }

        private void read(long id) {
            var response = given().get("/api/articles/" + id);
            var possible = uncertain.getOrDefault(id, Set.of(known.getOrDefault(id, GONE)));
            if (response.statusCode() == 404 && possible.contains(GONE)) {
                return;
            }
            if (answered("GET", response, 200) && !possible.contains(response.jsonPath().getString("content"))) {
                unexpected.add("GET " + id + " read " + response.jsonPath().getString("content") + ", acknowledged " + possible);
            }
        }

        private void update(long id) {
            var content = "Updated by " + number + " at step " + step;
            var response = as.get().contentType(ContentType.JSON)
                    .body(Map.of("title", "Outage writer " + number + " updated", "content", content,
                            "version", versions.get(id)))
                    .put("/api/articles/" + id);
            if (answered("PUT", response, 200)) {
                known.put(id, content);
                versions.put(id, response.jsonPath().getLong("version"));
                acknowledged.incrementAndGet();
            } else {
                becomeUncertain(id, content);
            }
        }

        private void delete(long id) {
            var response = as.get().delete("/api/articles/" + id);
            if (answered("DELETE", response, 204)) {
                known.remove(id);
                versions.remove(id);
                deleted.add(id);
                acknowledged.incrementAndGet();
            } else {
                becomeUncertain(id, GONE);
            }
        }

        private void becomeUncertain(long id, String mayReadAs) {
            uncertain.put(id, Set.of(known.remove(id), mayReadAs));
            versions.remove(id);
        }

        /** True for the expected success; a 503 must carry Retry-After and a problem; anything else is recorded. */
        private boolean answered(String method, Response response, int success) {
            if (response.statusCode() == success) {
                return true;
            }
            if (response.statusCode() == 503 && response.header("Retry-After") != null
                    && "application/problem+json".equals(response.contentType())) {
                refusedWithRetryAfter.put(method, response.header("Retry-After"));
                return false;
            }
            unexpected.add(method + " answered " + response.statusCode() + ": " + response.asString());
            return false;
        }

    }
}
