package io.myblog.service.problem;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Arrays;

/**
 * JAX-RS answers an unparsable query parameter with 404, as if the resource did not exist. A client that sent
 * {@code size=ten} made a bad request, so integer query parameters fail with {@link InvalidQueryParameter} instead.
 */
@Provider
public class QueryIntegerConverter implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != int.class && rawType != Integer.class) {
            return null;
        }
        var name = Arrays.stream(annotations)
                .filter(QueryParam.class::isInstance)
                .map(a -> ((QueryParam) a).value())
                .findFirst();
        return name.map(n -> (ParamConverter<T>) new ParamConverter<Integer>() {
            @Override
            public Integer fromString(String value) {
                try {
                    return value == null ? null : Integer.valueOf(value.trim());
                } catch (NumberFormatException e) {
                    throw new InvalidQueryParameter(n);
                }
            }

            @Override
            public String toString(Integer value) {
                return String.valueOf(value);
            }
        }).orElse(null);
    }

    /** A query parameter that should have been a whole number. */
    public static class InvalidQueryParameter extends RuntimeException {

        final String name;

        InvalidQueryParameter(String name) {
            super("must be a whole number", null, false, false);
            this.name = name;
        }
    }
}
