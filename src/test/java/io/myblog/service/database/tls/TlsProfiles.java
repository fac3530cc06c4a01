package io.myblog.service.database.tls;

import io.myblog.support.TlsDatabaseResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The service against {@link TlsDatabaseResource}, one profile per setting under test. */
final class TlsProfiles {

    private TlsProfiles() {
    }

    /**
     * Connector/J encrypting without checking the certificate, as a URL of the test's own: what a connection kind that
     * is not under test is given, so the service gets as far as the kind under test.
     */
    static String unverifiedJdbcUrl(String host, String timeouts) {
        return "jdbc:mysql://" + host + ":" + TlsDatabaseResource.port() + "/${MYSQL_DATABASE}?" + timeouts
                + "&sslMode=REQUIRED";
    }

    static final String CHECK_URL = "quarkus.datasource.check.jdbc.url";
    static final String FLYWAY_URL = "quarkus.datasource.jdbc.url";

    /** Which connection kinds, other than the one under test, get an unverified connection of the test's own. */
    enum Unverified {
        NONE, CHECK, CHECK_AND_FLYWAY
    }

    abstract static class Tls implements QuarkusTestProfile {
        private final Map<String, String> database;
        private final Unverified unverified;

        Tls(String mode, String ca, String host, Unverified unverified) {
            this.database = Map.of("mode", mode, "ca", ca, "host", host);
            this.unverified = unverified;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TlsDatabaseResource.class, database));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            var host = database.get("host");
            var check = unverifiedJdbcUrl(host, "connectTimeout=1000&socketTimeout=2000");
            var flyway = unverifiedJdbcUrl(host, "connectTimeout=1000&socketTimeout=600000");
            return switch (unverified) {
                case NONE -> Map.of();
                case CHECK -> Map.of(CHECK_URL, check);
                case CHECK_AND_FLYWAY -> Map.of(CHECK_URL, check, FLYWAY_URL, flyway);
            };
        }
    }

    private static final String CERTIFIED = TlsDatabaseResource.CERTIFIED_HOST;
    private static final String UNCERTIFIED = TlsDatabaseResource.UNCERTIFIED_HOST;

    public static class RightCaAndHost extends Tls {
        public RightCaAndHost() {
            super("verify-identity", "right", CERTIFIED, Unverified.NONE);
        }
    }

    public static class WrongCa extends Tls {
        public WrongCa() {
            super("verify-identity", "wrong", CERTIFIED, Unverified.NONE);
        }
    }

    public static class WrongCaForFlyway extends Tls {
        public WrongCaForFlyway() {
            super("verify-identity", "wrong", CERTIFIED, Unverified.CHECK);
        }
    }

    public static class WrongCaForReactive extends Tls {
        public WrongCaForReactive() {
            super("verify-identity", "wrong", CERTIFIED, Unverified.CHECK_AND_FLYWAY);
        }
    }

    public static class WrongHost extends Tls {
        public WrongHost() {
            super("verify-identity", "right", UNCERTIFIED, Unverified.NONE);
        }
    }

    public static class WrongHostForFlyway extends Tls {
        public WrongHostForFlyway() {
            super("verify-identity", "right", UNCERTIFIED, Unverified.CHECK);
        }
    }

    public static class WrongHostForReactive extends Tls {
        public WrongHostForReactive() {
            super("verify-identity", "right", UNCERTIFIED, Unverified.CHECK_AND_FLYWAY);
        }
    }

    /** required: encrypted, nothing verified, so a wrong CA and an uncertified host name still connect. */
    public static class RequiredWithWrongCaAndHost extends Tls {
        public RequiredWithWrongCaAndHost() {
            super("required", "wrong", UNCERTIFIED, Unverified.NONE);
        }
    }
}
