package app.clearmargin.collections;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One field of a collection. Build them with {@link Fields} and the {@code as…}/{@code with…} modifiers.
 *
 * @param column the storage column (snake_case of the name; nested objects prefix their parent's)
 */
public record Field(
        String name,
        FieldKind kind,
        boolean required,
        Access access,
        @Nullable Object defaultValue,
        String column,
        boolean queryable) {

    /** Who may write a field. */
    public enum Access {
        /** Written on create and update. */
        WRITABLE,
        /** Written on create only; PATCH refuses it. */
        CREATE_ONLY,
        /** Set by the server; a body containing it is refused. */
        READ_ONLY,
        /** Accepted in bodies, never rendered (secrets). */
        WRITE_ONLY
    }

    public Field asRequired() {
        return new Field(name, kind, true, access, defaultValue, column, queryable);
    }

    public Field asReadOnly() {
        return new Field(name, kind, required, Access.READ_ONLY, defaultValue, column, queryable);
    }

    public Field asCreateOnly() {
        return new Field(name, kind, required, Access.CREATE_ONLY, defaultValue, column, queryable);
    }

    public Field asWriteOnly() {
        return new Field(name, kind, required, Access.WRITE_ONLY, defaultValue, column, false);
    }

    public Field withDefault(Object value) {
        return new Field(name, kind, required, access, value, column, queryable);
    }

    public Field withColumn(String columnName) {
        return new Field(name, kind, required, access, defaultValue, columnName, queryable);
    }

    public Field notQueryable() {
        return new Field(name, kind, required, access, defaultValue, column, false);
    }

    public boolean readOnly() {
        return access == Access.READ_ONLY;
    }

    public boolean rendered() {
        return access != Access.WRITE_ONLY;
    }

    public Optional<Object> defaultIfAny() {
        return Optional.ofNullable(defaultValue);
    }

    /** Fields whose values live in columns of their own (everything but nested objects, whose children do). */
    public boolean hasColumn() {
        return !(kind instanceof FieldKind.Obj);
    }
}
