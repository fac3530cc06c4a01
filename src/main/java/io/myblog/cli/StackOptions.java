package io.myblog.cli;

import io.myblog.cli.deploy.DesiredState;
import io.myblog.cli.deploy.shape.StackShape;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** What a deploy applies, shared by {@code deploy} and {@code diff} so that a diff compares exactly what a deploy would apply. */
public class StackOptions {

    @Option(names = "--manifests", description = "manifests to apply (default: target/kubernetes/kubernetes.yml, "
            + "in the image /deployments/kubernetes.yml)")
    Path manifests;

    @Option(names = "--secret-env-file", description = "KEY=value file for Secret myblog; its values are never printed")
    Path secretEnvFile;

    @Option(names = "--image", description = "image of the myblog container (default: the manifests')")
    String image;

    @Option(names = "--ingress-host", description = "host the Ingress routes (default: the manifests')")
    String ingressHost;

    @Option(names = "--ingress-class", description = "ingressClassName of the Ingress (default: the manifests')")
    String ingressClass;

    @Option(names = "--tls-secret", description = "Secret holding the TLS certificate; turns on HTTPS and the "
            + "HTTP to HTTPS redirect")
    String tlsSecret;

    @Option(names = "--mysql-storage-class", description = "StorageClass of MySQL's claim (default: the manifests', "
            + "else the cluster's default class)")
    String mysqlStorageClass;

    @Option(names = "--mysql-host-path", description = "keep MySQL's data in this directory of the node labelled "
            + StackShape.COURSE_NODE_LABEL + " instead of a claim (the course: /opt/mysql/data)")
    String mysqlHostPath;

    Optional<Path> manifests() {
        return Optional.ofNullable(manifests);
    }

    Optional<Path> secretEnvFile() {
        return Optional.ofNullable(secretEnvFile);
    }

    Optional<String> image() {
        return Optional.ofNullable(image);
    }

    DesiredState.Choices choices() {
        var ingress = new StackShape.IngressAim(Optional.ofNullable(ingressHost), Optional.ofNullable(ingressClass),
                Optional.ofNullable(tlsSecret), Optional.empty());
        var hostPath = Optional.ofNullable(mysqlHostPath);
        var storage = new StackShape.MysqlStorage(Optional.ofNullable(mysqlStorageClass), Optional.empty(), hostPath,
                hostPath.isPresent() ? StackShape.labels(StackShape.COURSE_NODE_LABEL) : Map.of());
        return new DesiredState.Choices(ingress, storage);
    }
}
