package app.clearmargin.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WhereTest {

    @Test
    void aSingleConditionIsTheBracketSyntax() {
        assertEquals(
                List.of(Map.entry("where[status][equals]", "sent")),
                Where.field("status").equalTo("sent").toParams());
    }

    @Test
    void distinctConditionsAndedAtTheTopAreWrittenFlat() {
        Where w = Where.field("status").equalTo("sent").and(Where.field("total").greaterThan(new BigDecimal("100.50")));
        assertEquals(
                List.of(Map.entry("where[status][equals]", "sent"), Map.entry("where[total][greater_than]", "100.50")),
                w.toParams());
    }

    @Test
    void twoConditionsOnTheSameOperatorKeepExplicitIndexes() {
        Where w = Where.allOf(Where.field("total").greaterThan(1), Where.field("total").greaterThan(2));
        assertEquals(
                List.of(
                        Map.entry("where[and][0][total][greater_than]", "1"),
                        Map.entry("where[and][1][total][greater_than]", "2")),
                w.toParams());
    }

    @Test
    void orGroupsNestInsideAnd() {
        Where w = Where.field("status")
                .in("sent", "overdue")
                .and(Where.anyOf(Where.field("client.name").like("acme"), Where.field("notes").exists(false)));
        assertEquals(
                List.of(
                        Map.entry("where[and][0][status][in][0]", "sent"),
                        Map.entry("where[and][0][status][in][1]", "overdue"),
                        Map.entry("where[and][1][or][0][client.name][like]", "acme"),
                        Map.entry("where[and][1][or][1][notes][exists]", "false")),
                w.toParams());
    }

    @Test
    void theQueryStringIsPercentEncoded() {
        assertEquals(
                "where%5Bname%5D%5Blike%5D=acme%20corp%26co",
                Where.field("name").like("acme corp&co").toQueryString());
    }
}
