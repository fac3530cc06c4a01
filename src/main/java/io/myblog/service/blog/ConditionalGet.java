package io.myblog.service.blog;

import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.Date;
import java.util.function.Supplier;

/**
 * Answers a GET of an article from its validators: 304 when the client's copy is current (If-None-Match, or
 * If-Modified-Since when no If-None-Match is sent, as JAX-RS evaluates them), the representation otherwise, rendered
 * only then.
 */
final class ConditionalGet {

    /** Caches may keep the article but must ask again before each use: an edit shows on the next load. */
    private static final CacheControl REVALIDATE = CacheControl.valueOf("no-cache");
    /** A draft is its author's and the admins': no shared cache may keep it for anyone else. */
    private static final CacheControl PRIVATE = CacheControl.valueOf("private, no-cache");

    private ConditionalGet() {
    }

    static Response respond(Request request, EntityTag tag, ArticleView article, Supplier<Object> representation) {
        var updatedAt = article.updatedAt();
        var lastModified = Date.from(updatedAt);
        var notModified = request.evaluatePreconditions(lastModified, tag);
        var response = notModified != null ? notModified : Response.ok(representation.get());
        return response.tag(tag).lastModified(lastModified).cacheControl(article.published() ? REVALIDATE : PRIVATE).build();
    }
}
