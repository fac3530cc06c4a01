package io.myblog.service.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An RFC 9457 problem document; {@code violations} lists each invalid field of a 400, {@code instance} names the
 * occurrence of a 500 so that its log line can be found.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Built into Responses by the exception mappers, where the native build cannot see the type for Jackson.
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, String instance, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record Violation(String field, String message) {
    }

    public Problem(String type, String title, int status, String detail, List<Violation> violations) {
        this(type, title, status, detail, null, violations);
    }

    static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null);
    }

    static Problem invalid(List<Violation> violations) {
        return new Problem("about:blank", "Bad Request", 400,
                "The request has " + violations.size() + " invalid field(s).", violations);
    }
}
