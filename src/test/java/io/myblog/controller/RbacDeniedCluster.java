package io.myblog.controller;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A mock cluster whose RBAC refuses the watcher ConfigMaps and Secrets, with the service's reload turned on. */
public class RbacDeniedCluster implements QuarkusTestResourceLifecycleManager {

    private ReloadCluster cluster;

    @Override
    public Map<String, String> start() {
        cluster = new ReloadCluster().withDeployedApp();
        cluster.denied.add("/configmaps");
        cluster.denied.add("/secrets");
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", cluster.url(),
                "quarkus.kubernetes-client.namespace", ReloadCluster.NAMESPACE,
                // the profile-specific key outranks a plain one from any source, so turn on both
                "%test.myblog.reload.enabled", "true",
                "myblog.reload.enabled", "true",
                "myblog.reload.namespace", ReloadCluster.NAMESPACE);
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
