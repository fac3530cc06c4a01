package io.myblog.service.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token from the Authorization header, to be checked by {@link TokenIdentityProvider}. */
public class TokenRequest extends BaseAuthenticationRequest {

    private final String token;

    TokenRequest(String token) {
        this.token = token;
    }

    String token() {
        return token;
    }
}
