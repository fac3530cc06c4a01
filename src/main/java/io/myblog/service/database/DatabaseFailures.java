package io.myblog.service.database;

import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;

/** Tells a database that cannot be reached from one that rejected a statement, in words safe to show. */
public final class DatabaseFailures {

    private static final String ACCESS_DENIED = "28000";
    private static final int UNKNOWN_DATABASE = 1049;
    private static final int TOO_MANY_CONNECTIONS = 1040;
    /** MariaDB's "connection was killed" (a server shutting down, or an operator's KILL). */
    private static final int CONNECTION_KILLED = 1927;

    private DatabaseFailures() {
    }

    /**
     * What the stores' statements fail with, made one kind of failure: the only place that reads the reactive client's
     * exceptions. Applied to the whole of {@code pool.withConnection(...)}, so a connection the pool could not open
     * (refused, not resolved, handshake refused, no pooled connection within the wait) is mapped like a failed
     * statement. What the server said keeps its SQLState and error code; the client's own connection failures mean
     * the database is not there for this request; anything else (a bug of ours) stays what it was and becomes a 500.
     */
    public static RuntimeException translate(String what, Throwable failure) {
        if (failure instanceof DatabaseFailure || !fromTheClient(failure)) {
            return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(what, failure);
        }
        if (failure instanceof DatabaseException server) {
            return new DatabaseFailure(what, new SQLException("The database refused the statement", server.getSqlState(),
                    server.getErrorCode(), failure));
        }
        return new DatabaseFailure(what, new SQLTransientConnectionException("The database could not be reached", failure));
    }

    /** A store's use of the pool, with {@link #translate} applied to all of it, connection acquisition included. */
    public static <T> Uni<T> translated(String what, Uni<T> use) {
        return use.onFailure().transform(failure -> translate(what, failure));
    }

    /**
     * The reactive client's ways of failing: the server's answer, a connection that closed or never opened, a pool wait
     * that timed out (Vert.x fails it with a bare {@link NoStackTraceThrowable} "Timeout").
     */
    static boolean fromTheClient(Throwable failure) {
        return failure instanceof DatabaseException
                || failure instanceof VertxException // ClosedConnectionException among them
                || failure instanceof NoStackTraceThrowable
                || failure instanceof IOException // ConnectException, UnknownHostException, Netty's connect failures
                || failure instanceof TimeoutException;
    }

    /** True when the failure means "the database is not there for us right now", not "this request was wrong". */
    public static boolean isUnavailable(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
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
                || e.getErrorCode() == CONNECTION_KILLED
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
            if (cause instanceof SQLException) {
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
        var tls = tlsFailure(failure);
        if (tls != null) {
            return "database at " + location + " failed the TLS handshake (MYSQL_SSL_MODE, MYSQL_SSL_CA): " + tls;
        }
        if (isUnavailable(failure)) {
            return "database at " + location + " is unreachable";
        }
        return "database at " + location + " failed the check (SQLState " + sqlState(failure) + ")";
    }

    /**
     * What the JDK said about the server's certificate (not signed by the CA, not for this host name), from the deepest
     * TLS or certificate failure; null when the connection failed otherwise. Certificates are public: nothing to hide.
     */
    private static String tlsFailure(Throwable failure) {
        String found = null;
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException || cause instanceof java.security.cert.CertificateException
                    || cause instanceof java.security.GeneralSecurityException) {
                found = cause.getMessage();
            }
        }
        return found;
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
