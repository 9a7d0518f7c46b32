package app.clearmargin.collections;

import app.clearmargin.web.PublicBaseUrl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one rendering of documents: lists, gets, write answers and action answers are all written from
 * {@link Doc}s straight to JSON at a depth, relationships replaced by the related documents
 * {@link Populator} fetched, write-only fields left out. No map is built per document first: reads are
 * the hot path, and building and then serializing maps was a third of a list request's CPU
 * (docs/decisions.md).
 */
@Component
final class JsonDocs {

    private static final SerializedString ID = new SerializedString("id");
    private static final List<SerializedString> SYSTEM_FIELDS =
            List.of(new SerializedString("createdAt"), new SerializedString("updatedAt"));
    private static final SerializedString DOC = new SerializedString("doc");
    private static final SerializedString MESSAGE = new SerializedString("message");

    private final JsonMapper json;
    private final Populator populator;
    private final PublicBaseUrl publicBaseUrl;
    /** Each collection's rendered fields with their names encoded once, computed at start-up. */
    private final Map<String, List<Slot>> shapes = new HashMap<>();

    /** A rendered field, its encoded name, and the same for the fields of a nested object or item. */
    private record Slot(Field field, SerializedString name, List<Slot> nested) {}

    /**
     * A document in a write or action answer, of collection {@code slug}, with keys {@code added} after
     * its own for this answer only (a secret shown once; never one of its fields).
     */
    record Shown(String slug, Doc doc, Map<String, Object> added) {
        Shown(String slug, Doc doc) {
            this(slug, doc, Map.of());
        }
    }

    /**
     * A write or action answer: {@code {"doc": …, <related>…, <values>…, "message": …}}, the related
     * documents (a payment's updated invoice) rendered at the same depth as {@code doc}.
     */
    record Answer(
            Shown doc,
            Map<String, Shown> related,
            Map<String, Object> values,
            @Nullable String message) {
        Answer(Shown doc, @Nullable String message) {
            this(doc, Map.of(), Map.of(), message);
        }
    }

    JsonDocs(Registry registry, Populator populator, JsonMapper json, PublicBaseUrl publicBaseUrl) {
        this.json = json;
        this.publicBaseUrl = publicBaseUrl;
        this.populator = populator;
        for (Collection c : registry.all()) {
            shapes.put(c.slug(), slots(c.fields()));
        }
    }

