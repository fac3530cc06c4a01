package io.myblog.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.eclipse.microprofile.config.ConfigProvider;

/** The management interface (health, metrics, OpenAPI) of the service under test, on the port it bound. */
public final class Management {

    /** Set by {@link MariaDbTestResource}: the free port it gave the service under test. */
    public static final String CHOSEN_PORT_PROPERTY = "myblog.test.management-port";

    private Management() {
    }

    /**
     * The port {@link MariaDbTestResource} chose; without that resource, {@code quarkus.management.test-port=0} and
     * Quarkus publishes the port it bound under the same name.
     */
    public static int port() {
        var chosen = Integer.getInteger(CHOSEN_PORT_PROPERTY);
        return chosen != null ? chosen
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

    /** Gives the service about to start a free management port, which {@link #port()} then reads back. */
    public static void chooseFreePort(java.util.Map<String, String> config) {
        var port = Integer.toString(freePort());
        System.setProperty(CHOSEN_PORT_PROPERTY, port);
        config.put("quarkus.management.test-port", port);
        config.put("quarkus.management.port", port);
    }
}
