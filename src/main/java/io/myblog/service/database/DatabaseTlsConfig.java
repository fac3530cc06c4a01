package io.myblog.service.database;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives every database client its TLS options, derived from {@code myblog.database.ssl-mode} and
 * {@code myblog.database.ssl-ca-file} by {@link DatabaseTls}: a config source, because the reactive pool and the JDBC
 * datasources read their options from config before any bean of ours runs. Settings that are refused give options
 * under which nothing connects; {@link RequiredSettingsCheck} then stops the service with the reason.
 */
public class DatabaseTlsConfig implements ConfigSourceFactory {

    /** Above application.properties (250), below environment variables (300): an operator may still override one. */
    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        var mode = Optional.ofNullable(context.getValue("myblog.database.ssl-mode").getValue()).orElse("disabled");
        var caFile = Optional.ofNullable(context.getValue("myblog.database.ssl-ca-file").getValue())
                .filter(file -> !file.isBlank()).map(Path::of);
        var properties = DatabaseTls.parse(mode, caFile) instanceof DatabaseTls.Valid valid
                ? valid.tls().clientProperties(Path.of(System.getProperty("java.io.tmpdir"), "myblog-database-tls"))
                : DatabaseTls.refusingProperties();
        return List.of(new PropertiesConfigSource(properties, "myblog database TLS (DatabaseTlsConfig)", ORDINAL));
    }
}
