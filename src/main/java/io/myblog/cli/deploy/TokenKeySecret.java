package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Optional;

/**
 * Brings the token key ({@link TokenKey}) of the live Secret {@value DesiredState#APP} up to date before a deploy
 * that has no env file: added when missing, rotated when asked. A JSON merge patch, since the Secret's other
 * entries are the user's and stay as they are.
 */
final class TokenKeySecret {

    private final Cluster cluster;
    private final Console console;

    TokenKeySecret(Cluster cluster, Console console) {
        this.cluster = cluster;
        this.console = console;
    }

    void update(Secret live, Optional<TokenKey.Rotation> rotation) {
        if (rotation.isPresent()) {
            rotate(live, rotation.get());
        } else if (TokenKey.missingIn(live)) {
            add();
        }
    }

    private void add() {
        cluster.call("patch", "secrets/" + DesiredState.APP, () -> cluster.client().secrets()
                .inNamespace(cluster.namespace()).withName(DesiredState.APP)
                .patch(PatchContext.of(PatchType.JSON_MERGE), TokenKey.addPatch()));
        console.line("Secret " + cluster.namespace() + "/" + DesiredState.APP + ": " + TokenKey.KEY + " created");
    }

    /** The controller's restart then brings the new key to the pods (README). */
    private void rotate(Secret live, TokenKey.Rotation rotation) {
        cluster.call("patch", "secrets/" + DesiredState.APP, () -> cluster.client().secrets()
                .inNamespace(cluster.namespace()).withName(DesiredState.APP)
                .patch(PatchContext.of(PatchType.JSON_MERGE), TokenKey.rotatePatch(live, rotation)));
        console.line("Secret " + cluster.namespace() + "/" + DesiredState.APP + ": " + TokenKey.KEY
                + " rotated; the previous key is accepted until " + rotation.previousUntil());
    }
}
