package io.myblog.database;

import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.exception.JDBCConnectionException;

/** Tells a database that cannot be reached from one that rejected a statement, in words safe to show. */
public final class DatabaseFailures {

    private static final String ACCESS_DENIED = "28000";
    private static final int UNKNOWN_DATABASE = 1049;
    private static final int TOO_MANY_CONNECTIONS = 1040;

    private DatabaseFailures() {
    }

    /** True when the failure means "the database is not there for us right now", not "this request was wrong". */
    public static boolean isUnavailable(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JDBCConnectionException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && isUnavailable(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnavailable(SQLException e) {
        var state = e.getSQLState();
        return (state != null && (state.startsWith("08") || state.equals(ACCESS_DENIED)))
                || e.getErrorCode() == UNKNOWN_DATABASE
                || e.getErrorCode() == TOO_MANY_CONNECTIONS
                || isPoolExhausted(e);
    }

    /**
     * Every connection of the pool stayed busy for the whole acquisition timeout. Agroal says so with a bare
     * SQLException (no SQLState, no error code), which is how it is told from anything a database server sends.
     */
    static boolean isPoolExhausted(SQLException e) {
        var trace = e.getStackTrace();
        return e.getSQLState() == null && e.getErrorCode() == 0
                && trace.length > 0 && trace[0].getClassName().startsWith("io.agroal.");
    }

    /** True when the failure came from the database or its driver at all, whatever the reason. */
    public static boolean isDatabaseFailure(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException || cause instanceof org.hibernate.JDBCException) {
                return true;
            }
        }
        return false;
    }

    /** A one-line reason naming where and what, never credentials and never the driver's full text. */
    static String describe(Throwable failure, String location) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                if (ACCESS_DENIED.equals(sql.getSQLState())) {
                    return "database at " + location + " refused the credentials in MYSQL_USER/MYSQL_PASSWD";
                }
                if (sql.getErrorCode() == UNKNOWN_DATABASE) {
                    return "database at " + location + " has no such schema (MYSQL_DATABASE)";
                }
                if (sql.getErrorCode() == TOO_MANY_CONNECTIONS) {
                    return "database at " + location + " has no free connections";
                }
            }
        }
        if (isUnavailable(failure)) {
            return "database at " + location + " is unreachable";
        }
        return "database at " + location + " failed the check (SQLState " + sqlState(failure) + ")";
    }

    private static String sqlState(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "unknown";
    }

    /** {@code jdbc:mysql://host:3306/myblog?x=y} becomes {@code host:3306/myblog}. */
    static String location(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "(no URL)";
        }
        var withoutParameters = jdbcUrl.replaceFirst("[?;].*$", "");
        var schemeEnd = withoutParameters.indexOf("//");
        if (schemeEnd >= 0) {
            try {
                var uri = URI.create("db:" + withoutParameters.substring(schemeEnd));
                return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath();
            } catch (IllegalArgumentException e) {
                return withoutParameters.substring(schemeEnd + 2);
            }
        }
        return withoutParameters.replaceFirst("^jdbc:", "");
    }
}
