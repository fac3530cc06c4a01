package io.myblog.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The hash of the configuration a pod template consumes: ConfigMap and Secret entries it reads through env, envFrom or
 * volumes. Carried as the pod-template annotation {@value #ANNOTATION}, so a change of value rolls the pods and an
 * unchanged configuration leaves the template, and the pods, alone. Pure: no client, no clock.
 */
public final class ConfigHash {

    public static final String ANNOTATION = "myblog/config-hash";
    private static final String ALL_KEYS = "*";

    private ConfigHash() {
    }

    /** Hash of what {@code podSpec} reads from these objects; either may be null (absent). */
    public static String of(PodSpec podSpec, ConfigMap configMap, Secret secret) {
        var entries = new TreeMap<String, String>();
        if (configMap != null) {
            var consumed = consumedKeys(podSpec, "ConfigMap", configMap.getMetadata().getName());
            put(entries, "ConfigMap/" + configMap.getMetadata().getName() + "/", consumed, configMap.getData());
        }
        if (secret != null) {
            var consumed = consumedKeys(podSpec, "Secret", secret.getMetadata().getName());
            put(entries, "Secret/" + secret.getMetadata().getName() + "/", consumed, secretValues(secret));
        }
        return hash(entries);
    }

    /** SHA-256 over the entries sorted by key, first 16 hex digits: stable whatever the order the data came in. */
    public static String hash(Map<String, String> entries) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(entries).forEach((key, value) -> {
                digest.update(key.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The keys of {@code kind/name} the pod reads; {@value #ALL_KEYS} when it reads them all (envFrom, volume). */
    static Set<String> consumedKeys(PodSpec podSpec, String kind, String name) {
        var keys = new TreeSet<String>();
        if (podSpec == null) {
            return keys;
        }
        var containers = Stream.concat(podSpec.getInitContainers().stream(), podSpec.getContainers().stream()).toList();
        for (var container : containers) {
            for (var envFrom : container.getEnvFrom()) {
                if (kind.equals("ConfigMap") && envFrom.getConfigMapRef() != null
                        && name.equals(envFrom.getConfigMapRef().getName())
                        || kind.equals("Secret") && envFrom.getSecretRef() != null
                        && name.equals(envFrom.getSecretRef().getName())) {
                    keys.add(ALL_KEYS);
                }
            }
            for (var env : container.getEnv()) {
                var from = env.getValueFrom();
                if (from == null) {
                    continue;
                }
                if (kind.equals("ConfigMap") && from.getConfigMapKeyRef() != null
                        && name.equals(from.getConfigMapKeyRef().getName())) {
                    keys.add(from.getConfigMapKeyRef().getKey());
                }
                if (kind.equals("Secret") && from.getSecretKeyRef() != null
                        && name.equals(from.getSecretKeyRef().getName())) {
                    keys.add(from.getSecretKeyRef().getKey());
                }
            }
        }
        for (var volume : podSpec.getVolumes()) {
            if (kind.equals("ConfigMap") && volume.getConfigMap() != null && name.equals(volume.getConfigMap().getName())
                    || kind.equals("Secret") && volume.getSecret() != null
                    && name.equals(volume.getSecret().getSecretName())) {
                keys.add(ALL_KEYS);
            }
        }
        return keys;
    }

    private static void put(Map<String, String> entries, String prefix, Set<String> consumed, Map<String, String> data) {
        if (data == null || consumed.isEmpty()) {
            return;
        }
        data.forEach((key, value) -> {
            if (consumed.contains(ALL_KEYS) || consumed.contains(key)) {
                entries.put(prefix + key, value);
            }
        });
    }

    /** Decoded values: {@code data} is base64, {@code stringData} (write-only) wins as the API server merges it. */
    private static Map<String, String> secretValues(Secret secret) {
        var values = new TreeMap<String, String>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) ->
                    values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }
}
