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

    /** Each Quarkus instance loads this class anew, so each gets its own server; stop it with the instance. */
    @Override
    public void stop() {
        MariaDbServer.shutdown();
    }
}
