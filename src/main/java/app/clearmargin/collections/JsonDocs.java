package app.clearmargin.collections;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes documents at a depth straight to JSON, the same output as {@link Populator#render} but
 * without building a map per document first: reads are the hot path, and building and then
 * serializing maps was a third of a list request's CPU (docs/decisions.md).
 */
final class JsonDocs {

    private static final SerializedString ID = new SerializedString("id");
    private static final List<SerializedString> SYSTEM_FIELDS =
            List.of(new SerializedString("createdAt"), new SerializedString("updatedAt"));

    private final JsonMapper json;
    /** Each collection's rendered fields with their names encoded once, computed at start-up. */
    private final Map<String, List<Slot>> shapes = new HashMap<>();

    /** A rendered field, its encoded name, and the same for the fields of a nested object or item. */
    private record Slot(Field field, SerializedString name, List<Slot> nested) {}

    JsonDocs(Registry registry, JsonMapper json) {
        this.json = json;
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
    void writePage(OutputStream out, String slug, List<Doc> docs, Map<Populator.Target, Doc> fetched, int depth,
            List<String> select, Map<String, Object> meta) throws IOException {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeName("docs");
            g.writeStartArray();
            for (Doc d : docs) {
                writeDoc(g, slug, d.asMap(), depth, fetched, select);
            }
            g.writeEndArray();
            for (Map.Entry<String, Object> e : meta.entrySet()) {
                g.writeName(e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        }
    }

    void writeOne(OutputStream out, String slug, Doc doc, Map<Populator.Target, Doc> fetched, int depth, List<String> select)
            throws IOException {
        try (JsonGenerator g = json.createGenerator(out)) {
            writeDoc(g, slug, doc.asMap(), depth, fetched, select);
        }
    }

    private void writeDoc(JsonGenerator g, String slug, Map<String, Object> values, int depth,
            Map<Populator.Target, Doc> fetched, List<String> select) {
        g.writeStartObject();
        g.writeName(ID);
        g.writeString((String) values.get("id"));
        boolean all = select.isEmpty();
        for (Slot slot : shapes.get(slug)) {
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
        g.writeEndObject();
    }

    @SuppressWarnings("unchecked")
    private void writeField(JsonGenerator g, Slot slot, Object v, int depth, Map<Populator.Target, Doc> fetched) {
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
            default -> writeValue(g, v);
        }
    }

    private void writeFields(JsonGenerator g, List<Slot> slots, Map<String, Object> values, int depth,
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
            writeDoc(g, target, related.asMap(), depth - 1, fetched, List.of());
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(JsonGenerator g, Object v) {
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
