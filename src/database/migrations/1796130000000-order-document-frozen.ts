import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue #16: the court order could be swapped after approval and production.
// - The order document is frozen once review starts: the service refuses a replacement (409),
//   and this trigger refuses it too, whoever connects. A request still as received may have its
//   document replaced; a request under review that has none may receive its first one; nothing
//   else may change the document, its hash or its size (nor remove them).
// - Every recorded transition carries the SHA-256 of the document as it was at that moment,
//   computed from the stored bytes (NULL: no document).
export class OrderDocumentFrozen1796130000000 implements MigrationInterface {
  name = 'OrderDocumentFrozen1796130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE disclosure_transitions ADD COLUMN document_sha256 text`);
    await q.query(`
      CREATE FUNCTION disclosure_document_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.document IS DISTINCT FROM OLD.document
            OR NEW.document_sha256 IS DISTINCT FROM OLD.document_sha256
            OR NEW.document_size IS DISTINCT FROM OLD.document_size)
           AND NOT (OLD.status = 'received'
                    OR (OLD.status = 'under_review' AND OLD.document IS NULL
                        AND NEW.document IS NOT NULL)) THEN
          RAISE EXCEPTION 'disclosure_document_frozen: the order document of request % is frozen since review started (status %)',
            OLD.reference, OLD.status
            USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER disclosure_document_frozen BEFORE UPDATE ON disclosure_requests
        FOR EACH ROW EXECUTE FUNCTION disclosure_document_frozen()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER disclosure_document_frozen ON disclosure_requests`);
    await q.query(`DROP FUNCTION disclosure_document_frozen()`);
    await q.query(`ALTER TABLE disclosure_transitions DROP COLUMN document_sha256`);
  }
}
