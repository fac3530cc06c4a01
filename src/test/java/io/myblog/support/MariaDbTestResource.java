package io.myblog.support;

import io.quarkus.test.common.DevServicesContext;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points the service at the test run's real MariaDB through the same MYSQL_* variables a pod gets. For a packaged jar
 * (@QuarkusIntegrationTest, prod profile) it also picks a free management port, which {@link Management} reads.
 */
public class MariaDbTestResource implements QuarkusTestResourceLifecycleManager, DevServicesContext.ContextAware {

    private boolean integrationTest;

    /** Called for @QuarkusIntegrationTest only, before {@link #start()}. */
    @Override
    public void setIntegrationTestContext(DevServicesContext context) {
        integrationTest = true;
    }

    @Override
    public Map<String, String> start() {
        var server = MariaDbServer.get();
        if (server.isEmbedded() && !server.isRunning()) {
            server.start();
        }
        var config = new HashMap<>(server.environment(MariaDbServer.DATABASE));
        if (integrationTest) {
            // The jar would bind its production 9000, which the engineers' parallel runs would fight over.
            int port = Management.freePort();
            System.setProperty(Management.PACKAGED_PORT_PROPERTY, Integer.toString(port));
            config.put("quarkus.management.port", Integer.toString(port));
        }
        return config;
    }

    /** Each Quarkus instance loads this class anew, so each gets its own server; stop it with the instance. */
    @Override
    public void stop() {
        MariaDbServer.shutdown();
        if (integrationTest) {
            System.clearProperty(Management.PACKAGED_PORT_PROPERTY);
        }
    }
}
