package io.myblog.blog;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.List;

/** The course's HTML page, at the path its probes used. */
@Path("/blog/index/")
public class BlogIndexResource {

    static final int NEWEST = 10;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<ArticleView> articles);
    }

    private final ArticleService service;

    BlogIndexResource(ArticleService service) {
        this.service = service;
    }

    @GET
    @Produces("text/html;charset=UTF-8")
    public TemplateInstance index() {
        return Templates.index(service.newest(NEWEST));
    }
}
