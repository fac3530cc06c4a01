package io.myblog.blog;

import java.util.List;

/** One page of articles, newest first. */
public record ArticlePage(List<ArticleView> items, int page, int size, long total) {
}
