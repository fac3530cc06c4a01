package io.myblog.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD mock server plus the API-server behaviour the deploy path relies on and the stock mock lacks:
 * server-side apply (create, or merge into the stored object; a no-op apply writes nothing and keeps the
 * resourceVersion; a spec change bumps metadata.generation) and pod logs. It also keeps a journal of applies, so
 * tests can assert the order. Test code only: production code talks to a real API server.
 */
final class ApiServerMock implements AutoCloseable {

    private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/[^/]+/pods/([^/?]+)/log.*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private static final Pattern DRY_RUN = Pattern.compile("[?&]dryRun=All");
    /** Set while a dry-run request is handled: writes are computed and answered, but nothing is stored. */
    private static final ThreadLocal<Boolean> DRY_RUN_REQUEST = ThreadLocal.withInitial(() -> false);

    final FakePodLogs logs = new FakePodLogs();
    private final KubernetesMockServer server;

    ApiServerMock() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new ApplyingDispatcher(),
                false);
        server.init();
    }

    NamespacedKubernetesClient newClient() {
        return server.createClient();
    }

    /** "apply StatefulSet/mysql", "ready StatefulSet/mysql", ... in the order they happened. */
    List<String> journal() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    void record(String entry) {
        if (!DRY_RUN_REQUEST.get()) {
            journal.add(entry);
        }
    }

    void serveLog(String pod, String text) {
        logs.write(pod, text);
    }

    @Override
    public void close() {
        server.destroy();
    }

    private final class ApplyingDispatcher extends KubernetesCrudDispatcher {

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (DRY_RUN.matcher(request.getPath()).find() && !DRY_RUN_REQUEST.get()) {
                DRY_RUN_REQUEST.set(true);
                try {
                    return dispatch(request);
                } finally {
                    DRY_RUN_REQUEST.set(false);
                }
            }
            var matcher = LOG_PATH.matcher(request.getPath());
            if (request.method() == HttpMethod.GET && matcher.matches()) {
                return logs.respond(matcher.group(1), request.getPath());
            }
            var contentType = request.getHeader("Content-Type");
            if (request.method() == HttpMethod.PATCH && contentType != null
                    && contentType.startsWith("application/apply-patch")) {
                return serverSideApply(request);
            }
            return super.dispatch(request);
        }

        /** A dry run (https://kubernetes.io/docs/reference/using-api/api-concepts/#dry-run) answers what it would store. */
        @Override
        public MockResponse handleCreate(RecordedRequest request) {
            return DRY_RUN_REQUEST.get() ? new MockResponse().setResponseCode(201).setBody(request.getUtf8Body())
                    : super.handleCreate(request);
        }

        @Override
        public MockResponse handleUpdate(RecordedRequest request) {
            return DRY_RUN_REQUEST.get() ? new MockResponse().setResponseCode(200).setBody(request.getUtf8Body())
                    : super.handleUpdate(request);
        }

        private synchronized MockResponse serverSideApply(RecordedRequest request) {
            var path = request.getPath().split("\\?", 2)[0];
            var applied = toMap(Serialization.unmarshal(request.getUtf8Body(), Map.class));
            record("apply " + applied.get("kind") + "/" + metadata(applied).get("name"));
            var current = handleGet(path);
            if (current.code() == 404) {
                metadata(applied).put("generation", 1);
                var collection = path.substring(0, path.lastIndexOf('/'));
                return handleCreate(new RecordedRequest("HTTP/1.1", HttpMethod.POST, collection, request.getHeaders(),
                        body(applied)));
            }
            var stored = toMap(Serialization.unmarshal(current.getBody().readUtf8(), Map.class));
            var merged = applyMerge(copy(stored), applied);
            if (merged.equals(stored)) {
                return new MockResponse().setResponseCode(200).setBody(write(stored));
            }
            if (!Objects.equals(merged.get("spec"), stored.get("spec"))) {
                var generation = metadata(stored).get("generation");
                metadata(merged).put("generation", generation == null ? 1 : ((Number) generation).longValue() + 1);
            }
            return handleUpdate(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path, request.getHeaders(),
                    body(merged)));
        }
    }

    /** Maps merge key by key, anything else is replaced: enough of SSA for one field manager. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> applyMerge(Map<String, Object> target, Map<String, Object> applied) {
        applied.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && target.get(key) instanceof Map<?, ?> existing) {
                target.put(key, applyMerge((Map<String, Object>) existing, (Map<String, Object>) map));
            } else {
                target.put(key, value);
            }
        });
        return target;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> object) {
        return (Map<String, Object>) object.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
    }

    private static Map<String, Object> toMap(Object parsed) {
        return JSON.convertValue(parsed, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    private static Map<String, Object> copy(Map<String, Object> object) {
        return toMap(object);
    }

    private static String write(Map<String, Object> object) {
        try {
            return JSON.writeValueAsString(object);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Buffer body(Map<String, Object> object) {
        return new Buffer(write(object).getBytes(StandardCharsets.UTF_8));
    }
}
