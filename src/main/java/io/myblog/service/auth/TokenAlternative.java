package io.myblog.service.auth;

import java.util.ArrayList;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;

/**
 * Where the API document says an operation needs Basic, it offers the session token as the alternative it is. Quarkus
 * adds a requirement to every operation that needs an account (auto-add-security-requirement), but of one scheme only.
 */
public class TokenAlternative implements OASFilter {

    static final String BASIC = "basic";
    static final String TOKEN = "token";

    @Override
    public Operation filterOperation(Operation operation) {
        var security = operation.getSecurity();
        if (security != null && security.stream().anyMatch(requirement -> requirement.hasScheme(BASIC))
                && security.stream().noneMatch(requirement -> requirement.hasScheme(TOKEN))) {
            var alternatives = new ArrayList<>(security);
            alternatives.add(OASFactory.createSecurityRequirement().addScheme(TOKEN));
            operation.setSecurity(alternatives);
        }
        return operation;
    }
}
