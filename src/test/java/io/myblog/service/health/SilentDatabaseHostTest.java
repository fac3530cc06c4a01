package io.myblog.service.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.service.database.DatabaseMonitor;
import io.myblog.support.Management;
import io.myblog.support.SilentPeer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The database host accepts TCP and never answers: the check's bound holds anyway. */
@QuarkusTest
@TestProfile(SilentDatabaseHostTest.SilentHost.class)
class SilentDatabaseHostTest {

    /** The probe's timeout (2 s) must fit the readiness probe's. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    public static class SilentDatabase implements QuarkusTestResourceLifecycleManager {

        static SilentPeer peer;

        @Override
        public Map<String, String> start() {
            try {
                peer = new SilentPeer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("MYSQL_HOST", peer.host(), "MYSQL_PORT", Integer.toString(peer.port()),
                    "MYSQL_USER", "myblog", "MYSQL_PASSWD", "unused", "MYSQL_DATABASE", "myblog");
        }

        @Override
        public void stop() {
            try {
                peer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The scheduled checker is off, so the test times one check from its start. */
    public static class SilentHost implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SilentDatabase.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("myblog.database.monitor.enabled", "false");
        }
    }

    @Inject
    DatabaseMonitor monitor;

    @Test
    void readinessGoesDownWithinTheProbeTimeoutWhenTheHostNeverAnswers() {
        // When one check runs against a host that accepts the connection and then stays silent
        long start = System.nanoTime();
        var state = monitor.check();
        var elapsed = Duration.ofNanos(System.nanoTime() - start);

        // Then it ends within the bound, as unreachable, and readiness says so
        assertThat(SilentDatabase.peer.connectionsAccepted()).as("the check reached the silent host").isPositive();
        assertThat(elapsed).isLessThan(PROBE_TIMEOUT);
        assertThat(state.reachable()).isFalse();
        assertThat(state.reason()).contains("unreachable", "no answer within");
        Management.given().get("/q/health/ready").then().statusCode(503);
    }
}
