package io.myblog.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.myblog.blog.ArticleNotFound;
import io.myblog.blog.InvalidCursor;
import io.myblog.blog.PageTooDeep;
import io.myblog.blog.StaleArticleVersion;
import io.myblog.database.DatabaseFailures;
import io.myblog.database.DatabaseMonitor;
import io.myblog.database.DatabaseSettings;
import io.myblog.database.SecretRedactor;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error the API returns is shaped here, as application/problem+json, and says nothing of the internals. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final DatabaseMonitor database;
    private final DatabaseSettings settings;
    private final SecretRedactor redactor;

    ProblemMappers(DatabaseMonitor database, DatabaseSettings settings, SecretRedactor redactor) {
        this.database = database;
        this.settings = settings;
        this.redactor = redactor;
    }

    @ServerExceptionMapper
    public Response notFound(ArticleNotFound e) {
        return respond(Problem.of(404, "Not Found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalidCursor(InvalidCursor e) {
        return badField("cursor", e.getMessage());
    }

    @ServerExceptionMapper
    public Response pageTooDeep(PageTooDeep e) {
        return badField("page", e.getMessage());
    }

    @ServerExceptionMapper
    public Response staleVersion(StaleArticleVersion e) {
        return respond(Problem.of(409, "Conflict", e.getMessage()));
    }

    /** Two writers passed the version check together; the second flush loses. */
    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response concurrentUpdate(RuntimeException e) {
        return respond(Problem.of(409, "Conflict",
                "The article was changed by another request at the same time. Read it again and reapply the change."));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        var violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::message))
                .toList();
        return respond(new Problem("about:blank", "Bad Request", 400,
                "The request has " + violations.size() + " invalid field(s).", violations));
    }

    /** Jackson's own mapper for this subtype would answer plain JSON with internals; ours wins by being as specific. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        var location = e.getLocation();
        var where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return respond(Problem.of(400, "Bad Request", "The request body is not a valid article" + where + "."));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        var status = e.getResponse().getStatusInfo();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        if (e.getCause() instanceof QueryIntegerConverter.InvalidQueryParameter invalid) {
            return badField(invalid.name, invalid.getMessage());
        }
        var retryAfter = e.getResponse().getHeaderString("Retry-After");
        var response = Response.status(status.getStatusCode())
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status.getStatusCode(), status.getReasonPhrase(), detail(status.getStatusCode())));
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Allow")) {
                values.forEach(v -> response.header(name, v));
            }
        });
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter);
        }
        return response.build();
    }

    /** Anything else: a database that is away is the client's 503, the rest is ours and is logged, not shown. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Exception e) {
        if (DatabaseFailures.isUnavailable(e) || !database.state().ready()) {
            return Response.status(503)
                    .type(Problem.MEDIA_TYPE)
                    .header("Retry-After", settings.retryAfter().toSeconds())
                    .entity(Problem.of(503, "Service Unavailable",
                            "The database is not reachable right now. Retry after " + settings.retryAfter().toSeconds() + " s."))
                    .build();
        }
        LOG.errorf("Request failed: %s", redactor.redact(String.valueOf(e.getMessage())));
        return respond(Problem.of(500, "Internal Server Error", "The request could not be completed."));
    }

    private static Response badField(String field, String message) {
        return respond(new Problem("about:blank", "Bad Request", 400, "The request has 1 invalid field(s).",
                List.of(new Problem.Violation(field, message))));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** {@code create.input.title} → {@code title}; {@code list.size} → {@code size}. */
    static String fieldName(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = new java.util.ArrayList<>();
        violation.getPropertyPath().forEach(nodes::add);
        var properties = nodes.stream().filter(n -> n.getKind() == ElementKind.PROPERTY).map(Path.Node::getName).toList();
        if (!properties.isEmpty()) {
            return String.join(".", properties);
        }
        var parameter = nodes.stream().filter(n -> n.getKind() == ElementKind.PARAMETER).map(Path.Node::getName).findFirst();
        return parameter.orElse(nodes.isEmpty() ? "request" : nodes.get(nodes.size() - 1).getName());
    }

    private static String detail(int status) {
        return switch (status) {
            case 404 -> "There is nothing at this path.";
            case 405 -> "This path does not accept that method.";
            case 406 -> "This path cannot produce the media type asked for.";
            case 413 -> "The request body is larger than 1 MiB.";
            case 415 -> "Send the body as application/json.";
            case 400 -> "The request is malformed.";
            default -> "The request could not be completed.";
        };
    }
}
