package io.myblog.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Leader election on the Lease, so that one replica alone restarts the Deployment: stands again whenever an election
 * ends, and waits quietly while RBAC refuses the Lease.
 */
final class ReloadLeadership implements AutoCloseable {

    /** The whole watcher logs under one category, the one operators tune and the tests capture. */
    private static final Logger LOG = Logger.getLogger(ConfigReloader.class);

    private final KubernetesClient client;
    private final ConfigReloader.Options options;
    private final RbacTracker rbac;
    private final ReloadThread thread;
    private final Runnable startedLeading;
    private volatile boolean leader;
    private volatile CompletableFuture<?> election;

    ReloadLeadership(KubernetesClient client, ConfigReloader.Options options, RbacTracker rbac, ReloadThread thread,
            Runnable startedLeading) {
        this.client = client;
        this.options = options;
        this.rbac = rbac;
        this.thread = thread;
        this.startedLeading = startedLeading;
    }

    void start() {
        elect();
    }

    private void elect() {
        if (thread.closed()) {
            return;
        }
        var config = new LeaderElectionConfigBuilder()
                .withName("myblog config reload")
                .withLock(new RefusalAwareLock(new LeaseLock(options.namespace(), options.leaseName(), options.identity()),
                        rbac, options.leaseDuration()))
                .withLeaseDuration(options.leaseDuration())
                .withRenewDeadline(options.renewDeadline())
                .withRetryPeriod(options.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading,
                        holder -> LOG.debugf("Config reload leader is now %s", holder)))
                .build();
        var running = client.leaderElector().withConfig(config).build().start();
        election = running;
        // A leader that could not renew stops leading and the elector ends: stand for election again.
        running.whenComplete((done, failure) -> thread.execute(
                () -> thread.schedule(this::elect, options.retryPeriod().toMillis())));
    }

    boolean isLeader() {
        return leader;
    }

    @Override
    public void close() {
        var running = election;
        if (running != null) {
            running.cancel(true); // releases the Lease, so another replica takes over without waiting for it to expire
        }
    }

    private void startedLeading() {
        leader = true;
        LOG.infof("Config reload: %s leads (Lease %s); it alone restarts Deployment %s", options.identity(),
                options.leaseName(), options.name());
        startedLeading.run();
    }

    private void stoppedLeading() {
        leader = false;
        LOG.infof("Config reload: %s no longer leads", options.identity());
    }

    /** Reads the Lease through {@link LeaseLock}; while RBAC refuses it, reports it held, so the elector waits quietly. */
    private static final class RefusalAwareLock implements Lock {

        /** Who holds the Lease, as far as this replica can tell, while RBAC refuses it the Lease. */
        private static final String LEASE_UNREADABLE = "(lease refused by RBAC)";

        private final Lock lease;
        private final RbacTracker rbac;
        private final Duration leaseDuration;

        RefusalAwareLock(Lock lease, RbacTracker rbac, Duration leaseDuration) {
            this.lease = lease;
            this.rbac = rbac;
            this.leaseDuration = leaseDuration;
        }

        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            try {
                var record = lease.get(client);
                rbac.granted("get", "leases");
                return record;
            } catch (KubernetesClientException e) {
                if (!RbacTracker.isForbidden(e)) {
                    throw e;
                }
                rbac.refused("get", "leases");
                var now = ZonedDateTime.now(ZoneOffset.UTC);
                return new LeaderElectionRecord(LEASE_UNREADABLE, leaseDuration, now, now, 0);
            }
        }

        @Override
        public void create(KubernetesClient client, LeaderElectionRecord record) {
            guarded("create", () -> lease.create(client, record));
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
            guarded("patch", () -> lease.update(client, record)); // LeaseLock updates with a JSON merge patch
        }

        private void guarded(String verb, Runnable call) {
            try {
                call.run();
                rbac.granted(verb, "leases");
            } catch (KubernetesClientException e) {
                if (RbacTracker.isForbidden(e)) {
                    rbac.refused(verb, "leases");
                }
                throw e;
            }
        }

        @Override
        public String identity() {
            return lease.identity();
        }

        @Override
        public String describe() {
            return lease.describe();
        }
    }
}
