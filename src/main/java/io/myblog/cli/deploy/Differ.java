package io.myblog.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code diff} shows: for each object a deploy would apply, what the API server says the apply would change,
 * asked with a server-side dry-run apply (so defaults, admission and field ownership are the server's, as with
 * {@code kubectl diff --server-side}); nothing is written. Secret values are never shown, only which keys change.
 */
public final class Differ {

    /** One object and the fields that would change; {@code created} when it does not exist yet. */
    public record ObjectDiff(String object, boolean created, List<String> fields) {

        public boolean changes() {
            return created || !fields.isEmpty();
        }
    }

    static final String HIDDEN = "(Secret value hidden)";
    private static final int LONGEST_VALUE = 120;
    /** What the API server sets on every write; not a difference a deploy makes. */
    private static final List<String> SERVER_FIELDS = List.of("resourceVersion", "managedFields", "generation",
            "creationTimestamp", "uid", "selfLink");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Cluster cluster;

    public Differ(Cluster cluster) {
        this.cluster = cluster;
    }

    public List<ObjectDiff> diff(List<HasMetadata> desired) {
        var diffs = new ArrayList<ObjectDiff>();
        for (var object : desired) {
            var resource = Applier.resourceName(object);
            var client = cluster.client();
            var live = cluster.call("get", resource, () -> client.resource(object).get());
            if (live == null) {
                diffs.add(new ObjectDiff(DesiredState.describe(object), true, List.of()));
                continue;
            }
            var dryRun = cluster.call("patch", resource, () -> client.resource(object).dryRun()
                    .fieldManager(Applier.FIELD_MANAGER).forceConflicts().serverSideApply());
            diffs.add(new ObjectDiff(DesiredState.describe(object), false,
                    changedFields(live, dryRun, object instanceof Secret)));
        }
        return diffs;
    }

    /** "~ data.MYSQL_PORT: "3306" -> "3307"", "+ path: value", "- path: value", sorted by path. */
    static List<String> changedFields(HasMetadata live, HasMetadata after, boolean secret) {
        var before = leaves(live);
        var then = leaves(after);
        var paths = new TreeSet<String>(before.keySet());
        paths.addAll(then.keySet());
        var lines = new ArrayList<String>();
        for (var path : paths) {
            var was = before.get(path);
            var will = then.get(path);
            if (Objects.equals(was, will)) {
                continue;
            }
            var hide = secret && (path.startsWith("data.") || path.startsWith("stringData."));
            if (was == null) {
                lines.add("+ " + path + ": " + shown(will, hide));
            } else if (will == null) {
                lines.add("- " + path + ": " + shown(was, hide));
            } else {
                lines.add("~ " + path + ": " + shown(was, hide) + " -> " + shown(will, hide));
            }
        }
        return lines;
    }

    /** Every scalar and list of the object by its dotted path, without status and server-set metadata. */
    private static Map<String, String> leaves(HasMetadata object) {
        var tree = (ObjectNode) tree(object);
        tree.remove("status");
        if (tree.get("metadata") instanceof ObjectNode metadata) {
            SERVER_FIELDS.forEach(metadata::remove);
        }
        var leaves = new TreeMap<String, String>();
        collect("", tree, leaves);
        return leaves;
    }

    private static JsonNode tree(HasMetadata object) {
        try {
            return JSON.readTree(Serialization.asJson(object));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("fabric8 wrote JSON that Jackson cannot read", e);
        }
    }

    private static void collect(String path, JsonNode node, Map<String, String> leaves) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(field -> collect(path.isEmpty() ? field.getKey()
                    : path + "." + field.getKey(), field.getValue(), leaves));
        } else if (!node.isNull()) {
            leaves.put(path, node.toString());
        }
    }

    private static String shown(String value, boolean hide) {
        if (hide) {
            return HIDDEN;
        }
        return value.length() <= LONGEST_VALUE ? value : value.substring(0, LONGEST_VALUE) + "…";
    }
}
