package app.clearmargin.collections;

import io.swagger.v3.oas.models.media.Schema;
import java.util.List;

/** For resources outside the collection registry (the organization) to describe their fields the same way. */
public final class OpenApiDocs {

    private OpenApiDocs() {}

    public static Schema<?> objectOf(List<Field> fields, boolean input) {
        return OpenApiGenerator.objectOf(fields, input);
    }
}
