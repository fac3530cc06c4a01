package io.myblog.service.blog;

/** An If-Match header that is blank or not a list of entity tags: the client meant a condition we cannot read. */
public class InvalidIfMatch extends RuntimeException {

    InvalidIfMatch() {
        super("must be * or a list of entity tags, such as the ETag of a GET (\"12-3\")", null, false, false);
    }
}
