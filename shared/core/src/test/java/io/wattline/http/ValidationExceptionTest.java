package io.wattline.http;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ValidationExceptionTest {
    /** 100,000 unknown inputs in a 1 MB body answered 20 MB of errors (a 5xx on AWS): the list is capped, texts shortened. */
    @Test
    void errorsAreCappedAndTheirTextsShortened() {
        List<FieldError> many = new ArrayList<>();
        String longName = "k".repeat(5_000);
        for (int i = 0; i < ValidationException.MAX_ERRORS + 70; i++) {
            many.add(FieldError.of("extra_forbidden", List.of("body", "inputs", longName + i), "Unknown input " + longName, longName));
        }
        ValidationException e = new ValidationException(many);
        assertEquals(ValidationException.MAX_ERRORS + 1, e.errors().size());
        assertEquals("70 more errors not listed", e.errors().getLast().msg());
        FieldError first = e.errors().getFirst();
        assertEquals(ValidationException.MAX_TEXT + 1, ((String) first.input()).length(), "200 characters and an ellipsis");
        assertEquals(ValidationException.MAX_TEXT + 1, ((String) first.loc().get(2)).length());
        assertEquals(ValidationException.MAX_MESSAGE + 1, first.msg().length());
        assertEquals("body", first.loc().get(0));
        String body = ErrorStyle.FASTAPI.render(e).body();
        assertEquals(true, body.length() < 1_000_000, "the answer stays under 1 MB: " + body.length());
        // a short list is as it was
        FieldError one = FieldError.of("missing", List.of("body", "x"), "Field required", null);
        assertEquals(List.of(one), new ValidationException(one).errors());
    }
}
