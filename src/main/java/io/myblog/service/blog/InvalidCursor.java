package io.myblog.service.blog;

/** A {@code cursor} parameter that is not one this service returned for the same query. */
public class InvalidCursor extends RuntimeException {

    public InvalidCursor(String reason) {
        super(reason, null, false, false);
    }
}
