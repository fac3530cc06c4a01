package io.myblog.blog;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** The course's HTML page, at the path its probes used. */
@Path("/blog/index/")
public class BlogIndexResource {

    static final int NEWEST = 10;

    private final BlogIndexCache cache;

    BlogIndexResource(BlogIndexCache cache) {
        this.cache = cache;
    }

    @GET
    @Produces("text/html;charset=UTF-8")
    public Uni<String> index() {
        return cache.page();
    }
}
