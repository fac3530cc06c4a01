package io.myblog.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbTestResource;
import io.myblog.support.Management;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The blog service with a reachable API server configured, as inside a pod: it sends no request and never builds a
 * Kubernetes client, so a web pod needs no token (#23; the manifest test checks that none is mounted).
 */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
@WithTestResource(ControllerCluster.class)
class ServiceNeverWatchesTest {

    ReloadCluster cluster;

    @Test
    void servesWithoutEverCallingTheKubernetesApi() {
        // Given the service is ready and has served a request
        Articles.awaitReady();
        Management.given().get("/q/health/ready").then().statusCode(200);

        // Then the API server never heard from it, and no client exists in the process
        assertThat(cluster.foreignRequests).isEmpty();
        var clients = Stream.of(Singleton.class, ApplicationScoped.class)
                .map(scope -> Arc.container().getActiveContext(scope))
                .flatMap(context -> context.getState().getContextualInstances().keySet().stream())
                .filter(bean -> bean.getTypes().contains(KubernetesClient.class))
                .toList();
        assertThat(clients).as("Kubernetes client beans created").isEmpty();
    }
}
