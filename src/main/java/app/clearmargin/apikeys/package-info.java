/**
 * The {@code /api/api-keys} collection: keys created with their secret shown once, scopes never widened
 * by their creator, revoked instead of deleted. Authentication itself is {@code auth}'s; nothing depends
 * on this package, so it has no door type.
 */
package app.clearmargin.apikeys;
