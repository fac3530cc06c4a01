package io.myblog.service.blog;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Documents the HTML pages at the paths they are served at ({@code /blog/index/}, {@code /blog/article/{id}/}, {@code /blog/feed/}):
 * SmallRye OpenAPI drops a trailing slash from every path and has no setting to keep it.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class BlogPagesOpenApiPaths implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        var paths = openAPI.getPaths();
        for (var served : List.of(BlogIndexResource.PATH, ArticlePageResource.PATH, FeedResource.PATH)) {
            var scanned = served.substring(0, served.length() - 1);
            if (paths != null && paths.hasPathItem(scanned)) {
                paths.addPathItem(served, paths.getPathItem(scanned));
                paths.removePathItem(scanned);
            }
        }
    }
}
