package io.myblog.service.database;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.Management;
import io.myblog.support.MariaDbServer;
import io.myblog.support.ReplicatedMariaDb;
import io.myblog.support.ReplicatedMariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A primary and its read replica, both real MariaDB servers in GTID replication: where each read lands is counted by
 * the servers themselves (their general logs), and what a reader gets is read through the API.
 */
@QuarkusTest
@WithTestResource(ReplicatedMariaDbResource.class)
@Tag(MariaDbServer.NEEDS_EMBEDDED)
class ReadReplicaTest {

    private static final String AUTHOR = "replicated";
    private static final Duration MOVES_WITHIN = Duration.ofSeconds(15);
    /** Each reader is its own client: the service tells clients apart by address, forwarded by the trusted 127.0.0.1. */
    private static final String READER = "198.51.100.20";

    private ReplicatedMariaDb servers;

    @BeforeEach
    void serversAndAuthor() {
        servers = ReplicatedMariaDbResource.servers();
        Articles.awaitReady();
        Accounts.author(AUTHOR);
        awaitReplicaServing();
    }

    @Test
    void listsSearchesAndPagesReadFromTheReplicaWhileWritesGoToThePrimary() {
        // Given an article, replicated
        long id = write("Replicated reading list", "read from the replica", "198.51.100.10");
        await("the replica has the article").atMost(MOVES_WITHIN)
                .until(() -> from(READER).get("/api/articles/" + id).statusCode() == 200);

        // When another client lists, searches and opens the article's pages
        var reads = Reads.during(servers, () -> {
            from(READER).get("/api/articles").then().statusCode(200);
            from(READER).get("/api/articles?q=replicated").then().statusCode(200).body("items.id", hasItem((int) id));
            from(READER).get("/blog/article/" + id + "/").then().statusCode(200);
            from(READER).get("/blog/feed/").then().statusCode(200);
            from(READER).get("/sitemap.xml").then().statusCode(200);
        });

        // Then the replica served them, the primary none
        assertEquals(0, reads.primary(), "article reads on the primary");
        assertTrue(reads.replica() >= 5, "article reads on the replica: " + reads.replica());
    }

    @Test
    void aWriterReadsItsOwnWriteFromThePrimaryWhileTheReplicaIsBehind() {
        // Given a replica that applies every change 30 s late: behind, yet within max-replica-lag (60 s)
        servers.replica().execute("STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = 30", "START SLAVE");
        try {
            awaitReplicaServing();
            var writer = "198.51.100.30";

            // When an author writes and at once reads back, from the same address
            var reads = Reads.during(servers, () -> {
                long id = write("Read your own write", "at once", writer);
                from(writer).get("/api/articles/" + id).then().statusCode(200);
                from(writer).get("/api/articles").then().statusCode(200).body("items.id", hasItem((int) id));
                from(writer).get("/blog/article/" + id + "/").then().statusCode(200);

                // Then the writer sees it, while another client reads the replica, which has not applied it yet
                from(READER).get("/api/articles/" + id).then().statusCode(404);
                // And the index, which the write dropped from memory and which is kept for everyone, holds it
                from(READER).get("/blog/index/").then().statusCode(200).body(containsString("Read your own write"));
            });
            assertTrue(reads.primary() >= 3, "the writer's reads on the primary: " + reads.primary());
            assertEquals(1, reads.replica(), "the other reader's read on the replica");
        } finally {
            servers.replica().execute("STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = 0", "START SLAVE");
        }
    }

