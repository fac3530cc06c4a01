package io.myblog.service.blog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * A list page as the API sends it: {@code page} only when the client asked for a numbered page, {@code next} only
 * when there is one. No total: counting a million rows per request is what this API no longer does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection // a Response entity, which the native build does not trace for Jackson
public record ArticleList(List<ArticleSummary> items, Integer page, int size, String next) {

    static ArticleList of(ArticlePage page, Integer number, int size) {
        return new ArticleList(page.items(), number, size, page.next().orElse(null));
    }
}
