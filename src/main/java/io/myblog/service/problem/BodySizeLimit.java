package io.myblog.service.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers an oversized body with a 413 problem. An announced one (Content-Length) is refused before any of it is read;
 * a chunked one is read here, up to the limit, because past that point Quarkus REST would end the exchange with an
 * empty 413 of its own. Every body within the limit is read here, on the I/O thread, and handed on to Quarkus REST,
 * which uses it instead of reading again: left to Quarkus REST, a blocking endpoint's worker thread reads the body and
 * waits for the I/O thread to deliver it, a thread hand-off that cost a POST ~65 us of CPU (issue 17,
 * bench/profiles/before.md). The body is held in memory either way: the JSON reader needs all of it.
 */
@ApplicationScoped
public class BodySizeLimit {

    private static final String BODY = "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
            + "\"detail\":\"The request body is larger than %d bytes.\"}";

    void install(@Observes Router router, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        long maxBytes = limit.asLongValue();
        var body = BodyHandler.create(false).setBodyLimit(maxBytes).setMergeFormAttributes(false);
        router.route().order(Integer.MIN_VALUE)
                .handler(ctx -> {
                    var length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
                    if (length != null) {
                        if (exceeds(length, maxBytes)) {
                            tooLarge(ctx, maxBytes);
                        } else if (isEmpty(length)) {
                            ctx.next();
                        } else {
                            body.handle(ctx);
                        }
                    } else if (isChunked(ctx)) {
                        body.handle(ctx);
                    } else {
                        ctx.next();
                    }
                })
                .failureHandler(ctx -> {
                    if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                        tooLarge(ctx, maxBytes);
                    } else {
                        ctx.next();
                    }
                });
    }

    private static void tooLarge(RoutingContext ctx, long maxBytes) {
        ctx.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(BODY.formatted(maxBytes));
    }

    private static boolean isChunked(RoutingContext ctx) {
        var encoding = ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null && encoding.toLowerCase().contains("chunked");
    }

    private static boolean isEmpty(String contentLength) {
        return contentLength.trim().equals("0");
    }

    private static boolean exceeds(String contentLength, long maxBytes) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
