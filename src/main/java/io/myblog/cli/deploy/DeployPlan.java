package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one deploy will apply, decided before the first write: the manifests, the Secrets (from the env file, else
 * the live ones; MySQL's root password given, kept or generated once), and the preflight of every key the workloads
 * read. Needs the cluster only to read the live Secrets, so a dry run with an env file needs none.
 */
public record DeployPlan(List<HasMetadata> objects, List<String> notes) {

    /** The few reads a plan needs from the cluster; {@link #OFFLINE} when no cluster is contacted. */
    public interface Live {
        Optional<Secret> secret(String name);

        Optional<ConfigMap> configMap(String name);
    }

    public static final Live OFFLINE = new Live() {
        @Override
        public Optional<Secret> secret(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<ConfigMap> configMap(String name) {
            return Optional.empty();
        }
    };

    public static DeployPlan make(Deployer.Request request, String namespace, Console console, Live live) {
        var manifests = DesiredState.withChoices(Manifests.read(Manifests.locate(request.manifests())),
                request.choices());
        var envValues = request.secretEnvFile().map(EnvFile::read);
        if (envValues.isPresent() && !request.allowExampleValues()) {
            DesiredSecrets.refuseExampleValues(request.secretEnvFile().get(), envValues.get());
        }
        // the token signing key: the file's, else the one the cluster has, else a new one
        envValues = envValues.map(values -> TokenKey.completing(values, live.secret(DesiredState.APP),
                request.rotation(), request.started()));
        envValues.ifPresent(console::maskSecrets);
        var appSecret = envValues.map(values -> DesiredSecrets.app(namespace, values));
        var liveAppSecret = appSecret.isPresent() ? Optional.<Secret>empty() : live.secret(DesiredState.APP);
        liveAppSecret.ifPresent(secret -> console.maskSecrets(decoded(secret)));
        if (appSecret.isEmpty() && liveAppSecret.isEmpty() && !request.dryRun()) {
            throw DeployFailure.badInput("Secret " + DesiredState.APP + " does not exist in namespace " + namespace
                    + ": pass --secret-env-file FILE (KEY=value lines, e.g. MYSQL_USER, MYSQL_PASSWD)");
        }
        var liveConfigMap = live.configMap(DesiredState.APP);
        var objects = new ArrayList<>(DesiredState.desiredObjects(manifests, namespace, appSecret, liveAppSecret,
                liveConfigMap, request.image()));
        var notes = new ArrayList<String>();
        var liveRoot = Optional.<Secret>empty();
        if (Preflight.reads(objects, DesiredSecrets.ROOT)
                && objects.stream().noneMatch(o -> o instanceof Secret && o.getMetadata().getName().equals(DesiredSecrets.ROOT))) {
            var given = envValues.map(values -> values.get(DesiredSecrets.ROOT_PASSWORD));
            liveRoot = given.isPresent() ? Optional.empty() : live.secret(DesiredSecrets.ROOT);
            if (given.isPresent()) {
                objects.add(DesiredSecrets.root(namespace, given.get()));
            } else if (liveRoot.isEmpty()) {
                var generated = DesiredSecrets.generatePassword();
                console.maskSecrets(Map.of(DesiredSecrets.ROOT_PASSWORD, generated));
                objects.add(DesiredSecrets.root(namespace, generated));
                notes.add("Secret " + DesiredSecrets.ROOT + ": MySQL's root password generated (32 characters; read it "
                        + "with kubectl -n " + namespace + " get secret " + DesiredSecrets.ROOT + ")");
            } else {
                notes.add("Secret " + namespace + "/" + DesiredSecrets.ROOT + " kept: MySQL's root password is generated once");
            }
        }
        objects.sort(Comparator.comparing(DesiredState::stage));
        objects = new ArrayList<>(BackupJob.placed(MigrationJob.placed(objects, SchemaCatalog.packaged()),
                request.started()));
        var knownRoot = liveRoot;
        var problems = Preflight.problems(objects, (kind, name) -> {
            if (kind.equals("Secret")) {
                var secret = name.equals(DesiredSecrets.ROOT) && knownRoot.isPresent() ? knownRoot
                        : name.equals(DesiredState.APP) && liveAppSecret.isPresent() ? liveAppSecret : live.secret(name);
                return secret.map(Preflight::keys);
            }
            return live.configMap(name).map(Preflight::keys);
        });
        if (!problems.isEmpty()) {
            throw DeployFailure.badInput("preflight: nothing was changed, because " + String.join("; ", problems)
                    + (request.secretEnvFile().isPresent() ? " (add the key to " + request.secretEnvFile().get() + ")" : ""));
        }
        notes.add(connectionBudget(objects, request.mysqlMaxConnections()));
        // after the preflight, so that its sentences name ConfigMap and Secret myblog, the objects people edit
        return new DeployPlan(List.copyOf(ConfigSnapshots.withSnapshots(objects, liveConfigMap,
                appSecret.or(() -> liveAppSecret))), List.copyOf(notes));
    }

    /** The connections the app's pods can open at once; refuses a plan whose pods could exceed the server's limit. */
    private static String connectionBudget(List<HasMetadata> objects, int maxConnections) {
        var budget = ConnectionBudget.ofPackagedSettings();
        int pods = ConnectionBudget.peakPods(objects, DesiredState.APP);
        if (!budget.fits(pods, maxConnections)) {
            throw DeployFailure.badInput("connection budget: nothing was changed, because " + budget.arithmetic(pods,
                    maxConnections) + " is too few: lower the replicas (or the HPA's maximum), or raise MySQL's "
                    + "max_connections and pass it with --mysql-max-connections");
        }
        return "connection budget: " + budget.arithmetic(pods, maxConnections);
    }

    /**
     * The objects as multi-document YAML, for {@code kubectl diff -f -}: Secrets keep their keys, every value is
     * {@value DesiredState#REDACTED} in {@code stringData} (valid for the API, unlike a non-base64 {@code data}).
     */
    public String yaml() {
        var out = new StringBuilder();
        for (var object : objects) {
            var text = Serialization.asYaml(redacted(object));
            out.append(text.startsWith("---") ? "" : "---\n").append(text);
            if (!text.endsWith("\n")) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    static HasMetadata redacted(HasMetadata object) {
        if (!(object instanceof Secret secret)) {
            return object;
        }
        var copy = Serialization.clone(secret);
        var keys = new TreeMap<String, String>();
        Preflight.keys(copy).forEach(key -> keys.put(key, DesiredState.REDACTED));
        copy.setData(null);
        copy.setStringData(keys);
        return copy;
    }

    /** A Secret's values as the pods see them: what the console masks. */
    static Map<String, String> decoded(Secret secret) {
        var values = new HashMap<String, String>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> values.put(key,
                    new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        return values;
    }
}
