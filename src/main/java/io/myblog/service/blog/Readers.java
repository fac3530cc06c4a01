package io.myblog.service.blog;

import io.myblog.service.account.Caller;
import io.myblog.service.database.DatabaseFailures;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Who reads: the signed-in account of a request, if any. Reads are public, so authentication is deferred (proactive
 * authentication is off) and runs only when this is subscribed to: for a draft. Credentials that fail to sign in read
 * as nobody, so a draft is then absent as it is to anyone else; a database that cannot be asked stays a 503.
 */
@ApplicationScoped
class Readers {

    private final CurrentIdentityAssociation identities;

    Readers(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    Uni<Optional<Caller>> current() {
        return identities.getDeferredIdentity()
                .map(identity -> identity.isAnonymous() ? Optional.<Caller>empty() : Optional.of(Caller.of(identity)))
                .onFailure(failure -> failure instanceof AuthenticationFailedException && !DatabaseFailures.isUnavailable(failure))
                .recoverWithItem(Optional.empty());
    }
}
