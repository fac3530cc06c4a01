package io.myblog.deploy.cli;

import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.IVersionProvider;

/** {@code myblog -V}: the application version the build recorded (quarkus.application.version, from the pom). */
public class MyblogVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        var version = ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class)
                .orElse("(version unknown: not started from the packaged application)");
        return new String[] {"myblog " + version};
    }
}
