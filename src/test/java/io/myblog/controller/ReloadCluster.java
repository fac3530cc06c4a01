package io.myblog.controller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.myblog.shared.ConfigHash;
import io.myblog.shared.ReloadStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import io.myblog.shared.ConsumedConfig;

/**
 * A CRUD mock cluster holding ConfigMap, Secret and Deployment {@code myblog} as the deploy command leaves them,
 * which records every patch of the pod template and refuses (403) any path containing a denied fragment.
 */
final class ReloadCluster implements AutoCloseable {

    static final String NAMESPACE = "jds";
    private static final String WATCHER_AGENT = "myblog-config-reload-under-test";
    static final String NAME = "myblog";
    /** myblog.reload.max-wait's default. */
    static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(60);
    static final String PASSWORD = "s3cret-Passw0rd";
    static final Map<String, String> CONFIG = Map.of("MYSQL_HOST", "mysql", "MYSQL_PORT", "3306", "NOT_READ", "x");
    static final Map<String, String> SECRET = Map.of("MYSQL_USER", b64("myblog"), "MYSQL_PASSWD", b64(PASSWORD));

    final List<String> templatePatches = new CopyOnWriteArrayList<>();
    final Set<String> denied = new CopyOnWriteArraySet<>();
    /** "METHOD path" of every request the watchers (not the test itself) sent. */
    final List<String> watcherRequests = new CopyOnWriteArrayList<>();
    /** "METHOD path" of every request not sent by the test's own client: reloaders and any program pointed here. */
    final List<String> foreignRequests = new CopyOnWriteArrayList<>();
    private static final String TEST_AGENT = "myblog-reload-cluster-test";
    private final KubernetesMockServer server;
    final KubernetesClient client;
    private final List<KubernetesClient> clients = new ArrayList<>();
    private final List<ConfigReloader> reloaders = new ArrayList<>();

