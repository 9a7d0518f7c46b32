package app.clearmargin.web;

import app.clearmargin.shared.ApiError;
import app.clearmargin.shared.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reads a request body as a JSON object: 415 for another content type, 400 for malformed or non-object JSON. */
@Component
public class JsonBody {

    private final JsonMapper json;

    JsonBody(JsonMapper json) {
        this.json = json;
    }

    /** The body object; an empty body is refused unless {@code emptyAllowed} (actions), when it reads as {}. */
    public ObjectNode read(HttpServletRequest request, boolean emptyAllowed) {
        byte[] bytes = RequestBody.of(request);
        boolean blank = isBlank(bytes);
        if (!blank || request.getContentType() != null) {
            requireJson(request.getContentType(), blank);
        }
        if (blank) {
            if (emptyAllowed) {
                return json.createObjectNode();
            }
            throw ApiException.badRequest("The request body must be a JSON object.");
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (JacksonException e) {
            throw ApiException.badRequest(
                    "The request body is not valid JSON: " + withoutToken(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    /**
     * The parser's reason without the unquoted text it quotes ({@code Unrecognized token 'sk_live_…'}):
     * an unquoted value may be a secret, and no error message repeats one.
     */
    static String withoutToken(String message) {
        return message.replaceFirst("(?s)^Unrecognized token '.*': was expecting", "Unrecognized token: was expecting");
    }

    private static void requireJson(String contentType, boolean blank) {
        if (contentType == null) {
            if (blank) {
                return;
            }
            throw new ApiException(new ApiError.UnsupportedMediaType("(none)"));
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            boolean json = type.isCompatibleWith(MediaType.APPLICATION_JSON)
                    || ("application".equals(type.getType())
                            && type.getSubtype().endsWith("+json"));
            boolean utf8 = type.getCharset() == null
                    || "UTF-8".equalsIgnoreCase(type.getCharset().name());
            if (json && utf8) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // reported as unsupported below
        }
        throw new ApiException(new ApiError.UnsupportedMediaType(contentType));
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
