package io.wattline.http;

import java.util.List;

/** Request validation failed: every problem is listed, answered with 422 in FastAPI's shape. */
public final class ValidationException extends ApiException {
    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(422, "validation", errors.isEmpty() ? "Validation error" : errors.get(0).msg());
        this.errors = List.copyOf(errors);
    }

    public ValidationException(FieldError error) {
        this(List.of(error));
    }

    public List<FieldError> errors() { return errors; }
}
