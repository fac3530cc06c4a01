package io.myblog.service.blog;

/** No article has this id. */
public class ArticleNotFound extends RuntimeException {

    public ArticleNotFound(long id) {
        super("No article with id " + id + ".", null, false, false);
    }
}
