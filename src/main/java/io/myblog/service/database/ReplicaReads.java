package io.myblog.service.database;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which server a read goes to: the replica while it is fresh ({@link ReplicaHealth}), the primary otherwise and for
 * a client that wrote through this pod within {@link #primaryWindow}: read-your-writes by sending that client's
 * reads to the primary for a bounded time, the client being its address as the service sees it (after trusted
 * proxies). Per pod: a write through one pod and a read through another within the window may read the replica.
 */
@ApplicationScoped
public class ReplicaReads {

    /** Set on the request's (duplicated) Vert.x context; the store reads it without every resource passing it on. */
    private static final String PRIMARY_ONLY = "myblog.reads.primary-only";
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    private final Pool primary;
    private final Pool replica;
    private final ReplicaHealth health;
    private final Cache<String, Boolean> recentWriters;

    ReplicaReads(Pool primary, @ReactiveDataSource("read") Pool replica, ReplicaHealth health, DatabaseSettings settings) {
        this.primary = primary;
        this.replica = replica;
        this.health = health;
        this.recentWriters = Caffeine.newBuilder().expireAfterWrite(primaryWindow(settings)).maximumSize(100_000).build();
    }

    /** A replica within max-replica-lag has a write by the next check at the latest: lag, plus two check rounds. */
    static Duration primaryWindow(DatabaseSettings settings) {
        return settings.maxReplicaLag().plus(settings.checkInterval().multipliedBy(2));
    }

    /** The pool for a read that may be a little behind: the replica's when it is fresh and this client wrote nothing lately. */
    public Pool forReading() {
        if (!health.configured() || primaryOnly() || !health.state().usable()) {
            return primary;
        }
        return replica;
    }

    /** Runs {@code read} with every pool choice inside it on the primary: for views cached past this request. */
    public <T> T onPrimary(Supplier<T> read) {
        var context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context)) {
            return read.get();
        }
        Object before = context.getLocal(PRIMARY_ONLY);
        context.putLocal(PRIMARY_ONLY, Boolean.TRUE);
        try {
            return read.get();
        } finally {
            if (before == null) {
                context.removeLocal(PRIMARY_ONLY);
            } else {
                context.putLocal(PRIMARY_ONLY, before);
            }
        }
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).handler(this::route);
    }

    private void route(RoutingContext context) {
        if (health.configured()) {
            var client = context.request().remoteAddress() == null ? "" : context.request().remoteAddress().hostAddress();
            if (WRITES.contains(context.request().method())) {
                context.addHeadersEndHandler(ignored -> {
                    if (context.response().getStatusCode() < 400) {
                        recentWriters.put(client, Boolean.TRUE);
                    }
                });
                markPrimaryOnly();
            } else if (recentWriters.getIfPresent(client) != null) {
                markPrimaryOnly();
            }
        }
        context.next();
    }

    private static void markPrimaryOnly() {
        var context = Vertx.currentContext();
        if (context != null && VertxContext.isDuplicatedContext(context)) {
            context.putLocal(PRIMARY_ONLY, Boolean.TRUE);
        }
    }

    private static boolean primaryOnly() {
        var context = Vertx.currentContext();
        return context != null && VertxContext.isDuplicatedContext(context) && context.getLocal(PRIMARY_ONLY) != null;
    }
}
