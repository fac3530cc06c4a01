package io.myblog.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** Points the service at a primary and its read replica ({@link ReplicatedMariaDb}), checked every 200 ms. */
public class ReplicatedMariaDbResource implements QuarkusTestResourceLifecycleManager {

    private static ReplicatedMariaDb servers;

    /** The pair of the running Quarkus instance. */
    public static ReplicatedMariaDb servers() {
        return servers;
    }

    @Override
    public Map<String, String> start() {
        servers = ReplicatedMariaDb.start();
        var config = new HashMap<>(servers.environment());
        config.put("myblog.database.check-interval", "200ms");
        // far above the delay ReadReplicaTest gives the replica, so a replica behind by that delay still serves reads
        config.put("myblog.database.max-replica-lag", "60s");
        Management.choosePort(config);
        return config;
    }

    @Override
    public void stop() {
        servers.stop();
        servers = null;
        Management.forgetPort();
    }
}
