package app.clearmargin.collections;

import app.clearmargin.shared.ApiError;
import app.clearmargin.shared.ApiException;
import java.util.ArrayList;
import java.util.List;

/** Validation errors collected across a whole body, so the caller learns every problem at once. */
public final class Errors {

    private final String collection;
    private final List<ApiError.FieldError> errors = new ArrayList<>();

    public Errors(String collection) {
        this.collection = collection;
    }

    public Errors add(String path, String message) {
        errors.add(new ApiError.FieldError(path, message));
        return this;
    }

    /** True when {@code path} (or something under it) already has an error. */
    public boolean has(String path) {
        return errors.stream().anyMatch(e -> e.path().equals(path) || e.path().startsWith(path + "."));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ApiException.validation(collection, errors);
        }
    }

    public List<ApiError.FieldError> list() {
        return List.copyOf(errors);
    }
}
