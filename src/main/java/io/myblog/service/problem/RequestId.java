package io.myblog.service.problem;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * Gives every request an opaque id, in the MDC of every log line written for it (the JSON log's {@code mdc}) and in
 * the {@code instance} of a 500, so the answer a client saw leads to the log line with the stack trace.
 */
@ApplicationScoped
public class RequestId {

    static final String MDC_KEY = "requestId";

    void install(@Observes Router router) {
        // Quarkus keeps the MDC in the request's duplicated Vert.x context, so it follows the request to worker threads.
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            MDC.put(MDC_KEY, UUID.randomUUID().toString());
            ctx.next();
        });
    }

    /** The current request's id; a fresh one outside a request. */
    static String current() {
        var id = MDC.get(MDC_KEY);
        return id == null ? UUID.randomUUID().toString() : id.toString();
    }
}
