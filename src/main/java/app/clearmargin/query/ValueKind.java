package app.clearmargin.query;

/** How a queryable path's values are coerced and which operators apply to it. */
public enum ValueKind {
    TEXT("text"),
    NUMBER("number"),
    DATE("date"),
    INSTANT("instant"),
    BOOLEAN("true/false"),
    /** A closed set of strings: an unknown value matches nothing. */
    ENUM("choice"),
    /** A relationship or document id: a malformed id matches nothing. */
    ID("id"),
    /** A has-many relationship, stored as an array of ids. */
    ID_LIST("has-many relationship"),
    /** A list of strings. */
    TEXT_LIST("list");

    private final String label;

    ValueKind(String label) {
        this.label = label;
    }

    /** The type as messages name it ({@code money} fields are numbers). */
    public String label() {
        return label;
    }
}
