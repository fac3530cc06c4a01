package io.myblog.blog;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** The course's HTML page, at the path its probes used. */
@Path("/blog/index/")
public class BlogIndexResource {

    static final int NEWEST = 10;

    private final ArticleService service;

    BlogIndexResource(ArticleService service) {
        this.service = service;
    }

    @GET
    @Produces("text/html;charset=UTF-8")
    public String index() {
        return BlogIndexPage.render(service.newest(NEWEST));
    }
}
