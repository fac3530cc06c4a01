package io.myblog.service.blog;

/** A numbered page past {@link ArticleService#MAX_OFFSET}: reading it would cost as much as every page before it. */
public class PageTooDeep extends RuntimeException {

    public PageTooDeep(int page, int size) {
        super("page " + page + " at size " + size + " starts past item " + ArticleService.MAX_OFFSET
                + "; follow the next cursor (Link rel=\"next\", or cursor=) to read further", null, false, false);
    }
}
