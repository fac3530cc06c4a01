package io.myblog.service.blog;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** An article as the API shows it; {@code publishedAt} is when it was first published, null while it never was. */
// Also sent as a Response entity (create), which the native build does not trace for Jackson.
@RegisterForReflection
public record ArticleView(
        long id, String title, String content, String author, Instant createdAt, Instant updatedAt, long version,
        ArticleStatus status, Instant publishedAt) {

    /** Whether everyone may read it; a draft only its author and admins. */
    public boolean published() {
        return status == ArticleStatus.PUBLISHED;
    }
}
