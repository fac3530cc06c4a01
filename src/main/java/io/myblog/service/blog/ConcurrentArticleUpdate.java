package io.myblog.service.blog;

/** Two writers passed the version check together; the store's optimistic lock let only the first one write. */
public class ConcurrentArticleUpdate extends RuntimeException {

    ConcurrentArticleUpdate(long id) {
        super("Article " + id + " was changed by another request at the same time. Read it again and reapply the change.",
                null, false, false);
    }
}
