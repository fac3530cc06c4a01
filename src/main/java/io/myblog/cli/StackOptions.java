package io.myblog.cli;

import io.myblog.cli.deploy.DesiredState;
import io.myblog.cli.deploy.DeployFailure;
import io.myblog.cli.deploy.shape.ExternalDatabase;
import io.myblog.cli.deploy.shape.StackShape;
import io.myblog.shared.MysqlSslMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** What a deploy applies, shared by {@code deploy} and {@code diff} so that a diff compares exactly what a deploy would apply. */
public class StackOptions {

    /** An IPv4 or IPv6 address and a prefix length, the form NetworkPolicy's ipBlock.cidr takes. */
    private static final Pattern CIDR = Pattern.compile(
            "((\\d{1,3}\\.){3}\\d{1,3}/(3[0-2]|[12]?\\d))|([0-9a-fA-F:]*:[0-9a-fA-F:.]*/(12[0-8]|1[01]\\d|[1-9]?\\d))");

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

    @Option(names = "--mysql", defaultValue = "bundled", description = "bundled: run MySQL's pod (default); external: "
            + "use a server of yours (managed MySQL, InnoDB Cluster's Router), no MySQL objects are applied")
    String mysql;

    @Option(names = "--mysql-host", description = "with --mysql external: the server's host name, written to ConfigMap "
            + "myblog as MYSQL_HOST")
    String mysqlHost;

    @Option(names = "--mysql-port", description = "with --mysql external: the server's port (Router's read-write "
            + "port is 6446), ConfigMap myblog's MYSQL_PORT and the egress policy's (default: 3306)")
    Integer mysqlPort;

    @Option(names = "--mysql-ssl-mode", description = "with --mysql external: TLS to the server, ConfigMap myblog's "
            + "MYSQL_SSL_MODE: disabled, preferred, required, verify-ca or verify-identity (default; the CA goes in "
            + "Secret key MYSQL_SSL_CA)")
    String mysqlSslMode;

    @Option(names = "--mysql-read-host", description = "with --mysql external: a read replica (or Router's read-only "
            + "port's host) for lists, search and pages, ConfigMap myblog's MYSQL_READ_HOST; its address must be in "
            + "--mysql-cidr")
    String mysqlReadHost;

    @Option(names = "--mysql-read-port", description = "with --mysql-read-host: the replica's port (Router's read-only "
            + "port is 6447), MYSQL_READ_PORT and the egress policy's (default: --mysql-port)")
    Integer mysqlReadPort;

    @Option(names = "--mysql-cidr", split = ",", description = "with --mysql external: the server's addresses, the only "
            + "ones (with the cluster DNS) the app's pods may connect to, e.g. 10.20.0.0/16")
    List<String> mysqlCidrs;

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
        return new DesiredState.Choices(ingress, storage, externalDatabase());
    }

    /** Options are checked here, before any file is read: a half-given external variant changes nothing. */
    private Optional<ExternalDatabase> externalDatabase() {
        var cidrs = mysqlCidrs == null ? List.<String>of() : mysqlCidrs.stream().map(String::strip).toList();
        if (mysql.equals("bundled")) {
            if (mysqlHost != null || mysqlPort != null || !cidrs.isEmpty() || mysqlSslMode != null
                    || mysqlReadHost != null || mysqlReadPort != null) {
                throw DeployFailure.badInput("--mysql-host, --mysql-port, --mysql-cidr, --mysql-ssl-mode and "
                        + "--mysql-read-host/--mysql-read-port are for --mysql external");
            }
            return Optional.empty();
        }
        if (!mysql.equals("external")) {
            throw DeployFailure.badInput("--mysql must be bundled or external, not \"" + mysql + "\"");
        }
        if (mysqlStorageClass != null || mysqlHostPath != null) {
            throw DeployFailure.badInput("--mysql external runs no MySQL pod: --mysql-storage-class and "
                    + "--mysql-host-path do not apply");
        }
        if (mysqlHost == null || mysqlHost.isBlank() || cidrs.isEmpty()) {
            throw DeployFailure.badInput("--mysql external needs --mysql-host HOST and --mysql-cidr CIDR (the "
                    + "server's addresses, which the app's egress policy allows)");
        }
        int port = mysqlPort == null ? 3306 : mysqlPort;
        if (port < 1 || port > 65535) {
            throw DeployFailure.badInput("--mysql-port must be between 1 and 65535, not " + port);
        }
        cidrs.stream().filter(cidr -> !CIDR.matcher(cidr).matches()).findFirst().ifPresent(cidr -> {
            throw DeployFailure.badInput("--mysql-cidr takes addresses with a prefix length (10.20.0.0/16, "
                    + "192.0.2.7/32, 2001:db8::/48), not \"" + cidr + "\"");
        });
        var sslMode = mysqlSslMode == null ? ExternalDatabase.DEFAULT_SSL_MODE : MysqlSslMode.of(mysqlSslMode)
                .orElseThrow(() -> DeployFailure.badInput("--mysql-ssl-mode takes one of " + MysqlSslMode.choices()
                        + ", not \"" + mysqlSslMode + "\""));
        if (mysqlReadPort != null && mysqlReadHost == null) {
            throw DeployFailure.badInput("--mysql-read-port needs --mysql-read-host");
        }
        int readPort = mysqlReadPort == null ? port : mysqlReadPort;
        if (readPort < 1 || readPort > 65535) {
            throw DeployFailure.badInput("--mysql-read-port must be between 1 and 65535, not " + readPort);
        }
        var replica = Optional.ofNullable(mysqlReadHost).filter(host -> !host.isBlank())
                .map(host -> new ExternalDatabase.ReadReplica(host.strip(), readPort));
        return Optional.of(new ExternalDatabase(mysqlHost.strip(), port, cidrs, sslMode, replica));
    }
}
