package io.wattline.http;

import io.wattline.domain.DomainException;

/**
 * A client-facing error with an HTTP status and a message safe to show. The error style of the
 * API (FastAPI's {@code {"detail": ...}} or Azure's {@code {"code","message"}}) renders it.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String detail) {
        this(status, null, detail);
    }

    /** {@code code} is the machine-readable error code where the API has one (Azure's x-ms-error-code). */
    public ApiException(int status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }
    public String code() { return code; }
    public String detail() { return getMessage(); }

    /** The one mapping from the services' domain errors to HTTP statuses. */
    public static ApiException of(DomainException e) {
        int status = switch (e) {
            case DomainException.NotFound n -> 404;
            case DomainException.InvalidInput i -> 400;
            case DomainException.Conflict c -> 409;
            case DomainException.TooLarge t -> 413;
            case DomainException.Unavailable u -> 503;
        };
        return new ApiException(status, e.getMessage());
    }

    public static ApiException notFound(String detail) { return new ApiException(404, detail); }
    public static ApiException badRequest(String detail) { return new ApiException(400, detail); }
}
