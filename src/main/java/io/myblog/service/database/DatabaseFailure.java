package io.myblog.service.database;

import java.sql.SQLException;

/**
 * A statement of a store failed, or its connection could not be had: the SQLException says which
 * ({@link DatabaseFailures#isUnavailable}). Made only by {@link DatabaseFailures#translate}. No stack trace of its own:
 * the cause holds the one that matters, and an outage makes many of these.
 */
public class DatabaseFailure extends RuntimeException {

    DatabaseFailure(String what, SQLException cause) {
        super(what + " failed", cause, false, false);
    }
}
