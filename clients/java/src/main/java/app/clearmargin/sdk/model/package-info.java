/**
 * The API's documents as records, field for field as {@code /openapi.json} describes them
 * ({@code ModelsMatchOpenApiTest} keeps them in step with {@code clients/openapi.json}).
 * Relationships are {@link app.clearmargin.sdk.Ref}: an id at depth 0, the document at depth ≥ 1.
 * Money is {@link java.math.BigDecimal}; calendar dates {@link java.time.LocalDate}; instants
 * {@link java.time.Instant}. Every field is nullable: {@code select} and depth can leave any out.
 */
package app.clearmargin.sdk.model;
