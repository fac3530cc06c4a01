package io.myblog.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import io.myblog.shared.ReloadStatus;
import io.myblog.shared.ReloadState;

class ReloadStatusTest {

    @Test
    void aDeploymentNoWatcherReportedOnReadsAsDisabled() {
        var deployment = new DeploymentBuilder().withNewMetadata().withName("myblog").endMetadata().build();

        var status = ReloadStatus.of(deployment);

        assertThat(status.state()).isEqualTo("disabled");
        assertThat(status.summary()).isEqualTo("config reload: disabled (" + ReloadStatus.NOT_REPORTED + "); last restart: none");
    }

    @Test
    void summarisesTheRecordedStateOnOneLine() {
        var annotations = new java.util.HashMap<>(ReloadStatus.annotations(ReloadState.DENIED, "RBAC refuses: watch configmaps", "myblog-7d9-x2"));
        annotations.put(ReloadStatus.LAST_RESTART, "2025-01-01T10:00:00Z ConfigMap myblog changed: config hash a -> b");
        var deployment = new DeploymentBuilder().withNewMetadata().withName("myblog").withAnnotations(annotations).endMetadata().build();

        var status = ReloadStatus.of(deployment);

        assertThat(status).isEqualTo(new ReloadStatus("denied", "RBAC refuses: watch configmaps",
                Optional.of("2025-01-01T10:00:00Z ConfigMap myblog changed: config hash a -> b"), Optional.of("myblog-7d9-x2")));
        assertThat(status.summary()).isEqualTo("config reload: denied (RBAC refuses: watch configmaps), reported by myblog-7d9-x2; "
                + "last restart: 2025-01-01T10:00:00Z ConfigMap myblog changed: config hash a -> b");
    }

    @Test
    void identifiesItselfByPodName() {
        assertThat(ConfigReloadService.identity(Optional.empty(), "myblog-7d9-x2")).isEqualTo("myblog-7d9-x2");
        assertThat(ConfigReloadService.identity(Optional.of("given"), "myblog-7d9-x2")).isEqualTo("given");
        assertThat(ConfigReloadService.identity(Optional.empty(), null)).startsWith("myblog-");
    }
}
