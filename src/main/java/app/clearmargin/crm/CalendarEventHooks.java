package app.clearmargin.crm;

import app.clearmargin.collections.CollectionHooks;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.Errors;
import app.clearmargin.collections.WriteContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Calendar events: an end is never before the start. */
@Component
class CalendarEventHooks implements CollectionHooks {

    @Override
    public String collection() {
        return "calendar-events";
    }

    @Override
    public @Nullable String currency(WriteContext ctx, Doc draft) {
        return null;
    }

    @Override
    public void validate(WriteContext ctx, Doc draft, @Nullable Doc existing, Errors errors) {
        if (draft.has("startAt")
                && draft.has("endAt")
                && !errors.has("endAt")
                && !errors.has("startAt")
                && draft.requiredInstant("endAt").isBefore(draft.instant("startAt"))) {
            errors.add("endAt", "endAt must not be before startAt.");
        }
    }
}
