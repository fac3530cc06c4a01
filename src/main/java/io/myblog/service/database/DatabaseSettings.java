package io.myblog.service.database;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** How myblog watches its database. The connection itself is {@code quarkus.datasource.*}, built from MYSQL_*. */
@ConfigMapping(prefix = "myblog.database")
public interface DatabaseSettings {

    /** Where the database is expected ({@code MYSQL_HOST}); start-up stops when it is missing. */
    Optional<String> host();

    /** {@code MYSQL_SSL_MODE}: TLS to the database for every client ({@link DatabaseTls}). */
    @WithDefault("disabled")
    String sslMode();

    /** Where the CA of Secret key {@code MYSQL_SSL_CA} is mounted; needed by the verify-* modes. */
    Optional<String> sslCaFile();

    /** Derived, never set by hand: Connector/J's TLS parameters, which both JDBC URLs end with ({@link DatabaseTlsConfig}). */
    Optional<String> jdbcTls();

    /** How often the database is checked, and migrations retried until they are applied. */
    @WithDefault("1s")
    Duration checkInterval();

    /** Bound of one check, kept under the readiness probe's 2 s timeout. */
    @WithDefault("1s")
    Duration checkTimeout();

    /** A readiness answer older than this is treated as unknown: the checker itself is stuck. */
    @WithDefault("5s")
    Duration staleAfter();

    /** How long a shutdown waits for a running schema migration, inside the pod's 40 s termination grace period. */
    @WithDefault("25s")
    Duration migrationGrace();

    /** The Retry-After a client gets with a 503 while the database is unreachable or every connection is busy. */
    @WithDefault("5s")
    Duration retryAfter();

    /** A read replica ({@code MYSQL_READ_HOST}); without it every read goes to the primary. */
    Optional<String> readHost();

    /** A replica further behind than this (or whose lag is unknown) is left out until it catches up. */
    @WithDefault("5s")
    Duration maxReplicaLag();

    /** Off when the binary runs a deploy subcommand: a laptop deploying the stack has no MYSQL_HOST. */
    @WithName("monitor.enabled")
    @WithDefault("true")
    boolean monitorEnabled();
}