    ReloadCluster() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new RecordingDispatcher(), false);
        server.init();
        client = server.createClient(builder -> builder.editOrNewConfig().withUserAgent(TEST_AGENT).endConfig());
        clients.add(client);
    }

    String url() {
        return client.getMasterUrl().toString();
    }

    KubernetesClient newClient() {
        var created = server.createClient();
        clients.add(created);
        return created;
    }

    /** ConfigMap, Secret and a Deployment reading four keys, annotated with their hash as {@code deploy} sets it. */
    ReloadCluster withDeployedApp() {
        var configMap = client.resource(configMap(CONFIG)).create();
        var secret = client.resource(secret(SECRET)).create();
        var deployment = deployment();
        var hash = ConsumedConfig.of(deployment, NAME, NAME).hash(configMap, secret);
        deployment.getSpec().getTemplate().getMetadata().getAnnotations().put(ConfigHash.ANNOTATION, hash);
        client.resource(deployment).create();
        return this;
    }

    ConfigReloader startReloader(String identity, Duration debounce) {
        return startReloader(identity, debounce, new ReloadMetrics(new SimpleMeterRegistry()));
    }

    /** Lease timings short enough for a quick test, long enough that a busy 2-core machine does not lose the Lease. */
    ConfigReloader startReloader(String identity, Duration debounce, ReloadMetrics metrics) {
        return startReloader(identity, debounce, DEFAULT_MAX_WAIT, metrics);
    }

    ConfigReloader startReloader(String identity, Duration debounce, Duration maxWait, ReloadMetrics metrics) {
        var watcherClient = server.createClient(builder -> builder.editOrNewConfig().withUserAgent(WATCHER_AGENT).endConfig());
        clients.add(watcherClient);
        var reloader = new ConfigReloader(watcherClient, new ConfigReloader.Options(NAMESPACE, NAME, identity, debounce,
                maxWait, "myblog-config-reload", Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(250)),
                metrics);
        reloaders.add(reloader);
        reloader.start();
        return reloader;
    }

    void editConfigMap(String key, String value) {
        client.configMaps().inNamespace(NAMESPACE).withName(NAME).edit(cm -> {
            var data = new HashMap<>(cm.getData());
            if (value == null) {
                data.remove(key);
            } else {
                data.put(key, value);
            }
            cm.setData(data);
            return cm;
        });
    }

    void editSecret(String key, String plainValue) {
        client.secrets().inNamespace(NAMESPACE).withName(NAME).edit(secret -> {
            var data = new HashMap<>(secret.getData());
            data.put(key, b64(plainValue));
            secret.setData(data);
            return secret;
        });
    }

    Deployment liveDeployment() {
        return client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).get();
    }

    /** The watcher's state as {@code status} reads it from the Deployment. */
    ReloadStatus reloadStatus() {
        return ReloadStatus.of(liveDeployment());
    }

    String templateHash() {
        return liveDeployment().getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.ANNOTATION);
    }

    /** The hash the watcher must arrive at for the live objects. */
    String liveHash() {
        return ConsumedConfig.of(liveDeployment(), NAME, NAME).hash(
                client.configMaps().inNamespace(NAMESPACE).withName(NAME).get(),
                client.secrets().inNamespace(NAMESPACE).withName(NAME).get());
    }

    List<Event> events(String type) {
        return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(event -> type.equals(event.getType())).toList();
    }

    static ConfigMap configMap(Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
                .withData(data).build();
    }

    static Secret secret(Map<String, String> data) {
        return new SecretBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
                .withData(data).build();
    }

    /** Reads MYSQL_HOST/PORT from the ConfigMap and MYSQL_USER/PASSWD from the Secret, as the generated manifest does. */
    static Deployment deployment() {
        return new DeploymentBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec()
                    .withReplicas(2)
                    .withNewSelector().addToMatchLabels("app", NAME).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", NAME).withAnnotations(new HashMap<>()).endMetadata()
                        .withNewSpec()
                            .addNewContainer().withName(NAME).withImage("myblog:1.0")
                                .addNewEnv().withName("MYSQL_HOST").withNewValueFrom().withNewConfigMapKeyRef("MYSQL_HOST", NAME, null).endValueFrom().endEnv()
                                .addNewEnv().withName("MYSQL_PORT").withNewValueFrom().withNewConfigMapKeyRef("MYSQL_PORT", NAME, null).endValueFrom().endEnv()
                                .addNewEnv().withName("MYSQL_USER").withNewValueFrom().withNewSecretKeyRef("MYSQL_USER", NAME, null).endValueFrom().endEnv()
                                .addNewEnv().withName("MYSQL_PASSWD").withNewValueFrom().withNewSecretKeyRef("MYSQL_PASSWD", NAME, null).endValueFrom().endEnv()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        reloaders.forEach(ConfigReloader::close);
        clients.forEach(KubernetesClient::close);
        server.destroy();
    }

    private final class RecordingDispatcher extends KubernetesCrudDispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            var path = request.getPath();
            if (WATCHER_AGENT.equals(request.getHeader("User-Agent"))) {
                watcherRequests.add(request.getMethod() + " " + path);
            }
            if (!TEST_AGENT.equals(request.getHeader("User-Agent"))) {
                foreignRequests.add(request.getMethod() + " " + path);
            }
            if (denied.stream().anyMatch(path::contains)) {
                return new MockResponse().setResponseCode(403).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                        + "\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,\"message\":\"forbidden by the test\"}");
            }
            if ("PATCH".equals(request.getMethod()) && path.contains("/deployments/" + NAME)) {
                // getBytes() leaves the body for the CRUD dispatcher; getUtf8Body() would consume it.
                var body = new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
                // a merge patch names "template"; the restart's JSON patch (RestartPatch) its paths; the test's own edits count not
                var restart = body.contains("\"template\"")
                        || !TEST_AGENT.equals(request.getHeader("User-Agent")) && body.contains("/spec/template/");
                if (restart) {
                    templatePatches.add(body);
                }
            }
            return super.dispatch(request);
        }
    }
}
