package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.myblog.cli.deploy.shape.ExternalDatabase;
import io.myblog.shared.ConfigSnapshot;
import io.myblog.shared.ReloadStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Optional;

/**
 * Removes what deploy applied, app first. The data outlives it: MySQL's PersistentVolumeClaims and the Secret stay
 * unless purging was asked for, and the Namespace stays because it holds them. With an external MySQL (its egress
 * policy is live) the manifests' MySQL objects were never applied and are left alone, claims included.
 */
public final class Undeployer {

    private final Cluster cluster;
    private final Console console;

    public Undeployer(Cluster cluster, Console console) {
        this.cluster = cluster;
        this.console = console;
    }

    public void undeploy(Optional<Path> manifestsPath, boolean purgeData) {
        var external = Optional.ofNullable(cluster.call("get", "networkpolicies.networking.k8s.io/"
                + ExternalDatabase.POLICY, () -> cluster.client().network().networkPolicies()
                .inNamespace(cluster.namespace()).withName(ExternalDatabase.POLICY).get()));
        // deploy --mysql external made no MySQL objects; a bundled MySQL left from before stays, with its data.
        var manifests = Manifests.read(Manifests.locate(manifestsPath)).stream()
                .filter(m -> external.isEmpty() || !ExternalDatabase.isBundled(m)).toList();
        var objects = new ArrayList<HasMetadata>();
        for (var manifest : manifests) {
            var kind = manifest.getKind();
            if (!kind.equals("Namespace") && !kind.equals("Secret") && !kind.equals("PersistentVolumeClaim")) {
                objects.add(DesiredState.inNamespace(manifest, cluster.namespace()));
            }
        }
        external.ifPresent(objects::add);
        external.ifPresent(policy -> console.line("MySQL is external (" + DesiredState.describe(policy)
                + "): no MySQL objects to delete"));
        objects.sort(java.util.Comparator.comparing(DesiredState::stage));
        Collections.reverse(objects);
        objects.forEach(this::delete);
        // The controller's Lease is made by the controller, not the manifests: nothing of it stays behind.
        var lease = cluster.call("delete", "leases.coordination.k8s.io/" + ReloadStatus.LEASE, () -> cluster.client()
                .resources(Lease.class).inNamespace(cluster.namespace()).withName(ReloadStatus.LEASE).delete());
        console.line("Lease " + ReloadStatus.LEASE + (lease.isEmpty() ? " absent" : " deleted"));
        // So are the config snapshots (deploy's and the controller's copies): once the app is gone nothing reads them.
        var labels = ConfigSnapshot.labels(DesiredState.APP);
        cluster.call("list", "configmaps", () -> cluster.client().configMaps().inNamespace(cluster.namespace())
                .withLabels(labels).list().getItems()).forEach(this::delete);
        cluster.call("list", "secrets", () -> cluster.client().secrets().inNamespace(cluster.namespace())
                .withLabels(labels).list().getItems()).forEach(this::delete);
        var claims = cluster.call("list", "persistentvolumeclaims", () -> cluster.client().persistentVolumeClaims()
                .inNamespace(cluster.namespace()).list().getItems()).stream()
                .filter(claim -> manifests.stream().anyMatch(m -> claimedBy(claim.getMetadata().getName(), m)))
                .toList();
        var secret = cluster.call("get", "secrets/" + DesiredState.APP, () -> cluster.client().secrets()
                .inNamespace(cluster.namespace()).withName(DesiredState.APP).get());
        if (purgeData) {
            claims.forEach(this::delete);
            if (secret != null) {
                delete(secret);
            }
        } else {
            claims.forEach(claim -> console.line(DesiredState.describe(claim) + " kept (data; --purge-data deletes it)"));
            if (secret != null) {
                console.line(DesiredState.describe(secret) + " kept (--purge-data deletes it)");
            }
        }
        console.line("undeploy complete; namespace " + cluster.namespace() + " kept");
    }

    /** StatefulSet claims are named {@code <template>-<statefulset>-<ordinal>}; a plain PVC manifest by its name. */
    private static boolean claimedBy(String claim, HasMetadata manifest) {
        if (manifest.getKind().equals("PersistentVolumeClaim")) {
            return manifest.getMetadata().getName().equals(claim);
        }
        return manifest instanceof StatefulSet statefulSet && statefulSet.getSpec().getVolumeClaimTemplates().stream()
                .anyMatch(t -> claim.startsWith(t.getMetadata().getName() + "-" + statefulSet.getMetadata().getName() + "-"));
    }

    private void delete(HasMetadata object) {
        var resource = Applier.resourceName(object);
        var deleted = cluster.call("delete", resource, () -> cluster.client().resource(object).delete());
        console.line(DesiredState.describe(object) + (deleted.isEmpty() ? " absent" : " deleted"));
    }
}
