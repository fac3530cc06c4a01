package io.myblog.blog;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The course's HTML page, at the path its probes used. */
@Path(BlogIndexResource.PATH)
public class BlogIndexResource {

    static final String PATH = "/blog/index/";

    static final int NEWEST = 10;

    private final BlogIndexCache cache;

    BlogIndexResource(BlogIndexCache cache) {
        this.cache = cache;
    }

    @GET
    @Produces("text/html;charset=UTF-8")
    @APIResponse(responseCode = "200", description = "The newest articles as an HTML page",
            content = @Content(mediaType = "text/html;charset=UTF-8", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Uni<String> index() {
        return cache.page();
    }
}
