package io.myblog.service.auth;

import java.util.ArrayList;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;

/**
 * Says for every operation of the API document what it needs: where Quarkus requires Basic, the session token is
 * offered as the alternative it is (auto-add-security-requirement names one scheme only); every other operation is
 * public, which an empty list says (a missing one reads as "not yet decided" to linters such as Redocly's).
 */
public class OperationSecurity implements OASFilter {

    static final String BASIC = "basic";
    static final String TOKEN = "token";

    @Override
    public Operation filterOperation(Operation operation) {
        var security = operation.getSecurity();
        if (security == null || security.isEmpty()) {
            operation.setSecurity(new ArrayList<>());
        } else if (security.stream().anyMatch(requirement -> requirement.hasScheme(BASIC))
                && security.stream().noneMatch(requirement -> requirement.hasScheme(TOKEN))) {
            var alternatives = new ArrayList<>(security);
            alternatives.add(OASFactory.createSecurityRequirement().addScheme(TOKEN));
            operation.setSecurity(alternatives);
        }
        return operation;
    }
}
