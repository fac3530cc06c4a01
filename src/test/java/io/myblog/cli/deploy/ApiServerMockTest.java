package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mock API server earns trust: each semantic the deploy path relies on, checked against what the server-side
 * apply documentation (https://kubernetes.io/docs/reference/using-api/server-side-apply/) and the API's validation
 * say a real API server does.
 */
class ApiServerMockTest {

    private final ApiServerMock api = new ApiServerMock();
    private final KubernetesClient client = api.newClient();

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void aFieldTheApplierStopsApplyingIsRemovedWhenNobodyElseOwnsIt() {
        apply("myblog", deployment(2).editMetadata().addToAnnotations("a", "1").endMetadata().build());

        apply("myblog", deployment(2).build());

        assertThat(live().getMetadata().getAnnotations()).doesNotContainKey("a");
    }

    @Test
    void anUpdateThatChangesAFieldTakesItsOwnershipSoTheApplierNoLongerRemovesIt() {
        // Given replicas applied by myblog, then scaled by kubectl (a merge patch of spec.replicas)
        apply("myblog", deployment(2).build());
        scale(3, "kubectl");
        assertThat(owners("f:replicas")).containsExactly("kubectl");

        // When myblog applies without replicas
        apply("myblog", withoutReplicas());

        // Then kubectl's count stays
        assertThat(live().getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void annotationsOtherManagersWroteSurviveAnApplyThatDoesNotMentionThem() {
        apply("myblog", deployment(2).build());
        client.apps().deployments().inNamespace("jds").withName("myblog").patch(
                new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager("watcher").build(),
                "{\"metadata\":{\"annotations\":{\"myblog/reload-state\":\"watching\"}}}");

        apply("myblog", deployment(2).build());

        assertThat(live().getMetadata().getAnnotations()).containsEntry("myblog/reload-state", "watching");
    }

    @Test
    void aFieldTwoAppliersSetToTheSameValueIsSharedAndSurvivesWhenOneDropsIt() {
        apply("myblog", deployment(2).build());
        apply("handover", new DeploymentBuilder().withNewMetadata().withName("myblog").withNamespace("jds")
                .endMetadata().withNewSpec().withReplicas(2).endSpec().build());
        assertThat(owners("f:replicas")).containsExactlyInAnyOrder("myblog", "handover");

        apply("myblog", withoutReplicas());

        assertThat(live().getSpec().getReplicas()).isEqualTo(2);
        assertThat(owners("f:replicas")).containsExactly("handover");
    }

    @Test
    void aConflictingApplyIsRefusedWithoutForceAndTakesTheFieldOverWithIt() {
        apply("myblog", deployment(2).build());
        scale(3, "kubectl");

        assertThatThrownBy(() -> client.resource(deployment(2).build()).fieldManager("myblog").serverSideApply())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("conflict");
        apply("myblog", deployment(2).build());

        assertThat(live().getSpec().getReplicas()).isEqualTo(2);
        assertThat(owners("f:replicas")).containsExactly("myblog");
    }

    @Test
    void aSpecChangeBumpsTheGenerationAMetadataChangeOrANoOpDoesNot() {
        apply("myblog", deployment(2).build());
        var created = live();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1);

        apply("myblog", deployment(2).build());
        assertThat(live().getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
        apply("myblog", deployment(2).editMetadata().addToAnnotations("note", "x").endMetadata().build());
        assertThat(live().getMetadata().getGeneration()).isEqualTo(1);
        scale(4, "kubectl");
        assertThat(live().getMetadata().getGeneration()).isEqualTo(2);
    }

    @Test
    void anImmutableConfigMapOrSecretRefusesEveryDataChangeWith422AndAnEqualCreateWith409() {
        // Given immutable objects, as config snapshots are
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("snap").withNamespace("jds").endMetadata()
                .addToData("A", "1").withImmutable(true).build()).create();
        client.resource(new SecretBuilder().withNewMetadata().withName("snap").withNamespace("jds").endMetadata()
                .addToData("P", "MQ==").withImmutable(true).build()).create();
        var configMaps = client.configMaps().inNamespace("jds").withName("snap");

        // Then every way of changing the data is refused, as the API server refuses it
        assertThatThrownBy(() -> configMaps.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"A\":\"2\"}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
                .hasMessageContaining("field is immutable when `immutable` is set");
        assertThatThrownBy(() -> configMaps.edit(cm -> new ConfigMapBuilder(cm).withImmutable(false).build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThatThrownBy(() -> client.resource(new ConfigMapBuilder().withNewMetadata().withName("snap")
                .withNamespace("jds").endMetadata().addToData("A", "3").withImmutable(true).build())
                .fieldManager("myblog").forceConflicts().serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThatThrownBy(() -> client.secrets().inNamespace("jds").withName("snap")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"P\":\"Mg==\"}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThatThrownBy(() -> client.resource(new ConfigMapBuilder().withNewMetadata().withName("snap")
                .withNamespace("jds").endMetadata().addToData("A", "1").withImmutable(true).build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(configMaps.get().getData()).containsExactly(java.util.Map.entry("A", "1"));
        // and its metadata stays editable (labels, owner references), as on a real server
        configMaps.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"l\":\"v\"}}}");
        assertThat(configMaps.get().getMetadata().getLabels()).containsEntry("l", "v");
    }

    @Test
    void aJobRefusesEveryChangeOfItsPodTemplateSelectorAndCompletionsWith422AndKeepsItsOtherFieldsWritable() {
        // Given a Job, as deploy creates the migration Job
        client.resource(job("myblog:1").build()).fieldManager("myblog").serverSideApply();
        var jobs = client.batch().v1().jobs().inNamespace("jds").withName("migrate");

        // Then apply, merge patch and update of its template are refused, as the API server refuses them
        assertThatThrownBy(() -> client.resource(job("myblog:2").build()).fieldManager("myblog").forceConflicts()
                .serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
                .hasMessageContaining("spec.template: Invalid value").hasMessageContaining("field is immutable");
        assertThatThrownBy(() -> jobs.patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"a\":\"1\"}}}}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThatThrownBy(() -> jobs.edit(j -> new JobBuilder(j).editSpec().withCompletions(2).endSpec().build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
                .hasMessageContaining("spec.completions");
        assertThatThrownBy(() -> jobs.patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"selector\":{\"matchLabels\":{\"b\":\"2\"}}}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
                .hasMessageContaining("spec.selector");
        assertThat(jobs.get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("myblog:1");
        // and its deadline, retry limit and labels stay writable; an apply that changes nothing is no error
        client.resource(job("myblog:1").editSpec().withActiveDeadlineSeconds(60L).withBackoffLimit(1).endSpec().build())
                .fieldManager("myblog").forceConflicts().serverSideApply();
        jobs.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"l\":\"v\"}}}");
        assertThat(jobs.get().getSpec().getActiveDeadlineSeconds()).isEqualTo(60L);
        assertThat(jobs.get().getMetadata().getLabels()).containsEntry("l", "v");
    }

    private void apply(String manager, Deployment deployment) {
        client.resource(deployment).fieldManager(manager).forceConflicts().serverSideApply();
    }

    private void scale(int replicas, String manager) {
        client.apps().deployments().inNamespace("jds").withName("myblog").patch(
                new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(manager).build(),
                "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    private Deployment live() {
        return client.apps().deployments().inNamespace("jds").withName("myblog").get();
    }

    @SuppressWarnings("unchecked")
    private java.util.List<String> owners(String specField) {
        return live().getMetadata().getManagedFields().stream()
                .filter(entry -> entry.getFieldsV1().getAdditionalProperties().get("f:spec") instanceof java.util.Map<?, ?> spec
                        && spec.containsKey(specField))
                .map(entry -> entry.getManager()).toList();
    }

    private static Deployment withoutReplicas() {
        var deployment = deployment(2).build();
        deployment.getSpec().setReplicas(null);
        return deployment;
    }

    private static JobBuilder job(String image) {
        return new JobBuilder().withNewMetadata().withName("migrate").withNamespace("jds").endMetadata()
                .withNewSpec().withBackoffLimit(0)
                .withNewTemplate().withNewMetadata().addToLabels("app", "migrate").endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("myblog").withImage(image)
                .endContainer().endSpec().endTemplate().endSpec();
    }

    private static DeploymentBuilder deployment(int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName("myblog").withNamespace("jds").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "myblog").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "myblog").endMetadata()
                .withNewSpec().addNewContainer().withName("myblog").withImage("myblog:1").endContainer().endSpec()
                .endTemplate().endSpec();
    }
}
