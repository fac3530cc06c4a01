package io.myblog.blog;

import java.time.Instant;

/** What the index page lists: an article without its content, so listing it never reads the content column. */
public record ArticleSummary(long id, String title, String author, Instant createdAt) {
}
