package io.myblog.controller;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** The Kubernetes Events the watcher posts on the Deployment, so {@code kubectl describe deployment} says why. */
final class ReloadEvents {

    static final String COMPONENT = "myblog-config-reload";
    static final String NORMAL = "Normal";
    static final String WARNING = "Warning";
    /** A restart was started because the consumed configuration changed. */
    static final String CONFIG_CHANGED = "ConfigChanged";
    /** A restart was held back because it would start pods into a broken configuration. */
    static final String CONFIG_INCOMPLETE = "ConfigIncomplete";

    private ReloadEvents() {
    }

    /** An Event about {@code deployment}; named like kubectl's, the Deployment's name plus a unique suffix. */
    static Event desiredEvent(Deployment deployment, String type, String reason, String message, String reporter, Instant now) {
        var meta = deployment.getMetadata();
        var timestamp = now.toString();
        return new EventBuilder()
                .withNewMetadata()
                    .withNamespace(meta.getNamespace())
                    .withName(meta.getName() + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
                .endMetadata()
                .withNewInvolvedObject()
                    .withApiVersion("apps/v1")
                    .withKind("Deployment")
                    .withNamespace(meta.getNamespace())
                    .withName(meta.getName())
                    .withUid(meta.getUid())
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withNewSource().withComponent(COMPONENT).withHost(reporter).endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(reporter)
                .withFirstTimestamp(timestamp)
                .withLastTimestamp(timestamp)
                .withCount(1)
                .build();
    }
}
