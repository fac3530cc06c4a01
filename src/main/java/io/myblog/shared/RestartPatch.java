package io.myblog.shared;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.myblog.shared.ConfigHash.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The restart as one JSON patch (RFC 6902), so that it is one template change and so one rollout: the config hash,
 * every reference to the source or an older snapshot (env, envFrom and the mounted database CA:
 * {@link ConfigSnapshot#references}) renamed to the new snapshots (each guarded by a {@code test} of
 * the name it replaces, so a template changed meanwhile fails the patch instead of being patched at a wrong place),
 * and the status and change cause on the Deployment. A merge patch would replace whole container lists. Pure; the
 * controller's restart after a config edit and {@code myblog restart} send it.
 */
public final class RestartPatch {

    private RestartPatch() {
    }

    /**
     * @param configMapSnapshot the new ConfigMap snapshot's name, or null to leave ConfigMap references alone
     * @param secretSnapshot    the same for the Secret
     * @param templateAnnotations set on the pod template: the config hash, and a restart's {@code restartedAt}
     */
    public static List<Map<String, Object>> ops(Deployment live, String source, String configMapSnapshot,
            String secretSnapshot, Map<String, String> templateAnnotations, Map<String, String> deploymentAnnotations) {
        var ops = new ArrayList<Map<String, Object>>();
        for (var reference : ConfigSnapshot.references(live.getSpec().getTemplate().getSpec())) {
            rename(ops, "/spec/template/spec" + reference.pointer(), reference.name(), source, reference.kind(),
                    reference.kind() == Source.CONFIG_MAP ? configMapSnapshot : secretSnapshot);
        }
        var present = live.getSpec().getTemplate().getMetadata().getAnnotations();
        annotations(ops, "/spec/template/metadata/annotations", present, templateAnnotations);
        annotations(ops, "/metadata/annotations", live.getMetadata().getAnnotations(), deploymentAnnotations);
        return ops;
    }

    private static void rename(List<Map<String, Object>> ops, String path, String name, String source, Source kind,
            String snapshot) {
        if (snapshot != null && ConfigSnapshot.reads(source, kind, name) && !snapshot.equals(name)) {
            ops.add(Map.of("op", "test", "path", path, "value", name));
            ops.add(Map.of("op", "replace", "path", path, "value", snapshot));
        }
    }

    /** Sets {@code values} in the map at {@code path}, creating it when absent (JSON patch adds no parents). */
    private static void annotations(List<Map<String, Object>> ops, String path, Map<String, String> present,
            Map<String, String> values) {
        if (present == null) {
            ops.add(Map.of("op", "add", "path", path, "value", new LinkedHashMap<>(values)));
            return;
        }
        values.forEach((key, value) -> ops.add(Map.of("op", "add", "path", path + "/" + escape(key), "value", value)));
    }

    /** RFC 6901: '~' and '/' in a key. */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
