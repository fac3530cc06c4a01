package io.myblog.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.myblog.deploy.Manifests;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No Docker engine here, so the images are checked as text: what the Deployment relies on must be in them. */
class DockerfilesTest {

    private static final Path DOCKER = Path.of("src", "main", "docker");

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro"})
    void imageRunsAsNonRootAndExposesTheHttpPort(String file) throws IOException {
        var dockerfile = Files.readString(DOCKER.resolve(file));

        assertThat(dockerfile).containsPattern("(?m)^EXPOSE 8002$");
        // Numeric, so the kubelet can verify runAsNonRoot without reading /etc/passwd.
        assertThat(dockerfile).containsPattern("(?m)^USER [1-9][0-9]*$");
        assertThat(dockerfile).contains("-Dquarkus.http.host=0.0.0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lib/", "app/", "quarkus/", "*.jar"})
    void jvmImageCopiesTheFastJarLayout(String part) throws IOException {
        assertThat(Files.readString(DOCKER.resolve("Dockerfile.jvm"))).contains("target/quarkus-app/" + part);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JAVA_MAX_MEM_RATIO=", "-Djava.io.tmpdir=/tmp"})
    void jvmSizesItsHeapFromTheLimitAndWritesOnlyToTmp(String setting) throws IOException {
        assertThat(Files.readString(DOCKER.resolve("Dockerfile.jvm"))).contains(setting);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro"})
    void imageCarriesTheManifestsWhereDeployLooksForThem(String file) throws IOException {
        assertThat(Files.readString(DOCKER.resolve(file)))
                .containsPattern("(?m)^COPY .*target/kubernetes/kubernetes.yml " + Manifests.IN_IMAGE + "$");
    }
}
