package io.myblog.controller;

import io.myblog.MyblogMain;
import io.myblog.support.Management;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** {@code myblog controller} under test: the test profile, then the controller's own, as MyblogMain stacks them. */
public class ControllerProgram implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return "test," + MyblogMain.CONTROLLER_PROFILE;
    }

    /** With the blog port off, Quarkus does not publish the management port it bound: choose it here. */
    @Override
    public Map<String, String> getConfigOverrides() {
        var port = String.valueOf(Management.freePort());
        System.setProperty(Management.CHOSEN_PORT_PROPERTY, port);
        // RestAssured's default port comes from the blog's test port, which stays closed here but must be valid.
        var unused = String.valueOf(Management.freePort());
        // the profile key outranks a plain one from any source, so set both
        return Map.of("quarkus.management.test-port", port, "%test.quarkus.management.test-port", port,
                "quarkus.http.test-port", unused, "%test.quarkus.http.test-port", unused);
    }
}
