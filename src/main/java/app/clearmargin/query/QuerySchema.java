package app.clearmargin.query;

import java.time.ZoneId;
import java.util.Optional;

/** What a collection exposes to queries. Implemented by the collection metamodel. */
public interface QuerySchema {

    /** The field at {@code path} (a field, a nested object path, or one relationship hop), if queryable. */
    Optional<QueryField> resolve(String path);

    /** The zone in which calendar dates are read when a filter compares an instant with a date. */
    ZoneId zone();
}
