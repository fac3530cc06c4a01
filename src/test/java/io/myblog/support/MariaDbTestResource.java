package io.myblog.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points the service at the test run's real MariaDB through the same MYSQL_* variables a pod gets, and gives its
 * management interface a free port that {@link Management} reads back: in @QuarkusTest (test-port) and for the packaged
 * jar of a @QuarkusIntegrationTest, whose port Quarkus' launcher does not report (port).
 */
public class MariaDbTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        var server = MariaDbServer.get();
        if (server.isEmbedded() && !server.isRunning()) {
            server.start();
        }
        var config = new HashMap<>(server.environment(MariaDbServer.DATABASE));
        Management.chooseFreePort(config);
        return config;
    }

    /** Each Quarkus instance loads this class anew, so each gets its own server; stop it with the instance. */
    @Override
    public void stop() {
        MariaDbServer.shutdown();
        System.clearProperty(Management.CHOSEN_PORT_PROPERTY);
    }
}
