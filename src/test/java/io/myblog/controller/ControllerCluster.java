package io.myblog.controller;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Arrays;
import java.util.Map;

/**
 * A mock cluster with the app deployed, which the program under test reaches through its Kubernetes client; init arg
 * {@code denied}: comma-separated path fragments RBAC refuses. Injected into the test's {@link ReloadCluster} field.
 */
public class ControllerCluster implements QuarkusTestResourceLifecycleManager {

    /** The debounce the program under test runs with: short, so a test waits little. */
    static final String DEBOUNCE = "300ms";

    private ReloadCluster cluster;
    private String denied = "";

    @Override
    public void init(Map<String, String> initArgs) {
        denied = initArgs.getOrDefault("denied", "");
    }

    @Override
    public Map<String, String> start() {
        cluster = new ReloadCluster().withDeployedApp();
        Arrays.stream(denied.split(",")).filter(s -> !s.isBlank()).forEach(cluster.denied::add);
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", cluster.url(),
                "quarkus.kubernetes-client.namespace", ReloadCluster.NAMESPACE,
                "myblog.reload.namespace", ReloadCluster.NAMESPACE,
                "myblog.reload.identity", "controller-under-test",
                "myblog.reload.debounce", DEBOUNCE);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(cluster, new TestInjector.MatchesType(ReloadCluster.class));
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
