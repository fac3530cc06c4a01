package io.myblog.service.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads a request's body only once its sender has proven who it is, and only while the bytes held for all requests
 * together stay within a budget. An announced oversized body (Content-Length) is refused with a 413 before anything
 * else; a chunked one is read up to the limit, because past that point Quarkus REST would end the exchange with an
 * empty 413 of its own. An anonymous request, or one whose credentials fail, is passed on unread: the endpoint's
 * security check answers it (401, 429) and the body is never buffered. Every other body within the limit is read here,
 * on the I/O thread, and handed on to Quarkus REST, which uses it instead of reading again: left to Quarkus REST, a
 * blocking endpoint's worker thread reads the body and waits for the I/O thread to deliver it, a thread hand-off that
 * cost a POST ~65 us of CPU (issue 17, bench/profiles/before.md).
 */
@ApplicationScoped
public class BodySizeLimit {

    /** Between Quarkus' authentication filter (200), which puts the deferred identity in place, and authorization (100). */
    private static final int AFTER_AUTHENTICATION = 190;
    private static final String TOO_LARGE = "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
            + "\"detail\":\"The request body is larger than %d bytes.\"}";
    private static final String BUSY = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
            + "\"detail\":\"Too many request bodies are being read at once; retry shortly.\"}";

    private final long maxBytes;
    private final long budgetBytes;
    private final String formPostLocation;
    private final AtomicLong buffered = new AtomicLong();
    private final BodyHandler body;

    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
            @ConfigProperty(name = "myblog.http.buffered-bodies-limit") MemorySize budget,
            @ConfigProperty(name = "quarkus.http.auth.form.post-location", defaultValue = "/j_security_check")
            String formPostLocation) {
        this.maxBytes = limit.asLongValue();
        this.budgetBytes = budget.asLongValue();
        this.formPostLocation = formPostLocation;
        this.body = BodyHandler.create(false).setBodyLimit(maxBytes).setMergeFormAttributes(false);
    }

    void install(@Observes Filters filters) {
        filters.register(this::handle, AFTER_AUTHENTICATION);
    }

    /** A chunked body past the limit fails the exchange with 413 inside BodyHandler: answered as a problem here. */
    void installFailureHandler(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                tooLarge(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private void handle(RoutingContext ctx) {
        var length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long announced;
        if (length != null) {
            if (exceeds(length)) {
                tooLarge(ctx);
                return;
            }
            if (isEmpty(length)) {
                ctx.next();
                return;
            }
            announced = parsed(length);
        } else if (isChunked(ctx)) {
            announced = maxBytes;
        } else {
            ctx.next();
            return;
        }
        if (ctx.normalizedPath().equals(formPostLocation)) {
            ctx.next(); // the form login reads its own few fields; its throttle runs there
            return;
        }
        Uni<SecurityIdentity> identity = ctx.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        if (identity == null) {
            read(ctx, announced);
            return;
        }
        var context = Vertx.currentContext();
        identity.subscribe().with(
                who -> context.runOnContext(v -> {
                    if (who.isAnonymous()) {
                        ctx.next();
                    } else {
                        read(ctx, announced);
                    }
                }),
                failure -> context.runOnContext(v -> ctx.next())); // the endpoint's check meets the same failure
    }

    private void read(RoutingContext ctx, long bytes) {
        if (buffered.addAndGet(bytes) > budgetBytes) {
            buffered.addAndGet(-bytes);
            ctx.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader("Retry-After", "1").putHeader(HttpHeaders.CONNECTION, "close").end(BUSY);
            return;
        }
        ctx.addEndHandler(done -> buffered.addAndGet(-bytes));
        body.handle(ctx);
    }

    private void tooLarge(RoutingContext ctx) {
        ctx.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(TOO_LARGE.formatted(maxBytes));
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
