package io.myblog.controller;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;

/**
 * Exactly the Role rules the config watcher needs: {@link ReloadRbacTest} compares them with the requests it sends,
 * the manifest test with the generated Role. Test code, since nothing in the service reads them.
 * list/watch can be limited to one name because the informers select it with {@code fieldSelector=metadata.name}
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources); create cannot, so the
 * config snapshots' create is granted for any name (the admission policy limits what the Deployment may read).
 */
public final class ReloadRbac {

    private ReloadRbac() {
    }

    public static List<PolicyRule> rules(String name, String leaseName) {
        return List.of(
                rule("", "configmaps", List.of(name), "list", "watch"),
                rule("", "secrets", List.of(name), "list", "watch"),
                rule("", "configmaps", List.of(), "create"),
                rule("", "secrets", List.of(), "create"),
                rule("apps", "deployments", List.of(name), "get", "patch"),
                rule("coordination.k8s.io", "leases", List.of(leaseName), "get", "patch"),
                rule("coordination.k8s.io", "leases", List.of(), "create"),
                rule("", "events", List.of(), "create"));
    }

    private static PolicyRule rule(String group, String resource, List<String> names, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withResourceNames(names)
                .withVerbs(verbs).build();
    }
}
