package io.myblog.service.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.myblog.service.account.AccountChangeRefused;
import io.myblog.service.account.AccountExists;
import io.myblog.service.account.AccountNameRetired;
import io.myblog.service.account.AccountNotFound;
import io.myblog.service.account.LastAdmin;
import io.myblog.service.auth.LoginThrottled;
import io.myblog.service.auth.ThrottledBasicAuthentication;
import io.myblog.service.blog.ArticleNotFound;
import io.myblog.service.blog.ArticlePreconditionFailed;
import io.myblog.service.blog.ConcurrentArticleUpdate;
import io.myblog.service.blog.InvalidCursor;
import io.myblog.service.blog.InvalidIfMatch;
import io.myblog.service.blog.NotYourArticle;
import io.myblog.service.blog.PageTooDeep;
import io.myblog.service.blog.StaleArticleVersion;
import io.myblog.service.database.DatabaseFailures;
import io.myblog.service.database.DatabaseMonitor;
import io.myblog.service.database.DatabaseSettings;
import io.myblog.service.database.SecretRedactor;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error is shaped here and says nothing of the internals: as application/problem+json, or as an HTML page for a
 * browser (a client whose Accept prefers text/html), with the same status and headers.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String HTML = "text/html;charset=UTF-8";
    private static final MediaType PROBLEM_JSON = MediaType.valueOf(Problem.MEDIA_TYPE);

    private final DatabaseMonitor database;
    private final DatabaseSettings settings;
    private final SecretRedactor redactor;
    private final HttpHeaders request;

    ProblemMappers(DatabaseMonitor database, DatabaseSettings settings, SecretRedactor redactor, HttpHeaders request) {
        this.database = database;
        this.settings = settings;
        this.redactor = redactor;
        this.request = request;
    }

    @ServerExceptionMapper({ArticleNotFound.class, AccountNotFound.class})
    public Response notFound(RuntimeException e) {
        return respond(Problem.of(404, "Not Found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalidCursor(InvalidCursor e) {
        return badField("cursor", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidIfMatch(InvalidIfMatch e) {
        return badField("If-Match", e.getMessage());
    }

    @ServerExceptionMapper
    public Response pageTooDeep(PageTooDeep e) {
        return badField("page", e.getMessage());
    }

    /** No credentials on a write. The challenge names Basic; a token from POST /api/session works as well. */
    @ServerExceptionMapper
    public Response anonymous(UnauthorizedException e) {
        return unauthorized("This request needs the credentials of an account: HTTP Basic, or a bearer token from "
                + "POST /api/session.");
    }

    /** Wrong name, wrong password, or a bad token: the answer never says whether the account exists. */
    @ServerExceptionMapper
    public Response refusedCredentials(AuthenticationFailedException e) {
        if (e.getCause() instanceof LoginThrottled throttled) {
            return throttled(throttled);
        }
        if (e.getCause() != null && (DatabaseFailures.isUnavailable(e.getCause()) || !database.state().ready())) {
            return unexpected(e); // the accounts could not be read: the database's 503, not the client's 401
        }
        return unauthorized("The credentials were not accepted.");
    }

    private Response throttled(LoginThrottled e) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return problem(Problem.of(429, "Too Many Requests",
                        "Too many failed logins for this account or address. Retry after " + seconds + " s."))
                .header("Retry-After", seconds)
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "This account's roles do not allow this request."));
    }

    /** Allowed to write, but not this: another author's article, another account. */
    @ServerExceptionMapper({NotYourArticle.class, AccountChangeRefused.class})
    public Response notYours(RuntimeException e) {
        return respond(Problem.of(403, "Forbidden", e.getMessage()));
    }

    @ServerExceptionMapper({StaleArticleVersion.class, ConcurrentArticleUpdate.class, AccountExists.class,
            AccountNameRetired.class, LastAdmin.class})
    public Response conflict(RuntimeException e) {
        return respond(Problem.of(409, "Conflict", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response preconditionFailed(ArticlePreconditionFailed e) {
        return respond(Problem.of(412, "Precondition Failed", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        var violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::message))
                .toList();
        return respond(Problem.invalid(violations));
    }

    /**
     * A value of the wrong JSON type (StrictJson refuses to coerce it) names its field; a body that is no object at
     * all ({@code null} is caught by validation) says so. Jackson's own mapper for this subtype would answer plain JSON
     * with internals; ours wins by being as specific.
     */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        var field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()))
                .collect(java.util.stream.Collectors.joining("."));
        if (field.isEmpty()) {
            return respond(Problem.of(400, "Bad Request", "The request body must be a JSON object."));
        }
        return badField(field, "must be " + jsonType(e.getTargetType()));
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
        if (e.getCause() instanceof MismatchedInputException mismatched) {
            return mismatchedJson(mismatched);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        if (e.getCause() instanceof QueryIntegerConverter.InvalidQueryParameter invalid) {
            return badField(invalid.name, invalid.getMessage());
        }
        var retryAfter = e.getResponse().getHeaderString("Retry-After");
        var response = problem(Problem.of(status.getStatusCode(), status.getReasonPhrase(), detail(status.getStatusCode())));
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

    /**
     * Anything else. A database that is away or overloaded (or a schema still being migrated) is the client's 503,
     * answered without a log line per request: the monitor reports the database. The rest is a bug of ours: 500 with
     * an id, and one ERROR line with the same id, the type and the stack trace.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Exception e) {
        if (DatabaseFailures.isUnavailable(e) || (DatabaseFailures.isDatabaseFailure(e) && !database.state().migrated())) {
            return problem(Problem.of(503, "Service Unavailable", "The database cannot take this request right now. "
                            + "Retry after " + settings.retryAfter().toSeconds() + " s."))
                    .header("Retry-After", settings.retryAfter().toSeconds())
                    .build();
        }
        var id = RequestId.current();
        LOG.errorf(LoggedFailure.of(e, redactor), "Request %s failed: %s", id, e.getClass().getName());
        return respond(new Problem("about:blank", "Internal Server Error", 500,
                "The request could not be completed. Quote the instance when reporting it.", "urn:uuid:" + id, null));
    }

    private Response unauthorized(String detail) {
        return problem(Problem.of(401, "Unauthorized", detail))
                .header("WWW-Authenticate", "Basic realm=\"" + ThrottledBasicAuthentication.REALM + "\"")
                .build();
    }

    private Response respond(Problem problem) {
        return problem(problem).build();
    }

    private Response.ResponseBuilder problem(Problem problem) {
        var response = Response.status(problem.status()).header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        return prefersHtml()
                ? response.type(HTML).entity(new ProblemPage(problem).render())
                : response.type(Problem.MEDIA_TYPE).entity(problem);
    }

    /** The client's most preferred type that names HTML or JSON; a wildcard (curl, API clients) means JSON. */
    private boolean prefersHtml() {
        for (var type : request.getAcceptableMediaTypes()) { // highest quality first
            if (type.isWildcardType()) {
                return false;
            }
            if (type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
                return true;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.isCompatible(PROBLEM_JSON)) {
                return false;
            }
        }
        return false;
    }

    private Response badField(String field, String message) {
        return respond(Problem.invalid(List.of(new Problem.Violation(field, message))));
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

    private static String jsonType(Class<?> target) {
        if (target == String.class) {
            return "a string";
        }
        if (target == long.class || target == Long.class || target == int.class || target == Integer.class) {
            return "a whole number";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        return "a JSON object";
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
