package io.myblog.service.blog;

/** An author asked to change or delete an article another account wrote. */
public class NotYourArticle extends RuntimeException {

    public NotYourArticle(long id) {
        super("Article " + id + " belongs to another author: only its author or an admin may change it.", null, false, false);
    }
}
