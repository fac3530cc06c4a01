package io.myblog.service.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.support.Accounts;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Clients that announce large bodies and hold them back (issue 24): a write without valid credentials is refused from
 * its headers alone, before any byte of its body is sent; the bytes held for all requests at once stay within the
 * configured budget, and the next is told 503 with Retry-After instead of growing the heap. Raw sockets, because an
 * HTTP client will not hold a body back.
 */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class HeldUploadsTest {

    /** Where this class's requests come from (X-Forwarded-For): an address of its own. */
    private static final String ATTACKER = "203.0.113.24";
    private static final int ANSWER_WITHIN_MILLIS = 10_000;
    private static final int MEBIBYTE = 1024 * 1024;

    @Test
    void anUploadIsReadAsItsBodyArrives() throws IOException {
        var body = "{\"title\":\"Sent after the headers\",\"content\":\"Body\"}".getBytes(StandardCharsets.UTF_8);
        try (var socket = connect()) {
            send(socket, headers("POST", "/api/articles", body.length, adminAuthorization()));
            send(socket, body);

            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 201 Created");
        }
    }

    @Test
    void anAnonymousUploadIsRefusedBeforeAnyOfItsBodyIsSent() throws IOException {
        try (var socket = connect()) {
            send(socket, headers("POST", "/api/articles", MEBIBYTE, null));

            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 401 Unauthorized");
        }
    }

    @Test
    void anUploadWithAWrongPasswordIsRefusedBeforeAnyOfItsBodyIsSent() throws IOException {
        try (var socket = connect()) {
            send(socket, headers("PUT", "/api/articles/1", MEBIBYTE, basic(Accounts.ADMIN, "Wrong-Pw-5d2b8f-held")));

            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 401 Unauthorized");
        }
    }

    @Test
    void anUploadWithAForgedTokenIsRefusedBeforeAnyOfItsBodyIsSent() throws IOException {
        try (var socket = connect()) {
            send(socket, headers("POST", "/api/articles", MEBIBYTE, "Bearer mb2.forged.token"));

            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 401 Unauthorized");
        }
    }

    @Test
    void anAnonymousChunkedUploadIsRefusedBeforeItsFirstChunk() throws IOException {
        try (var socket = connect()) {
            var request = "POST /api/accounts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json\r\nX-Forwarded-For: " + ATTACKER + "\r\nTransfer-Encoding: chunked\r\n\r\n";
            send(socket, request.getBytes(StandardCharsets.US_ASCII));

            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 401 Unauthorized");
        }
    }

    @Test
    void uploadsHeldAtOnceStayWithinTheBudgetAndTheNextIsTold503WithRetryAfter() throws IOException {
        long budget = ConfigProvider.getConfig().getValue("myblog.http.buffered-bodies-limit", MemorySize.class)
                .asLongValue();
        int withinBudget = (int) (budget / MEBIBYTE);
        String token = Accounts.asAdmin().contentType(io.restassured.http.ContentType.JSON).post("/api/session")
                .then().statusCode(200).extract().path("token");
        var held = new ArrayList<Socket>();
        try {
            // Given one authenticated 1 MiB upload more than the budget holds, each waiting for its body
            for (int i = 0; i <= withinBudget; i++) {
                var socket = connect();
                held.add(socket);
                send(socket, headers("POST", "/api/articles", MEBIBYTE, "Bearer " + token));
            }
            // Then exactly one is refused without being read (which one depends on whose credentials checked last)
            var answered = org.awaitility.Awaitility.await("one upload is refused")
                    .atMost(java.time.Duration.ofMillis(ANSWER_WITHIN_MILLIS))
                    .until(() -> held.stream().filter(HeldUploadsTest::hasAnswered).toList(), list -> !list.isEmpty());
            assertThat(answered).hasSize(1);
            var response = response(answered.get(0));
            assertThat(response.get(0)).isEqualTo("HTTP/1.1 503 Service Unavailable");
            assertThat(response.stream().map(String::toLowerCase))
                    .contains("retry-after: 1", "content-type: application/problem+json");
        } finally {
            for (var socket : held) {
                socket.close();
            }
        }
        // Then, the held uploads gone, the budget is free again
        org.awaitility.Awaitility.await("the budget is released").atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(this::anUploadIsReadAsItsBodyArrives);
    }

    private static boolean hasAnswered(Socket socket) {
        try {
            return socket.getInputStream().available() > 0;
        } catch (IOException e) {
            return true; // closed by the service: an answer too, and response() will say which
        }
    }

    private static String adminAuthorization() {
        return basic(Accounts.ADMIN, Accounts.adminPassword());
    }

    private static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] headers(String method, String path, int contentLength, String authorization) {
        var request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Accept: application/json\r\nX-Forwarded-For: " + ATTACKER + "\r\nContent-Length: " + contentLength
                + "\r\n" + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    private static Socket connect() throws IOException {
        var socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(ANSWER_WITHIN_MILLIS); // a service waiting for the body never answers: the read fails
        return socket;
    }

    private static void send(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static String statusLine(Socket socket) throws IOException {
        return response(socket).get(0);
    }

    /** The status line and headers of the answer. */
    private static List<String> response(Socket socket) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        var lines = new ArrayList<String>();
        for (var line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
            lines.add(line);
        }
        return lines;
    }
}
