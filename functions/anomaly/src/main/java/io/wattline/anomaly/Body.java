package io.wattline.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.http.FieldError;
import io.wattline.http.Json;
import io.wattline.http.Params;
import io.wattline.http.ValidationException;

import java.util.ArrayList;
import java.util.List;

/** Binds a JSON body's fields the way FastAPI does: every problem collected, then one 422 listing them. */
final class Body {
    private final JsonNode root;
    private final List<FieldError> errors = new ArrayList<>();

    Body(String body) {
        this.root = Json.parseBody(body);
        if (!root.isObject()) {
            throw new ValidationException(FieldError.of("model_attributes_type", List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from", root.toString()));
        }
    }

    JsonNode node(String name) {
        JsonNode n = root.get(name);
        return n == null || n.isNull() ? null : n;
    }

    /** A text field through one of {@link Params}'s converters; null (and an error if required) when absent. */
    <T> T field(String name, Params.Converter<T> converter, boolean required) {
        JsonNode n = node(name);
        if (n == null) {
            if (required) errors.add(FieldError.missing("body", name));
            return null;
        }
        if (!n.isTextual()) {
            errors.add(FieldError.of("string_type", List.of("body", name), "Input should be a valid string", n));
            return null;
        }
        try {
            return converter.convert(n.asText());
        } catch (Params.Invalid e) {
            errors.add(FieldError.of(e.type(), List.of("body", name), e.getMessage(), n.asText()));
            return null;
        }
    }

    void reject(FieldError e) {
        errors.add(e);
    }

    void validate() {
        if (!errors.isEmpty()) throw new ValidationException(errors);
    }
}
