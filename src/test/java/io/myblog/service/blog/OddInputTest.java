package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Input a client may well send, odd or hostile: always a 4xx problem, never a 500 or a trace of the internals. */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class OddInputTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String VALID = "\"title\": \"t\", \"content\": \"c\"";
    /** Stands for the id of an existing article in the paths below. */
    private static final String ID = "{id}";

    private long id;

    @BeforeEach
    void anArticle() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
        id = Articles.create("Odd input", "Body", "ops");
    }

    /** method, path, JSON body (null: none), expected status, the field a 400 must name (null: none). */
    static Stream<Arguments> oddInputs() {
        return Stream.of(
                Arguments.of("POST", "/api/articles", "null", 400, "body"),
                Arguments.of("POST", "/api/articles", "[]", 400, null),
                Arguments.of("POST", "/api/articles", "\"a bare string\"", 400, null),
                Arguments.of("POST", "/api/articles", "42", 400, null),
                Arguments.of("POST", "/api/articles", "[{" + VALID + "}]", 400, null),
                Arguments.of("PUT", "/api/articles/" + ID, "null", 400, "body"),
                Arguments.of("PUT", "/api/articles/" + ID, "[]", 400, null),
                Arguments.of("PUT", "/api/articles/" + ID, "{" + VALID + ", \"version\": -1}", 400, "version"),
                Arguments.of("PUT", "/api/articles/" + ID, "{" + VALID + ", \"version\": 99999999999999999999}", 400, null),
                Arguments.of("PUT", "/api/articles/" + ID, "{" + VALID + ", \"version\": 1e400}", 400, null),
                Arguments.of("GET", "/api/articles?page=21474837&size=100", null, 400, "page"),
                Arguments.of("GET", "/api/articles?page=2147483647&size=100", null, 400, "page"),
                Arguments.of("GET", "/api/articles?page=2147483648", null, 400, "page"),
                Arguments.of("GET", "/api/articles?size=-2147483649", null, 400, "size"),
                Arguments.of("GET", "/api/articles?size=1e3", null, 400, "size"),
                Arguments.of("GET", "/api/articles?q=" + "x".repeat(201), null, 400, "q"),
                Arguments.of("GET", "/api/articles/99999999999999999999", null, 404, null),
                Arguments.of("GET", "/api/articles/-1", null, 404, null),
                Arguments.of("DELETE", "/api/articles/-9223372036854775808", null, 404, null));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("oddInputs")
    void answersOddInputWithAProblemNeverA500(String method, String path, String body, int status, String field) {
        var request = Accounts.as("ops").contentType(ContentType.JSON);
        if (body != null) {
            request.body(body);
        }
        var response = request.request(method, path.replace(ID, Long.toString(id)));

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo(PROBLEM);
        assertThat(response.asString()).doesNotContain("Exception", "jackson", "java.", "\tat ", "SQL");
        if (field != null) {
            assertThat(response.jsonPath().getList("violations.field")).as(response.asString()).containsExactly(field);
        }
    }

    /** body, field: a JSON value of the wrong type is refused, naming the field, never coerced. */
    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("{\"title\": 5, \"content\": \"c\", \"version\": 0}", "title"),
                Arguments.of("{\"title\": true, \"content\": \"c\", \"version\": 0}", "title"),
                Arguments.of("{\"title\": \"t\", \"content\": 1.5, \"version\": 0}", "content"),
                Arguments.of("{" + VALID + ", \"version\": \"x\"}", "version"),
                Arguments.of("{" + VALID + ", \"version\": \"0\"}", "version"),
                Arguments.of("{" + VALID + ", \"version\": 0.5}", "version"),
                Arguments.of("{" + VALID + ", \"version\": false}", "version"));
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @MethodSource("wrongTypes")
    void refusesToCoerceAValueOfTheWrongType(String body, String field) {
        Accounts.as("ops").contentType(ContentType.JSON).body(body).put("/api/articles/" + id)
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", contains(field));
        given().get("/api/articles/" + id).then().statusCode(200).body("title", equalTo("Odd input")).body("version", equalTo(0));
    }

    @Test
    void violationMessagesStateTheRealBounds() {
        Accounts.as("ops").contentType(ContentType.JSON)
                .body(Articles.article("t".repeat(201), "c".repeat(100_001)))
                .post("/api/articles")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", contains("content", "title"))
                .body("violations.message", contains("length must be between 1 and 100000 characters",
                        "length must be between 1 and 200 characters"));
    }
}