    @Test
    void aPausedReplicaIsLeftOutUntilItReplicatesAgain() {
        // Given replication paused on the replica
        servers.replica().execute("STOP SLAVE SQL_THREAD");
        try {
            awaitReplica("left out, reads go to the primary: its replication SQL thread is stopped");
            management().get("/q/health/ready").then().statusCode(200);

            // When an author writes, then another client reads
            long id = write("Written while paused", "the replica cannot have it", "198.51.100.40");
            var reads = Reads.during(servers, () -> from(READER).get("/api/articles/" + id).then().statusCode(200));

            // Then the read went to the primary, which has it
            assertEquals(1, reads.primary(), "the read on the primary");
            assertEquals(0, reads.replica(), "reads on the paused replica");
        } finally {
            servers.replica().execute("START SLAVE SQL_THREAD");
        }
        // And once it replicates again, reads return to it
        awaitReplicaServing();
        var reads = Reads.during(servers, () -> from(READER).get("/api/articles").then().statusCode(200));
        assertEquals(0, reads.primary(), "reads on the primary after the replica came back");
        assertEquals(1, reads.replica(), "the read on the replica after it came back");
    }

    @Test
    void aStoppedReplicaIsLeftOutAndReadinessStaysUp() {
        // Given the replica's server down
        servers.replica().stop();
        try {
            awaitReplica("left out, reads go to the primary: it is unreachable");

            // Then the service stays ready and every read is answered, from the primary
            management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            long onPrimary = Reads.count(servers.primary(), () -> {
                from(READER).get("/api/articles").then().statusCode(200);
                from(READER).get("/blog/index/?q=anything").then().statusCode(200);
            });
            assertEquals(2, onPrimary, "reads on the primary while the replica is down");
        } finally {
            servers.replica().restart();
        }
        awaitReplicaServing();
        var reads = Reads.during(servers, () -> from(READER).get("/api/articles").then().statusCode(200));
        assertEquals(1, reads.replica(), "the read on the replica once it is back");
    }

    private static long write(String title, String content, String address) {
        return Accounts.as(AUTHOR).header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Articles.article(title, content))
                .post("/api/articles")
                .then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    private static RequestSpecification from(String address) {
        return given().header("X-Forwarded-For", address);
    }

    private static RequestSpecification management() {
        return Management.given();
    }

    private static void awaitReplicaServing() {
        awaitReplica("serving reads");
    }

    private static void awaitReplica(String state) {
        await("the replica: " + state).atMost(MOVES_WITHIN).untilAsserted(() -> management().get("/q/health/ready")
                .then().body("checks.find { it.name == 'database' }.data.replica", startsWith(state)));
    }

    /** Article reads each server received while {@code requests} ran, from its general log. */
    record Reads(long primary, long replica) {

        static Reads during(ReplicatedMariaDb servers, Runnable requests) {
            var both = new ReplicatedMariaDb.Server[] {servers.primary(), servers.replica()};
            logging(both, requests);
            return new Reads(count(servers.primary()), count(servers.replica()));
        }

        /** Article reads of {@code server} alone (the other may be down). */
        static long count(ReplicatedMariaDb.Server server, Runnable requests) {
            logging(new ReplicatedMariaDb.Server[] {server}, requests);
            return count(server);
        }

        private static void logging(ReplicatedMariaDb.Server[] servers, Runnable requests) {
            for (var server : servers) {
                server.execute("SET GLOBAL log_output = 'TABLE'", "TRUNCATE TABLE mysql.general_log",
                        "SET GLOBAL general_log = 1");
            }
            try {
                requests.run();
            } finally {
                for (var server : servers) {
                    server.execute("SET GLOBAL general_log = 0");
                }
            }
        }

        private static long count(ReplicatedMariaDb.Server server) {
            try (var connection = server.admin(); var rows = connection.createStatement().executeQuery(
                    "SELECT COUNT(*) FROM mysql.general_log WHERE command_type IN ('Query', 'Execute') "
                            + "AND LOWER(CONVERT(argument USING utf8mb4)) LIKE '% from article%' "
                            + "AND LOWER(CONVERT(argument USING utf8mb4)) NOT LIKE '%general_log%'")) {
                rows.next();
                return rows.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not read the general log", e);
            }
        }
    }
}
