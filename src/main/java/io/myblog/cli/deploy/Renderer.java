package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code render}: the objects a deploy would apply as a kustomize directory ({@code kubectl apply -k}, Argo CD, Flux),
 * one file per object in apply order, the migration Job ordered for Argo CD and Flux ({@link GitOpsOrder}). Secrets
 * are left out, values and keys alike: they are yours to create (sealed, SOPS, by hand); kustomization.yaml names
 * them. Hand-written because kustomize has no Java API, and its file format is three fields here
 * (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/).
 */
public final class Renderer {

    /** The first line of every kustomization.yaml written here: a later render may replace that directory. */
    static final String MARKER = "# Written by myblog render: regenerate it, do not edit it.";

    private Renderer() {
    }

    /** File name → content: one file per non-Secret object, then kustomization.yaml. */
    public static Map<String, String> files(List<HasMetadata> objects) {
        var files = new LinkedHashMap<String, String>();
        var leftOut = new StringBuilder();
        int index = 0;
        for (var object : GitOpsOrder.annotated(objects)) {
            if (object instanceof Secret) {
                leftOut.append("#   ").append(DesiredState.describe(object)).append('\n');
                continue;
            }
            var name = String.format(Locale.ROOT, "%02d-%s-%s.yaml", ++index, object.getKind().toLowerCase(Locale.ROOT),
                    object.getMetadata().getName());
            files.put(name, Serialization.asYaml(object));
        }
        var kustomization = new StringBuilder(MARKER).append('\n')
                .append("# Left out, to create before the first sync (their values are never written here):\n")
                .append(leftOut.isEmpty() ? "#   none\n" : leftOut)
                .append("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n")
                // deploy's order (namespace, config, database, access, app), not kustomize's own by kind
                .append("sortOptions:\n  order: fifo\nresources:\n");
        files.keySet().forEach(file -> kustomization.append("- ").append(file).append('\n'));
        files.put("kustomization.yaml", kustomization.toString());
        return files;
    }

    /**
     * Writes {@code files} into {@code directory}, which must be absent, empty or an earlier render (then its YAML
     * files are replaced); anything else is refused, so a render never overwrites files it did not write.
     */
    public static void write(Path directory, Map<String, String> files) {
        try {
            if (Files.isDirectory(directory)) {
                List<Path> present;
                try (Stream<Path> entries = Files.list(directory)) {
                    present = entries.toList();
                }
                var kustomization = directory.resolve("kustomization.yaml");
                boolean ours = Files.isRegularFile(kustomization)
                        && Files.readString(kustomization).startsWith(MARKER)
                        && present.stream().allMatch(p -> Files.isRegularFile(p) && p.toString().endsWith(".yaml"));
                if (!present.isEmpty() && !ours) {
                    throw DeployFailure.badInput(directory + " holds files an earlier render did not write: "
                            + "name an empty or new directory");
                }
                for (var file : present) {
                    Files.delete(file);
                }
            } else if (Files.exists(directory)) {
                throw DeployFailure.badInput(directory + " is not a directory");
            }
            Files.createDirectories(directory);
            for (var file : files.entrySet()) {
                Files.writeString(directory.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
