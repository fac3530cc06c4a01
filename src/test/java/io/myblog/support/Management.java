package io.myblog.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.eclipse.microprofile.config.ConfigProvider;

/** The management interface (health, metrics, OpenAPI) of the service under test, on the port it bound. */
public final class Management {

    /** Set by {@link MariaDbTestResource} for a packaged jar, whose port Quarkus' launcher does not report. */
    static final String PACKAGED_PORT_PROPERTY = "myblog.test.packaged-management-port";

    private Management() {
    }

    /**
     * In @QuarkusTest, {@code quarkus.management.test-port=0} and Quarkus publishes the port it bound under that
     * name; a packaged jar gets a free port chosen before it starts.
     */
    public static int port() {
        var packaged = Integer.getInteger(PACKAGED_PORT_PROPERTY);
        return packaged != null ? packaged
                : ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }

    public static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
