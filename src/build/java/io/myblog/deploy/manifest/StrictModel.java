package io.myblog.deploy.manifest;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads Kubernetes objects with fabric8's typed model strictly: a field the model does not know, at any depth, is an
 * error naming its path. fabric8 keeps unknown fields in each class's {@code additionalProperties} (so a typo would be
 * sent to the API server and, under the default field validation, only warned about); here that catch-all is removed.
 * The model is generated from the Kubernetes OpenAPI of the version the README names.
 */
public final class StrictModel {

    private static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule("strict-kubernetes-model").setDeserializerModifier(
                    new BeanDeserializerModifier() {
                        @Override
                        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config,
                                BeanDescription description, BeanDeserializerBuilder builder) {
                            builder.setAnySetter(null);
                            return builder;
                        }
                    }));

    private StrictModel() {
    }

    /** Every problem of a multi-document YAML text, one line each: empty when every object is valid. */
    public static List<String> problems(String yaml) {
        var problems = new ArrayList<String>();
        int line = 1;
        for (var document : yaml.split("(?m)^---\\s*$")) {
            int start = line;
            if (!document.isBlank()) {
                problem(document).ifPresent(p -> problems.add("document at line " + start + ": " + p));
            }
            line += document.split("\n", -1).length;
        }
        return problems;
    }

    /** What is wrong with one YAML document holding one object, if anything. */
    public static Optional<String> problem(String document) {
        Object typed;
        try {
            typed = Serialization.unmarshal(document);
        } catch (RuntimeException e) {
            return Optional.of("not a Kubernetes object: " + firstLine(e.getMessage()));
        }
        if (!(typed instanceof HasMetadata object)) {
            return Optional.of("not a Kubernetes object");
        }
        var name = object.getKind() + "/" + (object.getMetadata() == null ? "?" : object.getMetadata().getName());
        if (object instanceof GenericKubernetesResource) {
            return Optional.of(name + ": apiVersion " + object.getApiVersion() + " kind " + object.getKind()
                    + " is not a Kubernetes API type");
        }
        try {
            STRICT.readValue(document, object.getClass());
            return Optional.empty();
        } catch (UnrecognizedPropertyException e) {
            var path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return Optional.of(name + ": unknown field " + path + " (" + simpleName(e.getReferringClass())
                    + " has no field \"" + e.getPropertyName() + "\")");
        } catch (IOException e) {
            return Optional.of(name + ": " + firstLine(e.getMessage()));
        }
    }

    private static String simpleName(Class<?> type) {
        return type == null ? "the object" : type.getSimpleName();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
