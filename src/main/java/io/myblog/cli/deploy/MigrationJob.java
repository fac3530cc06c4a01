package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.cli.deploy.shape.StackShape;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Job that applies a release's schema migrations before its pods roll out (issue 25): the app's own pod, same
 * image, env, Secret and ConfigMap references, init containers and hardening, running {@code myblog migrate} once.
 * A pure function of the app's Deployment, so the dry run and render show it as deploy runs it.
 */
public final class MigrationJob {

    public static final String PREFIX = DesiredState.APP + "-migrate-";
    /** The argument that makes the image run the migrate program (io.myblog.MyblogMain). */
    static final String ARGUMENT = "migrate";
    /**
     * On the app's pod template (and the Job): the newest migration the release packages, so each revision says which
     * schema its code was written for; rollback compares it with the database's ({@link RollbackSchema}).
     */
    public static final String SCHEMA_VERSION = "myblog/schema-version";
    /** Annotation of the Job: the image whose migrations it applies. */
    static final String IMAGE = "myblog/image";
    /** A finished Job stays an hour for {@code kubectl logs job/...}, then the TTL controller removes it and its pod. */
    static final int KEEP_FINISHED_SECONDS = 3600;
    /** A migration that hangs ends here at the latest (a GitOps sync has no --timeout); deploy bounds it by its own. */
    static final Duration LONGEST_RUN = Duration.ofMinutes(30);
    /**
     * Not the app's labels: the Deployment's selector, its Service and its NetworkPolicy must never take this pod for
     * one of the app's.
     */
    public static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", DesiredState.APP + "-migrate",
            "app.kubernetes.io/part-of", DesiredState.APP, "app.kubernetes.io/component", "migration");

    private MigrationJob() {
    }

    /** "myblog-migrate-" and 10 hex digits of the image's SHA-256: one Job per image, a valid label value. */
    public static String name(String image) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(image.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String image(Deployment app) {
        return StackShape.appContainer(app).getImage();
    }

    /**
     * The objects with the app's pod template stamped with the release's schema version and, just before the app's
     * Deployment, its migration Job.
     */
    public static List<HasMetadata> placed(List<HasMetadata> objects, SchemaCatalog catalog) {
        var placed = new ArrayList<HasMetadata>();
        for (var object : objects) {
            if (object instanceof Deployment app && DesiredState.APP.equals(app.getMetadata().getName())) {
                var stamped = Serialization.clone(app);
                var metadata = stamped.getSpec().getTemplate().getMetadata();
                var annotations = new java.util.TreeMap<String, String>(metadata.getAnnotations() == null ? Map.of()
                        : metadata.getAnnotations());
                annotations.put(SCHEMA_VERSION, String.valueOf(catalog.newest()));
                metadata.setAnnotations(annotations);
                placed.add(desired(stamped));
                object = stamped;
            }
            placed.add(object);
        }
        return placed;
    }

    public static boolean isMigrationJob(HasMetadata object) {
        return object instanceof Job && object.getMetadata().getName().startsWith(PREFIX);
    }

    /**
     * The Job: no retry ({@code backoffLimit: 0}, a failed migration needs a person, not a loop), bounded in time, no
     * service account token, and the log tail as termination message when it fails.
     */
    public static Job desired(Deployment app) {
        var template = Serialization.clone(app.getSpec().getTemplate());
        var pod = template.getSpec();
        var container = Serialization.clone(StackShape.appContainer(app));
        container.setArgs(List.of(ARGUMENT));
        container.setPorts(null);
        container.setLivenessProbe(null);
        container.setReadinessProbe(null);
        container.setStartupProbe(null);
        container.setLifecycle(null);
        // https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/: read without log rights
        container.setTerminationMessagePolicy("FallbackToLogsOnError");
        pod.setContainers(List.of(container));
        pod.setRestartPolicy("Never");
        pod.setAutomountServiceAccountToken(false);
        pod.setTerminationGracePeriodSeconds(null);
        return new JobBuilder()
                .withNewMetadata().withName(name(container.getImage())).withNamespace(app.getMetadata().getNamespace())
                    .withLabels(new java.util.TreeMap<>(LABELS)).withAnnotations(annotations(container.getImage(), template.getMetadata().getAnnotations()))
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(LONGEST_RUN.toSeconds())
                    .withTtlSecondsAfterFinished(KEEP_FINISHED_SECONDS)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(new java.util.TreeMap<>(LABELS)).withAnnotations(null).endMetadata()
                        .withSpec(pod)
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Map<String, String> annotations(String image, Map<String, String> template) {
        var annotations = new java.util.TreeMap<String, String>(Map.of(IMAGE, image));
        if (template != null && template.containsKey(SCHEMA_VERSION)) {
            annotations.put(SCHEMA_VERSION, template.get(SCHEMA_VERSION));
        }
        return annotations;
    }

    /** {@code job} ending within {@code remaining} (a deploy's --timeout), or its own bound if that is sooner. */
    static Job boundedBy(Job job, Duration remaining) {
        var copy = Serialization.clone(job);
        copy.getSpec().setActiveDeadlineSeconds(Math.max(1, Math.min(LONGEST_RUN.toSeconds(), remaining.toSeconds())));
        return copy;
    }

    /** True when the Job's controller says it completed ({@code Complete=True}), false when it failed, else empty. */
    public static Optional<Boolean> finished(Job job) {
        var status = job.getStatus();
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        // 1.31+ first sets SuccessCriteriaMet/FailureTarget, then Complete/Failed once its pods are gone: wait for those.
        for (var condition : status.getConditions()) {
            if ("True".equals(condition.getStatus()) && "Complete".equals(condition.getType())) {
                return Optional.of(true);
            }
            if ("True".equals(condition.getStatus()) && "Failed".equals(condition.getType())) {
                return Optional.of(false);
            }
        }
        return Optional.empty();
    }

    /** The Failed condition's reason and message, e.g. "BackoffLimitExceeded: Job has reached the specified backoff limit". */
    static String failure(Job job) {
        return job.getStatus().getConditions().stream().filter(c -> "Failed".equals(c.getType()))
                .map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage())).findFirst().orElse("Failed");
    }
}
