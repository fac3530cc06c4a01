package io.myblog.shared;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * MySQL's five TLS modes (the mysql client's {@code --ssl-mode}), spelled as {@code MYSQL_SSL_MODE} takes them: read by
 * the service for its connections and by {@code deploy --mysql-ssl-mode} for the ConfigMap it writes.
 */
public enum MysqlSslMode {
    DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY;

    public static final String VARIABLE = "MYSQL_SSL_MODE";

    /** {@code verify-identity}: also what Quarkus' enum converter reads for the reactive client. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True when the server's certificate must chain to the CA given in MYSQL_SSL_CA. */
    public boolean verifies() {
        return this == VERIFY_CA || this == VERIFY_IDENTITY;
    }

    public static Optional<MysqlSslMode> of(String value) {
        var wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.configName().equals(wanted)).findFirst();
    }

    /** "disabled, preferred, required, verify-ca, verify-identity", for messages. */
    public static String choices() {
        return Arrays.stream(values()).map(MysqlSslMode::configName).collect(Collectors.joining(", "));
    }
}
