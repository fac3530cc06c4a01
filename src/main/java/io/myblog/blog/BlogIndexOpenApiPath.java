package io.myblog.blog;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Documents the index page at the path it is served and probed at, {@code /blog/index/}: SmallRye OpenAPI drops a
 * trailing slash from every path and has no setting to keep it.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class BlogIndexOpenApiPath implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        var paths = openAPI.getPaths();
        var scanned = BlogIndexResource.PATH.substring(0, BlogIndexResource.PATH.length() - 1);
        if (paths != null && paths.hasPathItem(scanned)) {
            paths.addPathItem(BlogIndexResource.PATH, paths.getPathItem(scanned));
            paths.removePathItem(scanned);
        }
    }
}
