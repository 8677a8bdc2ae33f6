package io.wattline.http;

import java.util.ArrayList;
import java.util.List;

/**
 * A 422 listing what is wrong with a request, at most {@value #MAX_ERRORS} errors (a batch's bad rows by index; and one
 * more saying how many were
 * left out), each with its echoed input and location shortened to {@value #MAX_TEXT} characters and its message to
 * {@value #MAX_MESSAGE} (a message lists what is allowed, which may be long): under 1 MB in all, where a 1 MB body of
 * 100,000 unknown inputs answered 20 MB of errors, past what Lambda returns (6 MB), so a read key could make the API
 * answer 5xx.
 */
public final class ValidationException extends ApiException {
    static final int MAX_ERRORS = 1_000, MAX_TEXT = 100, MAX_MESSAGE = 400;
    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(422, "validation", errors.isEmpty() ? "Validation error" : shorten(errors.get(0).msg(), MAX_MESSAGE));
        this.errors = capped(errors);
    }

    public ValidationException(FieldError error) {
        this(List.of(error));
    }

    public List<FieldError> errors() { return errors; }

    private static List<FieldError> capped(List<FieldError> errors) {
        List<FieldError> out = new ArrayList<>(Math.min(errors.size(), MAX_ERRORS + 1));
        for (FieldError e : errors.subList(0, Math.min(errors.size(), MAX_ERRORS))) {
            List<Object> loc = e.loc() == null ? null
                    : e.loc().stream().map(l -> l instanceof String s ? (Object) shorten(s, MAX_TEXT) : l).toList();
            Object input = e.input() instanceof String s ? shorten(s, MAX_TEXT) : e.input();
            out.add(new FieldError(e.type(), loc, shorten(e.msg(), MAX_MESSAGE), input));
        }
        if (errors.size() > MAX_ERRORS) {
            out.add(new FieldError("too_many_errors", List.of(), (errors.size() - MAX_ERRORS) + " more errors not listed", null));
        }
        return List.copyOf(out);
    }

    private static String shorten(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
