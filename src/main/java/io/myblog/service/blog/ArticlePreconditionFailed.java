package io.myblog.service.blog;

/** The client's If-Match names a version of the article that is no longer the current one. */
public class ArticlePreconditionFailed extends RuntimeException {

    public ArticlePreconditionFailed(long id, long current) {
        super("Article " + id + " is at version " + current + " (ETag " + ArticleTags.api(id, current)
                + "); the If-Match sent does not name it. Read it again and reapply the change.", null, false, false);
    }
}
