package io.myblog.service.problem;

import io.myblog.service.auth.SessionCookie;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Holds the bytes of all request bodies at once within a budget, and refuses an oversized body with a problem. An
 * announced oversized body (Content-Length) is refused with a 413 before anything else; any other body reserves its
 * size in the budget and is left unread, for Quarkus REST to read after an endpoint's security check: a write without
 * valid credentials is answered 401 before any byte of its body is read (issue 24). Every endpoint with a body is
 * non-blocking, so Quarkus REST reads it on the I/O thread with no hand-off to a worker. A chunked body that carries
 * credentials is read here, up to the limit, because past it Quarkus REST would end the exchange with an empty 413 of
 * its own; a chunked body without any is left to the security check like the rest.
 */
@ApplicationScoped
public class BodySizeLimit {

    private static final String TOO_LARGE = "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
            + "\"detail\":\"The request body is larger than %d bytes.\"}";
    private static final String BUSY = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
            + "\"detail\":\"Too many request bodies are being read at once; retry shortly.\"}";

    private final long maxBytes;
    private final long budgetBytes;
    private final AtomicLong buffered = new AtomicLong();
    private final BodyHandler body;

    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
            @ConfigProperty(name = "myblog.http.buffered-bodies-limit") MemorySize budget) {
        this.maxBytes = limit.asLongValue();
        this.budgetBytes = budget.asLongValue();
        this.body = BodyHandler.create(false).setBodyLimit(maxBytes).setMergeFormAttributes(false);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::handle).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                tooLarge(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private void handle(RoutingContext ctx) {
        var length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            if (exceeds(length)) {
                tooLarge(ctx);
            } else if (isEmpty(length)) {
                ctx.next();
            } else {
                reserve(ctx, parsed(length), false);
            }
        } else if (isChunked(ctx)) {
            reserve(ctx, maxBytes, carriesCredentials(ctx));
        } else {
            ctx.next();
        }
    }

    /** Reserves the body's size in the budget, then reads it here or leaves it to Quarkus REST. */
    private void reserve(RoutingContext ctx, long bytes, boolean readHere) {
        if (buffered.addAndGet(bytes) > budgetBytes) {
            buffered.addAndGet(-bytes);
            ctx.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader("Retry-After", "1").putHeader(HttpHeaders.CONNECTION, "close").end(BUSY);
            return;
        }
        ctx.addEndHandler(done -> buffered.addAndGet(-bytes));
        if (readHere) {
            body.handle(ctx);
        } else {
            ctx.next();
        }
    }

    private void tooLarge(RoutingContext ctx) {
        ctx.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(TOO_LARGE.formatted(maxBytes));
    }

    private static boolean carriesCredentials(RoutingContext ctx) {
        return ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null || ctx.request().getCookie(SessionCookie.NAME) != null;
    }

    private static boolean isChunked(RoutingContext ctx) {
        var encoding = ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null && encoding.toLowerCase().contains("chunked");
    }

    private static boolean isEmpty(String contentLength) {
        return contentLength.trim().equals("0");
    }

    private boolean exceeds(String contentLength) {
        return parsed(contentLength) > maxBytes;
    }

    private static long parsed(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return 0; // Vert.x refuses a malformed Content-Length before any handler runs
        }
    }
}
