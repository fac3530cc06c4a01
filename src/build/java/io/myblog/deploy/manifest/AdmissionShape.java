package io.myblog.deploy.manifest;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.VariableBuilder;
import io.myblog.cli.deploy.shape.StackShape;
import io.myblog.shared.ChangeCause;
import io.myblog.shared.ConfigHash;
import io.myblog.shared.ConfigHash.Source;
import io.myblog.shared.ConfigSnapshot;
import io.myblog.shared.ReloadStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, Kubernetes 1.30+) and its binding: the controller's
 * ServiceAccount may change nothing in Deployment {@value CompleteManifests#APP} but the template's config hash, its
 * references to the config snapshots and the watcher's status annotations, whatever its Role allows
 * (https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/). Cluster-scoped, so it is a
 * build option ({@code myblog.kubernetes.admission-policy}): creating it needs cluster rights, and it names one
 * namespace.
 */
public final class AdmissionShape {

    /** The only template annotation the controller may change. */
    public static final String TEMPLATE_ANNOTATION = ConfigHash.ANNOTATION;
    /** The Deployment annotations the controller may write: its status and the change cause of a restart. */
    public static final List<String> DEPLOYMENT_ANNOTATIONS = List.of(ReloadStatus.STATE, ReloadStatus.DETAIL,
            ReloadStatus.LAST_RESTART, ReloadStatus.REPORTER, ChangeCause.ANNOTATION, ChangeCause.CHANGED_AT);
    /** The scalar fields of a DeploymentSpec with the API server's defaults (an absent field reads as its default). */
    static final Map<String, String> SPEC_SCALARS = new TreeMap<>(Map.of("replicas", "1", "minReadySeconds", "0",
            "revisionHistoryLimit", "10", "paused", "false", "progressDeadlineSeconds", "600"));

    private AdmissionShape() {
    }

    public static String name(String namespace) {
        return ControllerShape.NAME + "-" + namespace;
    }

    public static ValidatingAdmissionPolicy policy(String namespace) {
        return new ValidatingAdmissionPolicyBuilder()
                .withNewMetadata().withName(name(namespace)).endMetadata()
                .withNewSpec()
                    .withFailurePolicy("Fail")
                    .withNewMatchConstraints().addNewResourceRule().withApiGroups("apps").withApiVersions("v1")
                        .withOperations("UPDATE").withResources("deployments").withResourceNames(CompleteManifests.APP)
                        .endResourceRule().endMatchConstraints()
                    .addNewMatchCondition().withName("controller-service-account")
                        .withExpression("request.userInfo.username == 'system:serviceaccount:" + namespace + ":"
                                + ControllerShape.SERVICE_ACCOUNT + "'").endMatchCondition()
                    .withVariables(
                        new VariableBuilder().withName("oldTemplateAnnotations").withExpression(
                                orEmpty("oldObject.spec.template.metadata.annotations")).build(),
                        new VariableBuilder().withName("newTemplateAnnotations").withExpression(
                                orEmpty("object.spec.template.metadata.annotations")).build(),
                        new VariableBuilder().withName("oldAnnotations").withExpression(
                                orEmpty("oldObject.metadata.annotations")).build(),
                        new VariableBuilder().withName("newAnnotations").withExpression(
                                orEmpty("object.metadata.annotations")).build())
                    .withValidations(validations())
                .endSpec()
                .build();
    }

    public static ValidatingAdmissionPolicyBinding binding(String namespace) {
        return new ValidatingAdmissionPolicyBindingBuilder()
                .withNewMetadata().withName(name(namespace)).endMetadata()
                .withNewSpec().withPolicyName(name(namespace)).withValidationActions("Deny")
                    .withNewMatchResources().withNewNamespaceSelector()
                        .addToMatchLabels(StackShape.NAMESPACE_NAME_LABEL, namespace).endNamespaceSelector()
                    .endMatchResources()
                .endSpec()
                .build();
    }

    static List<Validation> validations() {
        // Every field of a DeploymentSpec but the template: the two objects, and the scalars with their defaults.
        var spec = Stream.concat(Stream.of("object.spec.selector == oldObject.spec.selector",
                        "object.spec.strategy == oldObject.spec.strategy"),
                SPEC_SCALARS.entrySet().stream().map(f -> orDefault("object.spec." + f.getKey(), f.getValue()) + " == "
                        + orDefault("oldObject.spec." + f.getKey(), f.getValue())))
                .collect(Collectors.joining(" && "));
        var allowed = DEPLOYMENT_ANNOTATIONS.stream().map(a -> "'" + a + "'").collect(Collectors.joining(", ", "[", "]"));
        return Stream.of(
                validation(new SnapshotRefs().podSpec(),
                        "the controller may not change the pod spec (image, service account, volumes, containers) but "
                                + "point its references and volumes of ConfigMap and Secret " + CompleteManifests.APP
                                + " at their snapshots"),
                validation(spec, "the controller may not change the Deployment's spec outside the pod template"),
                validation(orEmpty("object.spec.template.metadata.labels") + " == "
                        + orEmpty("oldObject.spec.template.metadata.labels"), "the controller may not change the pod labels"),
                validation(onlyChanged("TemplateAnnotations", "['" + TEMPLATE_ANNOTATION + "']"),
                        "the controller may change no template annotation but " + TEMPLATE_ANNOTATION),
                validation(onlyChanged("Annotations", allowed),
                        "the controller may change no Deployment annotation but its status and the change cause"),
                validation(orEmpty("object.metadata.labels") + " == " + orEmpty("oldObject.metadata.labels"),
                        "the controller may not change the Deployment's labels"))
                .toList();
    }

    /**
     * The pod spec may differ only in the names of env/envFrom references and of secret/configMap volumes (the
     * database CA) that read ConfigMap or Secret myblog (or a snapshot of it) and now read a snapshot of the same kind
     * ({@link ConfigSnapshot}): never another object, such as Secret mysql-root, nor other items or paths. Containers,
     * env entries and volumes are matched by name (the API server keeps container and volume names unique), as CEL
     * before Kubernetes 1.33 has no indexed comprehension.
     */
    static final class SnapshotRefs {

        private static final String CONFIG_MAP = ConfigSnapshot.namePattern(CompleteManifests.APP, Source.CONFIG_MAP);
        private static final String SECRET = ConfigSnapshot.namePattern(CompleteManifests.APP, Source.SECRET);
        /** Distinct comprehension variables, so that no nested macro shadows another; deterministic per build. */
        private int variables;

        String podSpec() {
            var now = "object.spec.template.spec";
            var old = "oldObject.spec.template.spec";
            return exceptEqual(now, old, "['containers', 'initContainers', 'volumes']")
                    + " && " + containers(orList(now + ".containers"), orList(old + ".containers"))
                    + " && " + containers(orList(now + ".initContainers"), orList(old + ".initContainers"))
                    + " && " + volumes(orList(now + ".volumes"), orList(old + ".volumes"));
        }

        private String volumes(String now, String old) {
            var v = variable();
            var w = variable();
            return "size(" + now + ") == size(" + old + ") && " + now + ".all(" + v + ", " + old + ".exists(" + w + ", "
                    + w + ".name == " + v + ".name && (" + v + " == " + w + " || "
                    + swapped(v, w, "secret", "secretName", SECRET) + " || "
                    + swapped(v, w, "configMap", "name", CONFIG_MAP) + ")))";
        }

        private String containers(String now, String old) {
            var c = variable();
            var o = variable();
            return "size(" + now + ") == size(" + old + ") && " + now + ".all(" + c + ", " + old + ".exists(" + o + ", "
                    + o + ".name == " + c + ".name && " + exceptEqual(c, o, "['env', 'envFrom']")
                    + " && " + matched(orList(c + ".env"), orList(o + ".env"), this::env)
                    + " && " + matched(orList(c + ".envFrom"), orList(o + ".envFrom"), this::envFrom) + "))";
        }

        /** Same size, and every entry on each side has an equal or allowed counterpart on the other. */
        private String matched(String now, String old, java.util.function.BinaryOperator<String> allowed) {
            var e = variable();
            var p = variable();
            var f = variable();
            var q = variable();
            return "size(" + now + ") == size(" + old + ") && " + now + ".all(" + e + ", " + old + ".exists(" + p + ", "
                    + e + " == " + p + " || " + allowed.apply(e, p) + ")) && " + old + ".all(" + q + ", " + now
                    + ".exists(" + f + ", " + f + " == " + q + " || " + allowed.apply(f, q) + "))";
        }

        private String env(String now, String old) {
            return "(" + now + ".name == " + old + ".name && has(" + now + ".valueFrom) && has(" + old + ".valueFrom) && "
                    + exceptEqual(now, old, "['valueFrom']") + " && ("
                    + swapped(now + ".valueFrom", old + ".valueFrom", "configMapKeyRef", "name", CONFIG_MAP) + " || "
                    + swapped(now + ".valueFrom", old + ".valueFrom", "secretKeyRef", "name", SECRET) + "))";
        }

        private String envFrom(String now, String old) {
            return "(" + swapped(now, old, "configMapRef", "name", CONFIG_MAP) + " || "
                    + swapped(now, old, "secretRef", "name", SECRET)
                    + ")";
        }

        /** {@code field} differs only in its {@code name}, which was myblog or a snapshot and is now a snapshot. */
        private String swapped(String now, String old, String field, String name, String pattern) {
            var a = now + "." + field;
            var b = old + "." + field;
            return "(has(" + a + ") && has(" + b + ") && " + exceptEqual(now, old, "['" + field + "']") + " && "
                    + exceptEqual(a, b, "['" + name + "']") + " && " + a + "." + name + ".matches('" + pattern + "') && ("
                    + b + "." + name + " == '" + CompleteManifests.APP + "' || " + b + "." + name + ".matches('" + pattern
                    + "')))";
        }

        /** The two maps are equal but for {@code keys}. */
        private String exceptEqual(String now, String old, String keys) {
            var k = variable();
            var j = variable();
            return "(" + now + ".all(" + k + ", " + k + " in " + keys + " || (" + k + " in " + old + " && " + old + "["
                    + k + "] == " + now + "[" + k + "])) && " + old + ".all(" + j + ", " + j + " in " + keys + " || " + j
                    + " in " + now + "))";
        }

        private String variable() {
            return "v" + variables++;
        }

        private static String orList(String field) {
            return orDefault(field, "[]");
        }
    }

    private static String onlyChanged(String variable, String allowed) {
        var old = "variables.old" + variable;
        var now = "variables.new" + variable;
        return now + ".all(k, k in " + allowed + " || (k in " + old + " && " + old + "[k] == " + now + "[k]))"
                + " && " + old + ".all(k, k in " + allowed + " || k in " + now + ")";
    }

    private static String orEmpty(String field) {
        return orDefault(field, "{}");
    }

    private static String orDefault(String field, String value) {
        return "(has(" + field + ") ? " + field + " : " + value + ")";
    }

    private static Validation validation(String expression, String message) {
        return new ValidationBuilder().withExpression(expression).withMessage(message).build();
    }
}
