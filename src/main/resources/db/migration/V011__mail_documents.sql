-- The send e-mails of invoices, proposals and receipts (API.md §8): an HTML part beside the plain text,
-- the organization as the sender's display name, its address as Reply-To, and the document's PDF as it
-- was when sent: its XHTML (attachment_source) taken in the sending transaction, its bytes (attachment)
-- rendered from that once, before the first delivery attempt, and kept, so a retry delivers the same bytes.
-- (V010 is the document links' migration in the links work.)
ALTER TABLE mail_outbox
    ADD COLUMN from_name         text,
    ADD COLUMN reply_to          text,
    ADD COLUMN html_body         text,
    ADD COLUMN attachment_name   text,
    ADD COLUMN attachment_source text,
    ADD COLUMN attachment        bytea;
