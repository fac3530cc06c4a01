package io.myblog.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.deploy.manifest.StrictModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The merge file is read with fabric8's model strictly (StrictModel): a misspelt field anywhere in a test copy of it is
 * rejected with its path. The generated output is checked the same way in KubernetesManifestIT.
 */
class StrictModelTest {

    static final Path MERGE_FILE = Path.of("src", "main", "kubernetes", "kubernetes.yml");

    @Test
    void mergeFileHasOnlyFieldsTheKubernetesApiKnows() throws IOException {
        assertThat(StrictModel.problems(Files.readString(MERGE_FILE))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "terminationGracePeriodSeconds:, terminationGracePeriodSecnds:, spec.template.spec.terminationGracePeriodSecnds",
            "allowPrivilegeEscalation:, allowPrivilegeEscalaton:, spec.template.spec.containers[0].securityContext.allowPrivilegeEscalaton",
            "maxUnavailable:, maxUnavialable:, spec.maxUnavialable",
            "accessModes:, acessModes:, spec.volumeClaimTemplates[0].spec.acessModes"})
    void misspeltFieldInACopyOfTheMergeFileIsRejectedWithItsPath(String field, String typo, String path)
            throws IOException {
        var original = Files.readString(MERGE_FILE);
        assertThat(original).as("the merge file has the field " + field).contains(field);
        var copy = original.replaceFirst(java.util.regex.Pattern.quote(field), typo);

        var problems = StrictModel.problems(copy);

        assertThat(problems).singleElement().asString().contains("unknown field " + path);
    }

    @Test
    void kindTheApiDoesNotServeIsRejected() {
        var problems = StrictModel.problems("apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: x\n");

        assertThat(problems).singleElement().asString().contains("is not a Kubernetes API type");
    }
}
