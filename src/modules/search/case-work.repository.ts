import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export type CaseSubject = 'notice' | 'challenge';

export interface CaseNote {
  id: string;
  authorName: string | null;
  body: string;
  createdAt: Date;
}

export interface CaseWork {
  assigneeId: string | null;
  assigneeName: string | null;
  notes: CaseNote[];
}

const TABLE: Record<CaseSubject, string> = { notice: 'notices', challenge: 'challenges' };

// Who on the desk works a notice or a challenge, and the internal notes written on it.
@Injectable()
export class CaseWorkRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async workOn(subject: CaseSubject, id: string): Promise<CaseWork> {
    const [row]: Array<{ assigned_to: string | null; display_name: string | null }> =
      await this.ds.query(
        `SELECT s.assigned_to, u.display_name FROM ${TABLE[subject]} s
           LEFT JOIN users u ON u.id = s.assigned_to WHERE s.id = $1`,
        [id],
      );
    const notes: Array<{
      id: string;
      display_name: string | null;
      body: string;
      created_at: Date;
    }> = await this.ds.query(
      `SELECT c.id, u.display_name, c.body, c.created_at FROM case_notes c
           LEFT JOIN users u ON u.id = c.author_id
          WHERE c.subject_type = $1 AND c.subject_id = $2 ORDER BY c.created_at, c.id`,
      [subject, id],
    );
    return {
      assigneeId: row?.assigned_to ?? null,
      assigneeName: row?.display_name ?? null,
      notes: notes.map((n) => ({
        id: n.id,
        authorName: n.display_name,
        body: n.body,
        createdAt: n.created_at,
      })),
    };
  }

  // True when the subject exists (and now has this assignee, or none).
  async assign(subject: CaseSubject, id: string, userId: string | null): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `UPDATE ${TABLE[subject]} SET assigned_to = $2 WHERE id = $1 RETURNING id`,
      [id, userId],
    );
    return rows.length > 0;
  }

  async addNote(subject: CaseSubject, id: string, authorId: string, body: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO case_notes (subject_type, subject_id, author_id, body) VALUES ($1, $2, $3, $4)`,
      [subject, id, authorId, body],
    );
  }
}
