package io.myblog.service.database;

import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mysqlclient.MySQLException;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Whether the read replica may serve reads: checked every {@code check-interval} with {@code SHOW REPLICA STATUS} on
 * the replica's own pool, bounded by {@code check-timeout}. A replica that cannot be asked, replicates nothing, has a
 * stopped replication thread (its lag is then unknown) or lags more than {@code max-replica-lag} is left out; a
 * change either way is logged once.
 */
@ApplicationScoped
public class ReplicaHealth {

    private static final Logger LOG = Logger.getLogger(ReplicaHealth.class);
    /** MariaDB ≥ 10.5.1 and MySQL ≥ 8.0.22 both take this form; MySQL 8.4 no longer takes SHOW SLAVE STATUS. */
    static final String STATUS = "SHOW REPLICA STATUS";
    private static final int ACCESS_DENIED = 1045;
    private static final int NO_PRIVILEGE = 1227;

    /** What the last check found; {@code reason} says why the replica is left out, or how far behind it is. */
    public record State(boolean usable, String reason, Instant checkedAt) {
    }

    private final Pool replica;
    private final DatabaseSettings settings;
    private final Vertx vertx;
    /** Read once: every request asks, and the setting cannot change while the process runs. */
    private final boolean configured;
    private final Clock clock = Clock.systemUTC();
    private volatile State state = new State(false, "not checked yet", Instant.EPOCH);
    private long timer = -1;

    ReplicaHealth(@ReactiveDataSource("read") Pool replica, DatabaseSettings settings, Vertx vertx) {
        this.replica = replica;
        this.settings = settings;
        this.vertx = vertx;
        this.configured = settings.readHost().filter(host -> !host.isBlank()).isPresent();
    }

    /** True when a replica is named; then reads may go to it. */
    public boolean configured() {
        return configured;
    }

    void start(@Observes StartupEvent event) {
        if (!configured() || !settings.monitorEnabled()) {
            return;
        }
        check();
        timer = vertx.setPeriodic(settings.checkInterval().toMillis(), id -> check());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The last result, or "left out" when no check has finished within {@code stale-after}. */
    public State state() {
        var current = state;
        if (current.usable() && current.checkedAt().plus(settings.staleAfter()).isBefore(clock.instant())) {
            return new State(false, "no replica check finished in the last " + settings.staleAfter().toSeconds() + " s",
                    current.checkedAt());
        }
        return current;
    }

    private void check() {
        replica.withConnection(connection -> connection.query(STATUS).execute())
                .ifNoItem().after(settings.checkTimeout()).fail()
                .map(rows -> rows.iterator().hasNext() ? judge(rows.iterator().next(), settings.maxReplicaLag())
                        : new Verdict(false, "it replicates from no primary"))
                .onFailure().recoverWithItem(failure -> new Verdict(false, unanswered(failure)))
                .subscribe().with(verdict -> record(verdict, clock.instant()));
    }

    private void record(Verdict verdict, Instant at) {
        var previous = state;
        state = new State(verdict.usable(), verdict.reason(), at);
        if (verdict.usable() && !previous.usable()) {
            LOG.infof("Read replica %s serves reads (%s)", settings.readHost().orElse(""), verdict.reason());
        } else if (!verdict.usable() && (previous.usable() || previous.checkedAt().equals(Instant.EPOCH))) {
            LOG.warnf("Read replica %s left out, reads go to the primary: %s", settings.readHost().orElse(""),
                    verdict.reason());
        }
    }

    /** One row of SHOW REPLICA STATUS, read under MariaDB's column names or MySQL's. */
    static Verdict judge(Row row, Duration maxLag) {
        var io = text(row, "Slave_IO_Running", "Replica_IO_Running");
        var sql = text(row, "Slave_SQL_Running", "Replica_SQL_Running");
        if (!"Yes".equalsIgnoreCase(sql.orElse(""))) {
            return new Verdict(false, "its replication SQL thread is stopped, so its lag is unknown");
        }
        if (!"Yes".equalsIgnoreCase(io.orElse(""))) {
            return new Verdict(false, "it is not connected to its primary (" + io.orElse("unknown") + ")");
        }
        var column = row.getColumnIndex("Seconds_Behind_Master") >= 0 ? "Seconds_Behind_Master" : "Seconds_Behind_Source";
        var behind = row.getColumnIndex(column) >= 0 ? Optional.ofNullable(row.getValue(column)) : Optional.empty();
        if (behind.isEmpty()) {
            return new Verdict(false, "its lag is unknown");
        }
        long seconds = Long.parseLong(behind.get().toString());
        if (seconds > maxLag.toSeconds()) {
            return new Verdict(false, "it is " + seconds + " s behind, more than " + maxLag.toSeconds() + " s");
        }
        return new Verdict(true, seconds + " s behind");
    }

    /** Why the check got no answer, in one line with no driver text (it may quote the account). */
    static String unanswered(Throwable failure) {
        if (failure instanceof MySQLException e) {
            return switch (e.getErrorCode()) {
                case ACCESS_DENIED -> "it refused the credentials in MYSQL_USER/MYSQL_PASSWD";
                case NO_PRIVILEGE -> "MYSQL_USER may not read its replication status (grant REPLICA MONITOR on MariaDB,"
                        + " REPLICATION CLIENT on MySQL)";
                default -> "its check failed (error " + e.getErrorCode() + ")";
            };
        }
        if (failure instanceof io.smallrye.mutiny.TimeoutException) {
            return "it did not answer within myblog.database.check-timeout";
        }
        return DatabaseFailures.fromTheClient(failure) ? "it is unreachable" : "its check failed";
    }

    private static Optional<String> text(Row row, String mariadb, String mysql) {
        for (var column : new String[] {mariadb, mysql}) {
            if (row.getColumnIndex(column) >= 0) {
                return Optional.ofNullable(row.getValue(column)).map(Object::toString);
            }
        }
        return Optional.empty();
    }

    record Verdict(boolean usable, String reason) {
    }
}