    private static List<Slot> slots(List<Field> fields) {
        List<Slot> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.rendered()) {
                List<Slot> nested = switch (f.kind()) {
                    case FieldKind.Obj o -> slots(o.fields());
                    case FieldKind.Items i -> slots(i.fields());
                    default -> List.of();
                };
                out.add(new Slot(f, new SerializedString(f.name()), nested));
            }
        }
        return List.copyOf(out);
    }

    /** The list wrapper: {@code {"docs":[…], "totalDocs":…, …}}. */
    void writePage(
            OutputStream out, String slug, List<Doc> docs, int depth, List<String> select, Map<String, Object> meta)
            throws IOException {
        int d = Math.min(depth, Populator.MAX_DEPTH);
        Map<Populator.Target, Doc> fetched = populator.fetch(slug, docs, d);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeName("docs");
            g.writeStartArray();
            for (Doc doc : docs) {
                writeDoc(g, slug, doc.asMap(), d, fetched, select, Map.of());
            }
            g.writeEndArray();
            for (Map.Entry<String, Object> e : meta.entrySet()) {
                g.writeName(e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        }
    }

    /** One document (a get). */
    void writeOne(OutputStream out, String slug, Doc doc, int depth, List<String> select) throws IOException {
        int d = Math.min(depth, Populator.MAX_DEPTH);
        try (JsonGenerator g = json.createGenerator(out)) {
            writeDoc(g, slug, doc.asMap(), d, populator.fetch(slug, List.of(doc), d), select, Map.of());
        }
    }

    /** A write or action answer, its documents at {@code depth} as a get renders them. */
    byte[] answer(Answer answer, int depth) {
        int d = Math.min(depth, Populator.MAX_DEPTH);
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeName(DOC);
            writeShown(g, answer.doc(), d);
            for (Map.Entry<String, Shown> related : answer.related().entrySet()) {
                g.writeName(related.getKey());
                writeShown(g, related.getValue(), d);
            }
            for (Map.Entry<String, Object> value : answer.values().entrySet()) {
                g.writeName(value.getKey());
                writeValue(g, value.getValue());
            }
            g.writeName(MESSAGE);
            g.writeString(answer.message());
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private void writeShown(JsonGenerator g, Shown shown, int depth) {
        Map<Populator.Target, Doc> fetched = populator.fetch(shown.slug(), List.of(shown.doc()), depth);
        writeDoc(g, shown.slug(), shown.doc().asMap(), depth, fetched, List.of(), shown.added());
    }

    private void writeDoc(
            JsonGenerator g,
            String slug,
            Map<String, Object> values,
            int depth,
            Map<Populator.Target, Doc> fetched,
            List<String> select,
            Map<String, Object> added) {
        g.writeStartObject();
        g.writeName(ID);
        g.writeString((String) values.get("id"));
        boolean all = select.isEmpty();
        List<Slot> shape = Objects.requireNonNull(shapes.get(slug), "every collection has its shape");
        for (Slot slot : shape) {
            if (all || select.contains(slot.field().name())) {
                g.writeName(slot.name());
                writeField(g, slot, values.get(slot.field().name()), depth, fetched);
            }
        }
        for (SerializedString system : SYSTEM_FIELDS) {
            if (all || select.contains(system.getValue())) {
                g.writeName(system);
                g.writeString((String) values.get(system.getValue()));
            }
        }
        if (!added.isEmpty()) {
            writeAdded(g, slug, shape, added);
        }
        g.writeEndObject();
    }

    private static void writeAdded(JsonGenerator g, String slug, List<Slot> shape, Map<String, Object> added) {
        for (Map.Entry<String, Object> e : added.entrySet()) {
            if (e.getKey().equals(ID.getValue())
                    || shape.stream().anyMatch(s -> s.field().name().equals(e.getKey()))
                    || SYSTEM_FIELDS.stream().anyMatch(s -> s.getValue().equals(e.getKey()))) {
                throw new IllegalArgumentException(slug + " already renders " + e.getKey());
            }
            g.writeName(e.getKey());
            writeValue(g, e.getValue());
        }
    }

    @SuppressWarnings("unchecked")
    private void writeField(
            JsonGenerator g, Slot slot, @Nullable Object v, int depth, Map<Populator.Target, Doc> fetched) {
        if (v == null) {
            if (slot.field().kind() instanceof FieldKind.Items) {
                g.writeStartArray();
                g.writeEndArray();
            } else {
                g.writeNull();
            }
            return;
        }
        switch (slot.field().kind()) {
            case FieldKind.Ref r -> writeRef(g, r.target(), (String) v, depth, fetched);
            case FieldKind.RefMany r -> {
                g.writeStartArray();
                for (String id : (List<String>) v) {
                    writeRef(g, r.target(), id, depth, fetched);
                }
                g.writeEndArray();
            }
            case FieldKind.Obj o -> writeFields(g, slot.nested(), (Map<String, Object>) v, depth, fetched);
            case FieldKind.Items items -> {
                g.writeStartArray();
                for (Map<String, Object> item : (List<Map<String, Object>>) v) {
                    writeFields(g, slot.nested(), item, depth, fetched);
                }
                g.writeEndArray();
            }
            case FieldKind.Json j -> writeSorted(g, v);
            case FieldKind.Link l -> g.writeString(publicBaseUrl.get() + "/c/" + v);
            default -> writeValue(g, v);
        }
    }

    /**
     * A free-form JSON value with the keys of its objects sorted: stored as {@code jsonb}, which keeps
     * no key order, it reads back in PostgreSQL's order, while a write holds it in the order it was
     * built; sorted, the same value renders the same either way.
     */
    private static void writeSorted(JsonGenerator g, Object v) {
        switch (v) {
            case null -> g.writeNull();
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                    g.writeName(String.valueOf(e.getKey()));
                    writeSorted(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (Object o : list) {
                    writeSorted(g, o);
                }
                g.writeEndArray();
            }
            default -> writeValue(g, v);
        }
    }

    private void writeFields(
            JsonGenerator g,
            List<Slot> slots,
            Map<String, Object> values,
            int depth,
            Map<Populator.Target, Doc> fetched) {
        g.writeStartObject();
        for (Slot slot : slots) {
            g.writeName(slot.name());
            writeField(g, slot, values.get(slot.field().name()), depth, fetched);
        }
        g.writeEndObject();
    }

    private void writeRef(JsonGenerator g, String target, String id, int depth, Map<Populator.Target, Doc> fetched) {
        Doc related = depth == 0 ? null : fetched.get(new Populator.Target(target, id));
        if (related == null) {
            g.writeString(id);
        } else {
            writeDoc(g, target, related.asMap(), depth - 1, fetched, List.of(), Map.of());
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(JsonGenerator g, @Nullable Object v) {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case BigDecimal d -> g.writeNumber(d);
            case Long l -> g.writeNumber(l);
            case Integer i -> g.writeNumber(i);
            case Boolean b -> g.writeBoolean(b);
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeName(String.valueOf(e.getKey()));
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (Object o : list) {
                    writeValue(g, o);
                }
                g.writeEndArray();
            }
            case Number n -> g.writeNumber(new BigDecimal(n.toString()));
            default -> g.writeString(v.toString());
        }
    }
}
