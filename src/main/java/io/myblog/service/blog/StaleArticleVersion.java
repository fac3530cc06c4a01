package io.myblog.service.blog;

/** The client updated from a version that is no longer the current one. */
public class StaleArticleVersion extends RuntimeException {

    public StaleArticleVersion(long id, long sent, long current) {
        super("Article " + id + " is at version " + current + ", the update was based on version " + sent
                + ". Read it again and reapply the change.", null, false, false);
    }
}
