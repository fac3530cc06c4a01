package io.myblog.blog;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** One page of articles, newest first. */
// Returned as a Response entity too; ArticleView beside it is registered, as the List<> generic is not followed.
@RegisterForReflection
public record ArticlePage(List<ArticleView> items, int page, int size, long total) {
}
