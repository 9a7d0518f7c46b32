package app.clearmargin.sdk;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A relationship: an id at depth 0, the related document at depth ≥ 1 (or when the related
 * document is missing, the id again). {@link #as(Class)} reads the populated document as a model.
 */
@JsonDeserialize(using = Ref.Deserializer.class)
@JsonSerialize(using = Ref.Serializer.class)
public record Ref(String id, @Nullable JsonNode doc) {

    private static final ObjectMapper MAPPER = Json.mapper();

    public static Ref of(String id) {
        return new Ref(id, null);
    }

    /** Whether the related document was populated (depth ≥ 1 and the document exists). */
    public boolean isPopulated() {
        return doc != null;
    }

    /** The populated document as {@code type}, empty at depth 0. */
    public <T> Optional<T> as(Class<T> type) {
        if (doc == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.treeToValue(doc, type));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + id + " as " + type.getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return id;
    }

    static final class Deserializer extends StdDeserializer<Ref> {
        private static final long serialVersionUID = 1L;

        Deserializer() {
            super(Ref.class);
        }

        @Override
        public Ref deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = p.readValueAsTree();
            if (n.isTextual()) {
                return new Ref(n.asText(), null);
            }
            return new Ref(n.path("id").asText(), n);
        }
    }

    static final class Serializer extends StdSerializer<Ref> {
        private static final long serialVersionUID = 1L;

        Serializer() {
            super(Ref.class);
        }

        // Relationships are written as ids, which is what every request body takes.
        @Override
        public void serialize(Ref value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.id());
        }
    }
}
