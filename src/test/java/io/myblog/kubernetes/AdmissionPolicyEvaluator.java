package io.myblog.kubernetes;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a ValidatingAdmissionPolicy's CEL as the API server does for one UPDATE (the mock API server evaluates
 * none): {@code object}, {@code oldObject}, {@code request.userInfo.username}; match conditions first, then the
 * variables, then every validation. Objects are their JSON, integers as CEL's int (Java long).
 */
public final class AdmissionPolicyEvaluator {

    /** What admission answers: whether the policy applied, and the messages of the validations that failed. */
    public record Verdict(boolean matched, List<String> refusals) {

        boolean allowed() {
            return refusals.isEmpty();
        }
    }

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("object", SimpleType.DYN).addVar("oldObject", SimpleType.DYN)
            .addVar("request", SimpleType.DYN).addVar("variables", SimpleType.DYN)
            .build();

    private AdmissionPolicyEvaluator() {
    }

    public static Verdict update(ValidatingAdmissionPolicy policy, HasMetadata before, HasMetadata after, String username) {
        var input = new HashMap<String, Object>();
        input.put("object", json(after));
        input.put("oldObject", json(before));
        input.put("request", Map.of("userInfo", Map.of("username", username), "operation", "UPDATE"));
        input.put("variables", Map.of());
        var spec = policy.getSpec();
        for (var condition : spec.getMatchConditions()) {
            if (!Boolean.TRUE.equals(eval(condition.getExpression(), input))) {
                return new Verdict(false, List.of());
            }
        }
        var variables = new LinkedHashMap<String, Object>();
        for (var variable : spec.getVariables()) {
            input.put("variables", Map.copyOf(variables));
            variables.put(variable.getName(), eval(variable.getExpression(), input));
        }
        input.put("variables", Map.copyOf(variables));
        var refusals = new ArrayList<String>();
        for (var validation : spec.getValidations()) {
            if (!Boolean.TRUE.equals(eval(validation.getExpression(), input))) {
                refusals.add(validation.getMessage());
            }
        }
        return new Verdict(true, refusals);
    }

    private static Object eval(String expression, Map<String, Object> input) {
        try {
            var ast = CEL.compile(expression).getAst();
            return CEL.createProgram(ast).eval(input);
        } catch (Exception e) {
            throw new IllegalStateException("CEL " + expression + ": " + e.getMessage(), e);
        }
    }

    private static Object json(HasMetadata object) {
        return longs(Serialization.jsonMapper().convertValue(object, Map.class));
    }

    /** JSON numbers as CEL ints: the API server's int64. */
    private static Object longs(Object value) {
        if (value instanceof Map<?, ?> map) {
            var copy = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> copy.put((String) k, longs(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(AdmissionPolicyEvaluator::longs).toList();
        }
        if (value instanceof Integer number) {
            return number.longValue();
        }
        return value;
    }
}
