package io.myblog.cli.deploy;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A kubeconfig file for one test, found the way kubectl and fabric8 find it (the {@code kubeconfig} system property,
 * which fabric8 reads before KUBECONFIG); restored on close.
 */
final class Kubeconfig implements AutoCloseable {

    private final String previous = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
    private final Path file;

    /** @param servers context name → API server URL; the first one is the current context */
    Kubeconfig(Map<String, String> servers, String current) {
        var yaml = new StringBuilder("apiVersion: v1\nkind: Config\ncurrent-context: " + current + "\nclusters:\n");
        servers.forEach((name, url) -> yaml.append("- name: ").append(name).append("\n  cluster:\n    server: ")
                .append(url).append("\n    insecure-skip-tls-verify: true\n"));
        yaml.append("contexts:\n");
        servers.keySet().forEach(name -> yaml.append("- name: ").append(name).append("\n  context:\n    cluster: ")
                .append(name).append("\n    user: tester\n"));
        yaml.append("users:\n- name: tester\n  user:\n    token: test-token\n");
        try {
            file = Files.createTempFile("kubeconfig", ".yaml");
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, file.toString());
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        if (previous == null) {
            System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        } else {
            System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, previous);
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
