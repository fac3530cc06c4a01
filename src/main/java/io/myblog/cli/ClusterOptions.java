package io.myblog.cli;

import io.myblog.cli.deploy.Durations;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Which cluster and namespace a subcommand acts on; kubeconfig is found the standard way. */
public class ClusterOptions {

    @Option(names = "--context", description = "kubeconfig context (default: the current one)")
    String context;

    @Option(names = {"-n", "--namespace"}, defaultValue = "jds", description = "namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--poll-interval", hidden = true, defaultValue = "1s", converter = DurationConverter.class,
            description = "how often a rollout is checked")
    Duration pollInterval;

    public String context() {
        return context;
    }

    public String namespace() {
        return namespace;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /** Accepts 5m, 30s, 500ms or ISO-8601. */
    public static class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value);
        }
    }
}
