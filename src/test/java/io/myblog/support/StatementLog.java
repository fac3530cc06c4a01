package io.myblog.support;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.jdbc.Driver;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Every statement the service's datasource sends to the database, as Connector/J sends it: the driver's own session
 * statements ({@code SET autocommit=0}, {@code commit}) included. Installed by the test profile only
 * ({@code %test.quarkus.datasource.jdbc.additional-jdbc-properties.queryInterceptors}); production has no such hook.
 */
public class StatementLog implements QueryInterceptor {

    /** Enough to tell statements apart; the log lives as long as the test run, and bodies can be 100,000 characters. */
    private static final int KEPT_CHARACTERS = 200;
    private static final Queue<String> SENT = new ConcurrentLinkedQueue<>();

    /** Forgets the statements sent so far. */
    public static void clear() {
        driversLog().clear();
    }

    /** The statements sent since the last {@link #clear()}, oldest first. */
    public static List<String> sent() {
        return List.copyOf(driversLog());
    }

    /** This copy's log; public for {@link #driversLog()}, which reaches it across class loaders. */
    public static Queue<String> log() {
        return SENT;
    }

    /**
     * The log the driver writes to. Quarkus loads the JDBC driver from the JVM's class path, not through the test's
     * class loader, so the driver creates its interceptor from that loader's copy of this class: another class, with
     * another static log.
     */
    @SuppressWarnings("unchecked")
    private static Queue<String> driversLog() {
        var driverLoader = Driver.class.getClassLoader();
        if (driverLoader == StatementLog.class.getClassLoader()) {
            return SENT;
        }
        try {
            return (Queue<String>) Class.forName(StatementLog.class.getName(), true, driverLoader).getMethod("log").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot reach the driver's statement log", e);
        }
    }

    @Override
    public QueryInterceptor init(MysqlConnection connection, Properties properties, Log log) {
        return this;
    }

    @Override
    public <T extends Resultset> T preProcess(Supplier<String> sql, Query interceptedQuery) {
        var text = sql.get();
        SENT.add(text.length() > KEPT_CHARACTERS ? text.substring(0, KEPT_CHARACTERS) : text);
        return null; // null: the driver sends the statement as it would have
    }

    /** Statements the driver runs for itself while sending one count as what they are: more statements. */
    @Override
    public boolean executeTopLevelOnly() {
        return false;
    }

    @Override
    public void destroy() {
    }

    @Override
    public <T extends Resultset> T postProcess(Supplier<String> sql, Query interceptedQuery, T originalResultSet,
            ServerSession serverSession) {
        return null;
    }
}
