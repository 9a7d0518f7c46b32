package app.clearmargin.query;

/** How a queryable path's values are coerced and which operators apply to it. */
public enum ValueKind {
    TEXT,
    NUMBER,
    DATE,
    INSTANT,
    BOOLEAN,
    /** A closed set of strings: an unknown value matches nothing. */
    ENUM,
    /** A relationship or document id: a malformed id matches nothing. */
    ID,
    /** A has-many relationship, stored as an array of ids. */
    ID_LIST,
    /** A list of strings. */
    TEXT_LIST
}
