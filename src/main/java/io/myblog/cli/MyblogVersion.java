package io.myblog.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Optional;
import java.util.jar.Manifest;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code myblog -V}: the version the build wrote into the runner jar's manifest (the command line runs without
 * starting Quarkus, so its build-time config is not there); in dev mode, Quarkus' {@code quarkus.application.version}.
 */
public class MyblogVersion implements IVersionProvider {

    static final String TITLE = "myblog";

    @Override
    public String[] getVersion() {
        var version = fromManifest()
                .or(() -> ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class))
                .orElse("(version unknown: not started from the packaged application)");
        return new String[] {TITLE + " " + version};
    }

    private static Optional<String> fromManifest() {
        try {
            for (var url : Collections.list(MyblogVersion.class.getClassLoader().getResources("META-INF/MANIFEST.MF"))) {
                try (var in = url.openStream()) {
                    var attributes = new Manifest(in).getMainAttributes();
                    if (TITLE.equals(attributes.getValue("Implementation-Title"))) {
                        return Optional.ofNullable(attributes.getValue("Implementation-Version"));
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
