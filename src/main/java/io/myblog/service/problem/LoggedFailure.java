package io.myblog.service.problem;

import io.myblog.service.database.SecretRedactor;
import io.vertx.sqlclient.DatabaseException;
import java.sql.SQLException;

/**
 * A failure as the log may show it: the same types and stack traces, messages without the database password, and
 * for SQL errors only their codes (the server's text can quote the values a statement carried).
 */
final class LoggedFailure extends RuntimeException {

    private LoggedFailure(String text, StackTraceElement[] trace, LoggedFailure cause) {
        super(text, cause, false, true);
        setStackTrace(trace);
    }

    static LoggedFailure of(Throwable failure, SecretRedactor redactor) {
        var cause = failure.getCause() == null || failure.getCause() == failure ? null : of(failure.getCause(), redactor);
        return new LoggedFailure(failure.getClass().getName() + ": " + message(failure, redactor), failure.getStackTrace(), cause);
    }

    private static String message(Throwable failure, SecretRedactor redactor) {
        if (failure instanceof SQLException sql) {
            return "SQLState " + sql.getSQLState() + ", error " + sql.getErrorCode();
        }
        if (failure instanceof DatabaseException server) {
            return "SQLState " + server.getSqlState() + ", error " + server.getErrorCode();
        }
        return redactor.redact(failure.getMessage());
    }

    /** The original type and message, not this class's name: the log reads as the failure itself. */
    @Override
    public String toString() {
        return getMessage();
    }
}
