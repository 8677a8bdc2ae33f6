package io.wattline.domain;

/**
 * What a service says went wrong, in the domain's terms; the HTTP layer turns it into the route's error
 * shape (FastAPI's or Azure's) in one place ({@code io.wattline.http.ApiException#of}). Messages are
 * safe to show to the caller.
 */
public abstract sealed class DomainException extends RuntimeException {
    protected DomainException(String message) {
        super(message, null, false, false);
    }

    /** The thing asked for does not exist (or holds no data for the period). */
    public static final class NotFound extends DomainException {
        /** The EnMS seed's common messages, word for word. */
        public static final String MACHINE = "Machine not found", NO_DATA = "No data available for this period",
                NOT_TRAINED = "Model not trained";

        public NotFound(String message) { super(message); }

        public static NotFound machine() { return new NotFound(MACHINE); }

        public static NotFound noData() { return new NotFound(NO_DATA); }

        public static NotFound notTrained() { return new NotFound(NOT_TRAINED); }
    }

    /** The request is understood but refused: a value or a state transition this resource does not allow. */
    public static final class InvalidInput extends DomainException {
        public InvalidInput(String message) { super(message); }
    }

    /** Other requests changed the resource at the same time; the caller may retry. */
    public static final class Conflict extends DomainException {
        public Conflict(String message) { super(message); }
    }

    /** The request asks for more work or data than one request may (a batch, a body, a range). */
    public static final class TooLarge extends DomainException {
        private final boolean nothingStored;

        /** Refused before anything of the request was stored. */
        public TooLarge(String message) { this(message, true); }

        /** {@code nothingStored} false: refused part way, after some of the request was stored. */
        public TooLarge(String message, boolean nothingStored) {
            super(message);
            this.nothingStored = nothingStored;
        }

        public boolean nothingStored() { return nothingStored; }
    }

    /** A dependency could not do its part just now; the caller may retry. */
    public static final class Unavailable extends DomainException {
        public Unavailable(String message) { super(message); }
    }
}
