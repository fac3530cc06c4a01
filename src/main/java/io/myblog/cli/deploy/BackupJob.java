package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.cli.deploy.shape.StackShape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The bundled MySQL's backups (issue 25): before a schema migration deploy runs a Job of MySQL's own image that dumps
 * the app's database to a volume of its own ({@code mysql-backups}) and keeps the newest few; {@code myblog restore}
 * runs the same pod with the restore script. Pure functions of the desired StatefulSet, so the dry run shows them.
 */
public final class BackupJob {

    /** The claim of the manifests (src/main/kubernetes/kubernetes.yml) the dumps live on, beside MySQL's own. */
    public static final String CLAIM = "mysql-backups";
    public static final String BACKUP_PREFIX = "mysql-backup-";
    public static final String RESTORE_PREFIX = "mysql-restore-";
    /** How many dumps the volume keeps: the newest, each taken before one migration. */
    public static final int KEEP = 5;
    /** NetworkPolicy mysql admits these pods; not MySQL's labels, so its Service and PDB never take them for the server. */
    public static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", "mysql-backup",
            "app.kubernetes.io/part-of", DesiredState.APP);
    static final String MOUNT_PATH = "/backups";
    /**
     * Also the file name's stamp: basic ISO 8601 in UTC, so names sort by time, to the millisecond, so two deploys in
     * one second never share a Job (the second would find the first's completed and take no backup).
     */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** What the backup script names its files; restore takes nothing else, so a name is never a path. */
    private static final Pattern FILE = Pattern.compile("myblog-(\\d{8}T\\d{6}\\.\\d{3}Z)-schema-(\\d{1,6})\\.sql");
    private static final int KEEP_FINISHED_SECONDS = 3600;

    private BackupJob() {
    }

    /** A dump's name as {@code myblog restore} takes it, with the schema version the database had when it was taken. */
    public record BackupFile(String name, int schemaVersion) {

        public static Optional<BackupFile> parse(String name) {
            var matcher = FILE.matcher(name);
            return matcher.matches() ? Optional.of(new BackupFile(name, Integer.parseInt(matcher.group(2))))
                    : Optional.empty();
        }
    }

    public static boolean isBackupJob(HasMetadata object) {
        return object instanceof Job && object.getMetadata().getName().startsWith(BACKUP_PREFIX);
    }

    /**
     * The objects with the backup Job of {@code started} just before the migration Job, when the stack runs the
     * bundled MySQL; an external server's backups are its operator's (its provider's snapshots, its own tools).
     */
    public static List<HasMetadata> placed(List<HasMetadata> objects, Instant started) {
        var database = objects.stream().filter(o -> o instanceof StatefulSet && DesiredState.DATABASE.equals(
                o.getMetadata().getName())).map(StatefulSet.class::cast).findFirst();
        if (database.isEmpty()) {
            return objects;
        }
        var placed = new ArrayList<HasMetadata>();
        for (var object : objects) {
            if (MigrationJob.isMigrationJob(object)) {
                placed.add(backup(database.get(), started));
            }
            placed.add(object);
        }
        return placed;
    }

    /** The dump of the app's database, named by {@code started}, to the backup volume, keeping the newest {@link #KEEP}. */
    public static Job backup(StatefulSet database, Instant started) {
        var stamp = STAMP.format(started);
        return job(database, BACKUP_PREFIX + jobStamp(started), "backup", script("mysql-backup.sh"),
                List.of(literal("BACKUP_TIME", stamp), literal("BACKUP_KEEP", String.valueOf(KEEP))), false);
    }

    /** The load of {@code file} into the app's database; the volume is mounted read-only. */
    public static Job restore(StatefulSet database, BackupFile file, Instant started) {
        return job(database, RESTORE_PREFIX + jobStamp(started), "restore",
                script("mysql-restore.sh"), List.of(literal("BACKUP_FILE", file.name())), true);
    }

    /** The stamp as a Job's name may carry it: "20261208t021500-123z". */
    private static String jobStamp(Instant started) {
        return STAMP.format(started).toLowerCase(Locale.ROOT).replace('.', '-');
    }

    /**
     * MySQL's image and pod security, the app's account (Secret myblog, as the StatefulSet creates it; not mysql-root),
     * no service account token, one attempt, the log as termination message when it fails.
     */
    private static Job job(StatefulSet database, String name, String component, String script, List<EnvVar> extra,
            boolean readOnly) {
        var server = database.getSpec().getTemplate().getSpec();
        var mysql = server.getContainers().get(0);
        var env = new ArrayList<EnvVar>();
        env.add(literal("MYSQL_HOST", DesiredState.DATABASE));
        env.add(literal("MYSQL_PORT", mysql.getPorts() == null || mysql.getPorts().isEmpty() ? "3306"
                : String.valueOf(mysql.getPorts().get(0).getContainerPort())));
        env.add(secret("MYSQL_USER", "MYSQL_USER"));
        env.add(secret("MYSQL_PWD", "MYSQL_PASSWD"));
        env.add(secret("MYSQL_DATABASE", "MYSQL_DATABASE"));
        env.add(literal("BACKUP_DIR", MOUNT_PATH));
        env.addAll(extra);
        var container = new ContainerBuilder().withName(component).withImage(mysql.getImage())
                .withImagePullPolicy(mysql.getImagePullPolicy())
                .withCommand("bash", "-c", script).withEnv(env)
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                    .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .withNewResources().addToRequests("cpu", new Quantity("50m")).addToRequests("memory", new Quantity("64Mi"))
                    .addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("256Mi")).endResources()
                .addNewVolumeMount().withName(CLAIM).withMountPath(MOUNT_PATH).withReadOnly(readOnly ? true : null).endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
        var pod = new PodSpecBuilder().withContainers(container).withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withSecurityContext(server.getSecurityContext() == null ? null
                        : Serialization.clone(server.getSecurityContext()))
                .withVolumes(volume(server), new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build())
                .build();
        onTheDatabasesNode(pod, server);
        var labels = new TreeMap<String, String>(LABELS);
        labels.put("app.kubernetes.io/component", component);
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(database.getMetadata().getNamespace()).withLabels(labels)
                .endMetadata()
                .withNewSpec().withBackoffLimit(0).withActiveDeadlineSeconds(MigrationJob.LONGEST_RUN.toSeconds())
                    .withTtlSecondsAfterFinished(KEEP_FINISHED_SECONDS)
                    .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(pod).endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The claim, or with the course's hostPath storage a directory beside MySQL's data on the same node: that cluster
     * has no provisioner, so a claim would stay Pending and the deploy would wait for nothing.
     */
    private static Volume volume(PodSpec server) {
        var hostData = server.getVolumes() == null ? Optional.<Volume>empty() : server.getVolumes().stream()
                .filter(v -> StackShape.MYSQL_DATA.equals(v.getName()) && v.getHostPath() != null).findFirst();
        if (hostData.isEmpty()) {
            return new VolumeBuilder().withName(CLAIM).withNewPersistentVolumeClaim().withClaimName(CLAIM)
                    .endPersistentVolumeClaim().build();
        }
        var path = Path.of(hostData.get().getHostPath().getPath()).resolveSibling("backups").toString();
        return new VolumeBuilder().withName(CLAIM).withNewHostPath().withPath(path).withType("DirectoryOrCreate")
                .endHostPath().build();
    }

    /** With hostPath storage: the node and the directory owner step of MySQL's own pod (StackShape). */
    private static void onTheDatabasesNode(PodSpec pod, PodSpec server) {
        if (pod.getVolumes().get(0).getHostPath() == null) {
            return;
        }
        pod.setNodeSelector(server.getNodeSelector());
        if (server.getInitContainers() != null) {
            server.getInitContainers().stream().filter(c -> StackShape.DATA_OWNER.equals(c.getName())).findFirst()
                    .map(Serialization::clone).ifPresent(owner -> {
                        owner.getVolumeMounts().forEach(m -> {
                            m.setName(CLAIM);
                            m.setMountPath(MOUNT_PATH);
                        });
                        owner.setCommand(List.of(owner.getCommand().get(0), owner.getCommand().get(1), MOUNT_PATH));
                        pod.setInitContainers(List.of(owner));
                    });
        }
    }

    private static EnvVar literal(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar secret(String name, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(DesiredState.APP)
                .withKey(key).endSecretKeyRef().endValueFrom().build();
    }

    private static String script(String name) {
        try (InputStream in = BackupJob.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
