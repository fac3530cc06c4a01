package io.myblog.service.problem;

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
 * Reads a request's body only while the bytes held for all requests together stay within a budget. An announced
 * oversized body (Content-Length) is refused with a 413 before anything else; a chunked one is read up to the limit,
 * because past that point Quarkus REST would end the exchange with an empty 413 of its own. Every body within the limit
 * is read here, on the I/O thread, and handed on to Quarkus REST, which uses it instead of reading again: left to
 * Quarkus REST, a blocking endpoint's worker thread reads the body and waits for the I/O thread to deliver it, a thread
 * hand-off that cost a POST ~65 us of CPU (issue 17, bench/profiles/before.md). Reading it only after the credentials
 * were checked was tried and left (see the closing note of 2026-12-07): Quarkus reports a failed deferred identity to
 * its first subscriber's failure handler, and resolving it here runs the identity providers outside the request
 * context.
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
                read(ctx, parsed(length));
            }
        } else if (isChunked(ctx)) {
            read(ctx, maxBytes);
        } else {
            ctx.next();
        }
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
