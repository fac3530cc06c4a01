package io.myblog.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.myblog.cli.deploy.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No Docker engine here, so the images are checked as text: what the Deployment relies on must be in them. */
class DockerfilesTest {

    private static final Path DOCKER = Path.of("src", "main", "docker");

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro"})
    void imageRunsAsNonRootAndExposesTheHttpAndManagementPorts(String file) throws IOException {
        var dockerfile = Files.readString(DOCKER.resolve(file));

        assertThat(dockerfile).containsPattern("(?m)^EXPOSE 8002 9000$");
        // Numeric, so the kubelet can verify runAsNonRoot without reading /etc/passwd.
        assertThat(dockerfile).containsPattern("(?m)^USER [1-9][0-9]*$");
        assertThat(dockerfile).contains("-Dquarkus.http.host=0.0.0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lib/", "app/", "quarkus/", "*.jar"})
    void jvmImageCopiesTheQuarkusAppLayout(String part) throws IOException {
        assertThat(Files.readString(DOCKER.resolve("Dockerfile.jvm"))).contains("target/quarkus-app/" + part);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-XX:MaxRAMPercentage=", "-Djava.io.tmpdir=/tmp"})
    void jvmSizesItsHeapFromTheLimitAndWritesOnlyToTmp(String setting) throws IOException {
        assertThat(Files.readString(DOCKER.resolve("Dockerfile.jvm"))).contains(setting);
    }

    /** .ci/container-check.sh builds and runs this image; here only what a build on another base must keep. */
    @Test
    void jvmImageTakesItsBaseAsAnArgumentAndTrainsItsOwnAotCache() throws IOException {
        var dockerfile = Files.readString(DOCKER.resolve("Dockerfile.jvm"));

        assertThat(dockerfile).containsPattern("(?m)^ARG BASE_IMAGE=docker\\.io/\\S+:25\\S*$").contains("FROM ${BASE_IMAGE}");
        assertThat(dockerfile).containsPattern("(?m)^RUN bash /tmp/aot-training.sh /deployments /deployments/app.aot");
        assertThat(dockerfile).contains("-XX:AOTCache=/deployments/app.aot");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro"})
    void imageCarriesTheManifestsWhereDeployLooksForThem(String file) throws IOException {
        assertThat(Files.readString(DOCKER.resolve(file)))
                .containsPattern("(?m)^COPY .*target/kubernetes/kubernetes.yml " + Manifests.IN_IMAGE + "$");
    }
}
