package io.wattline.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How an API spells its errors. Each route names its style; nothing else formats an error body. */
public interface ErrorStyle {

    ApiResponse render(ApiException error);

    /** The 500 answer: a request id to quote, never a stack trace. */
    ApiResponse internal(String requestId);

    /** The answer to a request without a valid key. */
    default ApiException unauthorized() {
        return new ApiException(401, "401", "Invalid or missing API key");
    }

    /** The answer to a path no route serves. */
    default ApiException notFound() {
        return new ApiException(404, "Not Found");
    }

    /** FastAPI's shape, used by {@code /api/v1/*} and {@code /system/*}. */
    ErrorStyle FASTAPI = new ErrorStyle() {
        @Override
        public ApiResponse render(ApiException error) {
            if (error instanceof ValidationException v) {
                return ApiResponse.json(422, Json.PLAIN, Map.of("detail", v.errors()));
            }
            return ApiResponse.json(error.status(), Json.PLAIN, Map.of("detail", error.detail()));
        }

        @Override
        public ApiResponse internal(String requestId) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("detail", "Internal Server Error");
            body.put("request_id", requestId);
            return ApiResponse.json(500, Json.PLAIN, body);
        }
    };

    /**
     * Azure Cognitive Services' shape: {@code {"code","message"}} and the {@code x-ms-error-code} header; what Azure's
     * gateway refused before its detector saw the request (a key that is missing or wrong, 401; a key without the
     * right, 403; a path it does not serve, 404; a quota spent, 429) in the gateway's envelope, {@code {"error":{"code","message"}}}.
     */
    ErrorStyle AZURE = new ErrorStyle() {
        /** Azure AI Anomaly Detector's own words, which its SDKs' users search for. */
        @Override
        public ApiException unauthorized() {
            return new ApiException(401, "401", "Access denied due to invalid subscription key or wrong API endpoint."
                    + " Make sure to provide a valid key for an active subscription and use a correct regional API"
                    + " endpoint for your resource.");
        }

        /** An unknown path (another operation or version) never reached the detector: Azure's gateway answered it. */
        @Override
        public ApiException notFound() {
            return new ApiException(404, "404", "Resource not found");
        }

        @Override
        public ApiResponse render(ApiException error) {
            String code = error.code() != null && !"validation".equals(error.code()) ? error.code() : "BadArgument";
            String message = error instanceof ValidationException v ? summary(v.errors()) : error.detail();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", code);
            body.put("message", message);
            int status = error instanceof ValidationException ? 400 : error.status();
            // refused keys, spent quotas and unknown paths never reached Azure's detector: its gateway answered, wrapped
            // in "error"
            boolean gateway = status == 401 || status == 403 || status == 404 || status == 429;
            Object answered = gateway ? Map.of("error", body) : body;
            return ApiResponse.json(status, Json.PLAIN, answered).withHeader("x-ms-error-code", code);
        }

        @Override
        public ApiResponse internal(String requestId) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", "InternalServerError");
            body.put("message", "Internal error, request id " + requestId);
            return ApiResponse.json(500, Json.PLAIN, body).withHeader("x-ms-error-code", "InternalServerError");
        }

        private static String summary(List<FieldError> errors) {
            return errors.isEmpty() ? "Bad argument." : errors.get(0).msg();
        }
    };
}
