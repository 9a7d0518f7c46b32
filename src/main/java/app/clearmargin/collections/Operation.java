package app.clearmargin.collections;

/** The generic operations a collection offers over HTTP; anything else answers 405. */
public enum Operation {
    LIST,
    READ,
    CREATE,
    UPDATE,
    DELETE
}
