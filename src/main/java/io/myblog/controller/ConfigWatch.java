package io.myblog.controller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The informers on ConfigMap and Secret {@code name}: what the two hold now, and which of them changed since the last
 * check; every sighting is passed on to {@code seen}, so that a check follows it.
 */
final class ConfigWatch {

    private static final Object DELETED = new Object();

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final RbacTracker rbac;
    private final Runnable seen;
    /** The objects whose data changed since the last check, to say in the log and the Event what changed. */
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    /** The data of each watched object as last seen, or {@link #DELETED}. */
    private final Map<String, Object> lastSeen = new ConcurrentHashMap<>();

    private SharedIndexInformer<ConfigMap> configMaps;
    private SharedIndexInformer<Secret> secrets;

    ConfigWatch(KubernetesClient client, String namespace, String name, RbacTracker rbac, Runnable seen) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.rbac = rbac;
        this.seen = seen;
    }

    /** Starts both informers; completes once both list and watch, also after retries that waited for RBAC. */
    CompletableFuture<Void> start() {
        configMaps = inform(client.configMaps().inNamespace(namespace).withName(name), "configmaps", "ConfigMap " + name);
        secrets = inform(client.secrets().inNamespace(namespace).withName(name), "secrets", "Secret " + name);
        return CompletableFuture.allOf(start(configMaps, "configmaps"), start(secrets, "secrets"));
    }

    /** Whether both caches are complete: only then does what they hold say what the pods would read. */
    boolean hasSynced() {
        return configMaps.hasSynced() && secrets.hasSynced();
    }

    ConfigMap configMap() {
        return configMaps.getStore().list().stream().findFirst().orElse(null);
    }

    Secret secret() {
        return secrets.getStore().list().stream().findFirst().orElse(null);
    }

    /** The objects that changed since the last call, by kind and name, sorted; from then on they count as checked. */
    SortedSet<String> takeChanged() {
        var what = new TreeSet<>(changed);
        changed.removeAll(what);
        return what;
    }

    /** Gives back what {@link #takeChanged()} returned, for a check that was put off. */
    void putBack(Set<String> what) {
        changed.addAll(what);
    }

    void stop() {
        if (configMaps != null) {
            configMaps.stop();
        }
        if (secrets != null) {
            secrets.stop();
        }
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(Informable<T> resource, String plural, String label) {
        var informer = resource.runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                seen(plural, label, data(object));
            }

            @Override
            public void onUpdate(T before, T after) {
                seen(plural, label, data(after));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                seen(plural, label, DELETED);
            }
        });
        informer.exceptionHandler((started, failure) -> {
            if (RbacTracker.isForbidden(failure)) {
                rbac.refused(informerVerb(failure), plural);
                return true; // keep retrying with back-off: a fixed Role takes effect without a restart
            }
            return !ExceptionHandler.isDeserializationException(failure);
        });
        return informer;
    }

    private CompletableFuture<Void> start(SharedIndexInformer<?> informer, String plural) {
        return informer.start().toCompletableFuture().thenRun(() -> listedAndWatched(plural));
    }

    private void listedAndWatched(String plural) {
        rbac.granted("list", plural);
        rbac.granted("watch", plural);
    }

    private static Object data(HasMetadata object) {
        var data = object instanceof ConfigMap configMap ? configMap.getData()
                : object instanceof Secret secret ? secret.getData() : null;
        return data == null ? Map.of() : data;
    }

    /** The first sight of an object is the startup list, not a change; later differences in its data are. */
    private void seen(String plural, String label, Object data) {
        listedAndWatched(plural);
        var before = lastSeen.put(label, data);
        if (before != null && !before.equals(data)) {
            changed.add(label);
        }
        seen.run();
    }

    /** An informer lists, then watches; RBAC grants the two verbs separately, so say which one was refused. */
    private static String informerVerb(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("watch=true")) {
                return "watch";
            }
        }
        return "list";
    }
}
