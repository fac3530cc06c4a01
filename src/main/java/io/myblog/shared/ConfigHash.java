package io.myblog.shared;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;

/**
 * The hash of the configuration a Deployment's pods consume: SHA-256 (hex) over the consumed keys of ConfigMap and
 * Secret {@code myblog}, sorted, so key order does not matter and keys no container reads do not count. Secret values
 * are hashed decoded (what the container sees), so two spellings of the same base64 give the same hash.
 */
public final class ConfigHash {

    /** Pod-template annotation carrying the hash the running pods were started with. */
    public static final String ANNOTATION = "myblog/config-hash";

    private static final int ABSENT = -1;

    /** Where a consumed key lives. */
    public enum Source { CONFIG_MAP, SECRET }

    /** One key the Deployment reads from the ConfigMap or the Secret. */
    public record Key(Source source, String name) {
        public static Key configMap(String name) {
            return new Key(Source.CONFIG_MAP, name);
        }

        public static Key secret(String name) {
            return new Key(Source.SECRET, name);
        }

        @Override
        public String toString() {
            return (source == Source.CONFIG_MAP ? "ConfigMap" : "Secret") + " key " + name;
        }
    }

    private ConfigHash() {
    }

    /**
     * @param configMapData the ConfigMap's {@code data}, plain text
     * @param secretData    the Secret's {@code data} as the API returns it, base64-encoded
     * @param consumedKeys  the keys the Deployment's containers read; an absent key hashes differently from an empty one
     */
    public static String of(Map<String, String> configMapData, Map<String, String> secretData, Collection<Key> consumedKeys) {
        var digest = sha256();
        consumedKeys.stream().distinct()
                .sorted(Comparator.comparing(Key::source).thenComparing(Key::name))
                .forEach(key -> {
                    field(digest, key.source().name().getBytes(StandardCharsets.UTF_8));
                    field(digest, key.name().getBytes(StandardCharsets.UTF_8));
                    field(digest, valueOf(key, configMapData, secretData));
                });
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Length-prefixed, so no value can pass for a neighbouring field; an absent value has length -1. */
    private static void field(MessageDigest digest, byte[] bytes) {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes == null ? ABSENT : bytes.length).array());
        if (bytes != null) {
            digest.update(bytes);
        }
    }

    private static byte[] valueOf(Key key, Map<String, String> configMapData, Map<String, String> secretData) {
        if (key.source() == Source.CONFIG_MAP) {
            var value = configMapData == null ? null : configMapData.get(key.name());
            return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        }
        var encoded = secretData == null ? null : secretData.get(key.name());
        return encoded == null ? null : decode(encoded);
    }

    private static byte[] decode(String encoded) {
        try {
            return Base64.getMimeDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            // The API server never returns this; hashing the raw text still tells a change from no change.
            return encoded.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
