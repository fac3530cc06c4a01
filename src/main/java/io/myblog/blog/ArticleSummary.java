package io.myblog.blog;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** What the index page lists: an article without its content, so listing it never reads the content column. */
@RegisterForReflection // built by a Panache projection, by reflection in a native image
public record ArticleSummary(long id, String title, String author, Instant createdAt) {
}
