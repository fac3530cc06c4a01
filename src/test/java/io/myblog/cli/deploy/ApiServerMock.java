package io.myblog.cli.deploy;

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
import io.fabric8.zjsonpatch.JsonPatch;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD mock server plus the API-server behaviour the deploy path relies on and the stock mock lacks, each
 * as documented for a real API server and checked by {@code ApiServerMockTest}:
 * <ul>
 * <li>server-side apply with field ownership (https://kubernetes.io/docs/reference/using-api/server-side-apply/):
 * an applier owns the fields it applies; two appliers setting the same value share a field; a forced apply takes a
 * conflicting field over; a field the applier stops applying is removed unless another manager owns it; a non-apply
 * write that changes a field moves its ownership to the writer. Ownership is kept in {@code metadata.managedFields}.
 * Lists are owned as a whole (the real server tracks list items with merge keys; no test here needs that);</li>
 * <li>a no-op write keeps the resourceVersion; a change of {@code spec} bumps {@code metadata.generation};</li>
 * <li>JSON merge patch (RFC 7386) and JSON patch (RFC 6902) applied as specified;</li>
 * <li>an immutable ConfigMap or Secret ({@code immutable: true}) refuses any change of its data, and of
 * {@code immutable} itself, with 422 (https://kubernetes.io/docs/concepts/configuration/configmap/#configmap-immutable);</li>
 * <li>a Job refuses any change of its pod template, selector and completions with 422 Invalid, "field is immutable"
 * (https://kubernetes.io/docs/concepts/workloads/controllers/job/#mutable-scheduling-directives); its other fields
 * (activeDeadlineSeconds, backoffLimit, metadata) stay writable;</li>
 * <li>pod logs.</li>
 * </ul>
 * It also keeps a journal of applies and a log of every request, so tests can assert the order and the absence of
 * writes. Test code only: production code talks to a real API server.
 */
final class ApiServerMock implements AutoCloseable {

    static final String DEFAULT_UPDATE_MANAGER = "unnamed-updater";
    private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/[^/]+/pods/([^/?]+)/log.*");
    private static final Pattern FIELD_MANAGER = Pattern.compile("[?&]fieldManager=([^&]+)");
    private static final Pattern FORCE = Pattern.compile("[?&]force=true");
    private static final Set<String> SERVER_OWNED_METADATA = Set.of("name", "namespace", "resourceVersion", "uid",
            "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "selfLink");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The fields of a Job's spec that no update may change. */
    private static final List<String> JOB_IMMUTABLE = List.of("selector", "completions", "completionMode", "template",
            "podFailurePolicy", "backoffLimitPerIndex");

    private static final Pattern DRY_RUN = Pattern.compile("[?&]dryRun=All");
    /** Set while a dry-run request is handled: writes are computed and answered, but nothing is stored. */
    private static final ThreadLocal<Boolean> DRY_RUN_REQUEST = ThreadLocal.withInitial(() -> false);

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final FakePodLogs logs = new FakePodLogs();
    private final KubernetesMockServer server;

    ApiServerMock() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new ApplyingDispatcher(),
                false);
        server.init();
    }

    /** The User-Agent of the fake controllers' client: their requests are the cluster's, not the command's. */
    static final String CONTROLLERS_AGENT = "fake-controllers";

    NamespacedKubernetesClient newClient() {
        return server.createClient();
    }

    NamespacedKubernetesClient newClient(String userAgent) {
        return server.createClient(builder -> builder.editOrNewConfig().withUserAgent(userAgent).endConfig());
    }

    /** "apply StatefulSet/mysql", "ready StatefulSet/mysql", ... in the order they happened. */
    List<String> journal() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    /** "METHOD path" of every request that reached the server, from any client but the fake controllers'. */
    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The requests that could change something: POST, PUT, PATCH, DELETE. */
    List<String> writes() {
        return requests().stream().filter(r -> !r.startsWith("GET ")).toList();
    }

    void record(String entry) {
        if (!DRY_RUN_REQUEST.get()) {
            journal.add(entry);
        }
    }

    void serveLog(String pod, String text) {
        logs.write(pod, text);
    }

    String url() {
        return server.createClient().getMasterUrl().toString();
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
            if (!CONTROLLERS_AGENT.equals(request.getHeader("User-Agent")) && !DRY_RUN_REQUEST.get()) {
                requests.add(request.method() + " " + request.getPath()); // a dry run changes nothing
            }
            var matcher = LOG_PATH.matcher(request.getPath());
            if (request.method() == HttpMethod.GET && matcher.matches()) {
                return logs.respond(matcher.group(1), request.getPath());
            }
            var path = request.getPath().split("\\?", 2)[0];
            var subresource = path.endsWith("/status") || path.endsWith("/scale");
            var contentType = String.valueOf(request.getHeader("Content-Type"));
            if (request.method() == HttpMethod.PATCH && contentType.startsWith("application/apply-patch")) {
                return serverSideApply(request);
            }
            if (!subresource && request.method() == HttpMethod.PATCH) {
                return patch(request, contentType);
            }
            if (!subresource && request.method() == HttpMethod.PUT) {
                return put(request);
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
            var manager = manager(request, null);
            var applied = toMap(Serialization.unmarshal(request.getUtf8Body(), Map.class));
            record("apply " + applied.get("kind") + "/" + metadata(applied).get("name"));
            var current = handleGet(path);
            if (current.code() == 404) {
                metadata(applied).put("generation", 1);
                setOwners(applied, Map.of(new Owner(manager, "Apply"), leaves(applied)));
                var collection = path.substring(0, path.lastIndexOf('/'));
                return handleCreate(new RecordedRequest("HTTP/1.1", HttpMethod.POST, collection, request.getHeaders(),
                        body(applied)));
            }
            var stored = toMap(Serialization.unmarshal(current.getBody().readUtf8(), Map.class));
            var owners = owners(stored);
            var applier = new Owner(manager, "Apply");
            var appliedLeaves = leaves(applied);
            var merged = applyMerge(copy(stored), applied);
            var conflicts = new ArrayList<String>();
            for (var entry : owners.entrySet()) {
                if (entry.getKey().equals(applier)) {
                    continue;
                }
                for (var leaf : appliedLeaves) {
                    if (entry.getValue().contains(leaf) && !Objects.equals(value(stored, leaf), value(applied, leaf))) {
                        conflicts.add(String.join(".", leaf) + " (owned by " + entry.getKey().manager() + ")");
                    }
                }
            }
            if (!conflicts.isEmpty() && !FORCE.matcher(request.getPath()).find()) {
                return new MockResponse().setResponseCode(409).setBody(write(Map.of("kind", "Status",
                        "apiVersion", "v1", "status", "Failure", "reason", "Conflict", "code", 409,
                        "message", "Apply failed with conflicts: " + String.join(", ", conflicts))));
            }
            var next = new LinkedHashMap<Owner, Set<List<String>>>();
            owners.forEach((owner, leaves) -> {
                if (owner.equals(applier)) {
                    next.put(owner, Set.of()); // keeps its place in managedFields, filled below
                    return;
                }
                var kept = new LinkedHashSet<>(leaves);
                // forced: a conflicting field moves to the applier; an equal value is shared
                kept.removeIf(leaf -> appliedLeaves.contains(leaf)
                        && !Objects.equals(value(stored, leaf), value(applied, leaf)));
                next.put(owner, kept);
            });
            for (var dropped : owners.getOrDefault(applier, Set.of())) {
                var ownedElsewhere = next.values().stream().anyMatch(leaves -> leaves.contains(dropped));
                if (!appliedLeaves.contains(dropped) && !ownedElsewhere) {
                    remove(merged, dropped);
                }
            }
            next.put(applier, appliedLeaves);
            return store(path, request, stored, merged, next);
        }

        private synchronized MockResponse patch(RecordedRequest request, String contentType) {
            var path = request.getPath().split("\\?", 2)[0];
            var current = handleGet(path);
            if (current.code() == 404) {
                return current;
            }
            var stored = toMap(Serialization.unmarshal(current.getBody().readUtf8(), Map.class));
            Map<String, Object> patched;
            try {
                var patchNode = JSON.readTree(request.getUtf8Body());
                if (contentType.startsWith("application/json-patch+json")) {
                    patched = toMap(JSON.convertValue(JsonPatch.apply(patchNode, JSON.valueToTree(stored)), Map.class));
                } else if (contentType.startsWith("application/merge-patch+json")) {
                    patched = toMap(JSON.convertValue(mergePatch(JSON.valueToTree(stored), patchNode), Map.class));
                } else {
                    return new MockResponse().setResponseCode(415);
                }
            } catch (Exception e) {
                return new MockResponse().setResponseCode(422).setBody(String.valueOf(e.getMessage()));
            }
            return update(path, request, stored, patched);
        }

        private synchronized MockResponse put(RecordedRequest request) {
            var path = request.getPath().split("\\?", 2)[0];
            var current = handleGet(path);
            if (current.code() == 404) {
                return super.dispatch(request);
            }
            var stored = toMap(Serialization.unmarshal(current.getBody().readUtf8(), Map.class));
            var sent = toMap(Serialization.unmarshal(request.getUtf8Body(), Map.class));
            var sentVersion = metadata(sent).get("resourceVersion");
            if (sentVersion != null && !sentVersion.equals(metadata(stored).get("resourceVersion"))) {
                return new MockResponse().setResponseCode(409).setBody(write(Map.of("kind", "Status",
                        "apiVersion", "v1", "status", "Failure", "reason", "Conflict", "code", 409,
                        "message", "the object has been modified; please apply your changes to the latest version")));
            }
            return update(path, request, stored, sent);
        }

        /** A non-apply write: the writer owns every field whose value it changed; nobody owns a removed field. */
        private MockResponse update(String path, RecordedRequest request, Map<String, Object> stored,
                Map<String, Object> written) {
            var writer = new Owner(manager(request, DEFAULT_UPDATE_MANAGER), "Update");
            var before = leaves(stored);
            var after = leaves(written);
            var changed = new LinkedHashSet<List<String>>();
            after.stream().filter(leaf -> !Objects.equals(value(stored, leaf), value(written, leaf))).forEach(changed::add);
            var removed = new LinkedHashSet<>(before);
            removed.removeAll(after);
            var next = new LinkedHashMap<Owner, Set<List<String>>>();
            owners(stored).forEach((owner, leaves) -> {
                var kept = new LinkedHashSet<>(leaves);
                kept.removeAll(removed);
                if (!owner.equals(writer)) {
                    kept.removeAll(changed);
                }
                next.put(owner, kept);
            });
            var mine = new LinkedHashSet<>(next.getOrDefault(writer, Set.of()));
            mine.addAll(changed);
            next.put(writer, mine);
            return store(path, request, stored, written, next);
        }

        /** Writes {@code next} unless nothing changed; bumps the generation when the spec changed. */
        private MockResponse store(String path, RecordedRequest request, Map<String, Object> stored,
                Map<String, Object> next, Map<Owner, Set<List<String>>> owners) {
            var result = copy(next);
            for (var key : List.of("name", "namespace", "resourceVersion", "uid", "creationTimestamp", "generation")) {
                if (metadata(stored).containsKey(key)) {
                    metadata(result).put(key, metadata(stored).get(key));
                }
            }
            if (stored.containsKey("status") && !result.containsKey("status")) {
                result.put("status", stored.get("status"));
            }
            setOwners(result, owners);
            var invalid = immutableFieldChanged(stored, result);
            if (invalid != null) {
                return new MockResponse().setResponseCode(422).setBody(write(Map.of("kind", "Status",
                        "apiVersion", "v1", "status", "Failure", "reason", "Invalid", "code", 422,
                        "message", invalid)));
            }
            if (result.equals(stored)) {
                return new MockResponse().setResponseCode(200).setBody(write(stored));
            }
            if (!Objects.equals(result.get("spec"), stored.get("spec"))) {
                var generation = metadata(stored).get("generation");
                metadata(result).put("generation", generation == null ? 1 : ((Number) generation).longValue() + 1);
            }
            return handleUpdate(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path, request.getHeaders(),
                    body(result)));
        }
    }

    /**
     * The API server's message for the first immutable field an update changes, or null: the data of an immutable
     * ConfigMap or Secret; a Job's selector, completions, completion mode, failure policies and pod template.
     */
    private static String immutableFieldChanged(Map<String, Object> stored, Map<String, Object> next) {
        var name = "\"" + metadata(stored).get("name") + "\" is invalid: ";
        if (List.of("ConfigMap", "Secret").contains(stored.get("kind")) && Boolean.TRUE.equals(stored.get("immutable"))) {
            return List.of("data", "binaryData", "stringData", "immutable").stream()
                    .filter(field -> !Objects.equals(stored.get(field), next.get(field))).findFirst()
                    .map(field -> stored.get("kind") + " " + name + field
                            + ": Forbidden: field is immutable when `immutable` is set").orElse(null);
        }
        if ("Job".equals(stored.get("kind"))) {
            // ValidateJobSpecUpdate (pkg/apis/batch/validation); the exceptions for suspended or elastic indexed Jobs are not modelled
            return JOB_IMMUTABLE.stream()
                    .filter(field -> !Objects.equals(value(stored, List.of("spec", field)), value(next, List.of("spec", field))))
                    .findFirst().map(field -> "Job.batch " + name + "spec." + field + ": Invalid value: "
                            + value(next, List.of("spec", field)) + ": field is immutable").orElse(null);
        }
        return null;
    }

    /** One entry of managedFields. */
    record Owner(String manager, String operation) {
    }

    private static String manager(RecordedRequest request, String otherwise) {
        var matcher = FIELD_MANAGER.matcher(request.getPath());
        return matcher.find() ? URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8) : otherwise;
    }

    /** Paths of the fields a writer can own: every map entry down to scalars, lists and empty maps. */
    static Set<List<String>> leaves(Map<String, Object> object) {
        var leaves = new LinkedHashSet<List<String>>();
        object.forEach((key, value) -> {
            if (key.equals("apiVersion") || key.equals("kind") || key.equals("status")) {
                return;
            }
            if (key.equals("metadata") && value instanceof Map<?, ?> metadata) {
                metadata.forEach((field, fieldValue) -> {
                    if (!SERVER_OWNED_METADATA.contains(field)) {
                        collect(List.of("metadata", (String) field), fieldValue, leaves);
                    }
                });
                return;
            }
            collect(List.of(key), value, leaves);
        });
        return leaves;
    }

    private static void collect(List<String> path, Object value, Set<List<String>> leaves) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((key, child) -> {
                var childPath = new ArrayList<>(path);
                childPath.add((String) key);
                collect(List.copyOf(childPath), child, leaves);
            });
        } else {
            leaves.add(path);
        }
    }

    static Object value(Map<String, Object> object, List<String> path) {
        Object current = object;
        for (var key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static void remove(Map<String, Object> object, List<String> path) {
        Object current = object;
        for (int i = 0; i < path.size() - 1; i++) {
            if (!(current instanceof Map<?, ?> map)) {
                return;
            }
            current = map.get(path.get(i));
        }
        if (current instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).remove(path.get(path.size() - 1));
        }
    }

    /** managedFields as the API server reports them (FieldsV1: {"f:spec":{"f:replicas":{}}}). */
    @SuppressWarnings("unchecked")
    static Map<Owner, Set<List<String>>> owners(Map<String, Object> object) {
        var owners = new LinkedHashMap<Owner, Set<List<String>>>();
        var entries = (List<Map<String, Object>>) metadata(object).getOrDefault("managedFields", List.of());
        for (var entry : entries) {
            var leaves = new LinkedHashSet<List<String>>();
            fieldsToPaths(List.of(), (Map<String, Object>) entry.getOrDefault("fieldsV1", Map.of()), leaves);
            owners.put(new Owner((String) entry.get("manager"), (String) entry.get("operation")), leaves);
        }
        return owners;
    }

    @SuppressWarnings("unchecked")
    private static void fieldsToPaths(List<String> path, Map<String, Object> fields, Set<List<String>> leaves) {
        if (fields.isEmpty() && !path.isEmpty()) {
            leaves.add(path);
        }
        fields.forEach((key, child) -> {
            var childPath = new ArrayList<>(path);
            childPath.add(key.substring(2));
            fieldsToPaths(List.copyOf(childPath), (Map<String, Object>) child, leaves);
        });
    }

    @SuppressWarnings("unchecked")
    private static void setOwners(Map<String, Object> object, Map<Owner, Set<List<String>>> owners) {
        var entries = new ArrayList<Map<String, Object>>();
        owners.forEach((owner, leaves) -> {
            if (leaves.isEmpty()) {
                return;
            }
            var fields = new LinkedHashMap<String, Object>();
            for (var leaf : leaves) {
                var node = fields;
                for (var key : leaf) {
                    node = (LinkedHashMap<String, Object>) node.computeIfAbsent("f:" + key, k -> new LinkedHashMap<>());
                }
            }
            var entry = new LinkedHashMap<String, Object>();
            entry.put("manager", owner.manager());
            entry.put("operation", owner.operation());
            entry.put("apiVersion", object.get("apiVersion"));
            entry.put("fieldsType", "FieldsV1");
            entry.put("fieldsV1", fields);
            entries.add(entry);
        });
        if (entries.isEmpty()) {
            metadata(object).remove("managedFields");
        } else {
            metadata(object).put("managedFields", entries);
        }
    }

    /** RFC 7386: maps merge, null removes, anything else replaces. */
    private static com.fasterxml.jackson.databind.JsonNode mergePatch(com.fasterxml.jackson.databind.JsonNode target,
            com.fasterxml.jackson.databind.JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        var result = target != null && target.isObject() ? (com.fasterxml.jackson.databind.node.ObjectNode) target.deepCopy()
                : JSON.createObjectNode();
        patch.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
            }
        });
        return result;
    }

    /** Maps merge key by key, anything else is replaced (lists are atomic here). */
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
